// Runs the evaluation over several seeds and checks the targets.
import { computeReputation } from '../index.ts';
import type { ModelConfig } from '../config.ts';
import { auc, kendallTauB, naiveMeans, naiveRanks } from './metrics.ts';
import {
  ATTACK_KINDS,
  DEFAULT_WORLD,
  generateAttackWorld,
  generateComplaintWorld,
  generateHonestWorld,
  type AttackKind,
  type World,
  type WorldOptions,
} from './generator.ts';
import { generateFieldAttackWorld, generateFieldComplaintWorld, generateFieldHonestWorld } from './generator-field.ts';
import { generateMarketAttackWorld, generateMarketComplaintWorld, generateMarketHonestWorld } from './generator-market.ts';

/**
 * A source of evaluation worlds: an honest world per seed, the same world with each attack,
 * and with a genuine complaint wave. Three independent sources exist (generator.ts, written
 * with the model; generator-field.ts, written apart from it from the field's realities;
 * generator-market.ts, written later without reading the model, the held-out judge), so
 * that a model tuned to one is caught by another.
 */
export interface WorldGenerator {
  name: string;
  honest(seed: number): World;
  attack(seed: number, kind: AttackKind): World;
  complaint(seed: number): World;
}

/** The first generator (generator.ts) with a world shape. */
export function classicGenerator(world: WorldOptions = DEFAULT_WORLD): WorldGenerator {
  return {
    name: 'classic',
    honest: (seed) => generateHonestWorld(seed, world),
    attack: (seed, kind) => generateAttackWorld(seed, kind, world),
    complaint: (seed) => generateComplaintWorld(seed, world),
  };
}

/** The second, independent generator (generator-field.ts: the field's realities, issue 14). */
export function fieldGenerator(): WorldGenerator {
  return { name: 'field', honest: generateFieldHonestWorld, attack: generateFieldAttackWorld, complaint: generateFieldComplaintWorld };
}

/**
 * The third generator (generator-market.ts: issue 14's realities, written without reading the
 * model). The model was tuned while looking at the other two; this one is the held-out judge,
 * run on demand (`--generators market`), not by default.
 */
export function marketGenerator(): WorldGenerator {
  return { name: 'market', honest: generateMarketHonestWorld, attack: generateMarketAttackWorld, complaint: generateMarketComplaintWorld };
}

export interface EvaluationOptions {
  seeds: readonly number[];
  /** World shape of the classic generator (ignored when `generator` is given). */
  world?: WorldOptions;
  /** Source of the worlds (default: the classic generator with `world`). */
  generator?: WorldGenerator;
  config?: Partial<ModelConfig>;
  /** Per-attack displacement limits (default MAX_DISPLACEMENT). */
  maxDisplacement?: Record<AttackKind, number>;
}

export interface Check {
  name: string;
  target: string;
  measured: string;
  baseline: string;
  pass: boolean;
}

export interface EvaluationResult {
  /** Name of the generator the worlds came from. */
  generator: string;
  checks: Check[];
  fakeAuc: number;
  /**
   * Fake-review AUC leaving out honest reviews whose proof moderators rejected (weight 0
   * by definition, so below every fake): with a share r of them the AUC cannot exceed
   * about 1 − r, whatever the model does — this shows the discrimination on the rest.
   */
  fakeAucExclRejected: number;
  perAttack: Record<AttackKind, { auc: number; modelWorst: number; naiveWorst: number; naiveBest: number }>;
  tauModel: number;
  tauNaive: number;
  complaint: {
    modelWorstRatio: number;
    modelDrops: number[];
    naiveDrops: number[];
    /** Smallest (model score fall) / (plain mean's fall) of the wave's platform over the seeds. */
    worstScoreRatio: number;
    scoreRatios: number[];
  };
  /** Share of honest reviews (all worlds) with weight < LOW_WEIGHT. */
  lowWeightShare: number;
  /** The same among honest reviews whose proof was not rejected (rejected proof = weight 0 by rule). */
  lowWeightShareExclRejected: number;
  /** Displacement limits the checks used. */
  limits: Record<AttackKind, number>;
  /** One row per seed: each attack's target displacement (model / naive), honest tau, complaint drops. */
  perSeed: SeedRow[];
  allPass: boolean;
}

export interface SeedRow {
  seed: number;
  displacement: Record<AttackKind, { model: number; naive: number }>;
  /** AUC of fake vs honest weights over this seed's attack worlds. */
  auc: number;
  tauModel: number;
  tauNaive: number;
  complaintModel: number;
  complaintNaive: number;
  /** (model score fall) / (plain mean's fall) of the wave's platform. */
  complaintScoreRatio: number;
}

/**
 * Max rank displacement allowed per attack — issue 14's targets, the same on every generator:
 * ≤ 1 for a fresh ring, a smear and sleepers, ≤ 2 for camouflage (its groomed accounts carry the
 * very history that lets an established customer's complaint count), ≤ 3 for the slow drip and
 * brushing (the hardest to see). The issue's targets are the spec; the classic generator once had
 * its own stricter camouflage limit (1), which is aligned with the issue here.
 */
export const MAX_DISPLACEMENT: Record<AttackKind, number> = { ring: 1, smear: 1, camouflage: 2, dormant: 1, drip: 3, brushing: 3 };
export const AUC_TARGET = 0.95;
export const TAU_SLACK = 0.03;
export const COMPLAINT_MIN_RATIO = 0.5;
/** What issue 14 asks to aim for: the wave keeps 80 % of the plain mean's fall. */
export const COMPLAINT_AIM_RATIO = 0.8;
/** An honest review under this weight has all but lost its voice (issue 14: "weigh under 0.05"). */
export const LOW_WEIGHT = 0.05;
/** At most this share of honest reviews may weigh under LOW_WEIGHT (issue 14). */
export const LOW_WEIGHT_MAX_SHARE = 0.05;
/** Displacement limits on the field generator's worlds: issue 14's targets, as on the classic generator. */
export const FIELD_MAX_DISPLACEMENT: Record<AttackKind, number> = MAX_DISPLACEMENT;
/** Displacement limits on the market generator's worlds: issue 14's targets, as on the others. */
export const MARKET_MAX_DISPLACEMENT: Record<AttackKind, number> = MAX_DISPLACEMENT;

function modelRanks(world: World, config?: Partial<ModelConfig>) {
  const out = computeReputation(config ? { ...world.input, config } : world.input);
  const ranks = new Map(out.platforms.map((p) => [p.id, p.rank ?? Infinity]));
  const weights = new Map(out.reviews.map((r) => [r.id, r.weight]));
  const scores = new Map(out.platforms.map((p) => [p.id, p.score]));
  return { ranks, weights, scores };
}

export function runEvaluation(options: EvaluationOptions): EvaluationResult {
  const gen = options.generator ?? classicGenerator(options.world ?? DEFAULT_WORLD);
  const limits = options.maxDisplacement ?? MAX_DISPLACEMENT;
  const honestWeightsAll: number[] = [];
  const honestWeightsNotRejected: number[] = [];
  const fakeWeightsAll: number[] = [];
  const perAttack = {} as EvaluationResult['perAttack'];
  for (const kind of ATTACK_KINDS) perAttack[kind] = { auc: 0, modelWorst: 0, naiveWorst: 0, naiveBest: Infinity };
  const taus: number[] = [];
  const tausNaive: number[] = [];
  const complaintModel: number[] = [];
  const complaintNaive: number[] = [];
  const complaintScoreRatios: number[] = [];
  const perKindHonest: Record<string, number[]> = {};
  const perKindFake: Record<string, number[]> = {};
  // Honest reviews (every world: the honest one, the attacked ones, the complaint wave) by weight.
  let honestCount = 0;
  let honestLow = 0;
  let honestCountNotRejected = 0;
  let honestLowNotRejected = 0;
  const countHonest = (weight: number, proof: string) => {
    honestCount++;
    if (weight < LOW_WEIGHT) honestLow++;
    if (proof !== 'rejected') {
      honestCountNotRejected++;
      if (weight < LOW_WEIGHT) honestLowNotRejected++;
    }
  };

  const perSeed: SeedRow[] = [];
  for (const seed of options.seeds) {
    const row = { seed, displacement: {} as SeedRow['displacement'], seedHonest: [] as number[], seedFake: [] as number[] };
    const base = gen.honest(seed);
    const baseModel = modelRanks(base, options.config);
    const baseNaive = naiveRanks(base.input);
    const ids = base.input.platforms.map((p) => p.id);
    const truth = ids.map((id) => base.trueQuality.get(id)!);
    taus.push(kendallTauB(truth, ids.map((id) => -baseModel.ranks.get(id)!)));
    tausNaive.push(kendallTauB(truth, ids.map((id) => -baseNaive.get(id)!)));
    for (const r of base.input.reviews) countHonest(baseModel.weights.get(r.id)!, r.proof);

    for (const kind of ATTACK_KINDS) {
      const world = gen.attack(seed, kind);
      const m = modelRanks(world, options.config);
      const naive = naiveRanks(world.input);
      const t = world.targetId!;
      const stat = perAttack[kind];
      const md = Math.abs(m.ranks.get(t)! - baseModel.ranks.get(t)!);
      stat.modelWorst = Math.max(stat.modelWorst, md);
      const nd = Math.abs(naive.get(t)! - baseNaive.get(t)!);
      row.displacement[kind] = { model: md, naive: nd };
      stat.naiveWorst = Math.max(stat.naiveWorst, nd);
      stat.naiveBest = Math.min(stat.naiveBest, nd);
      const h = (perKindHonest[kind] ??= []);
      const f = (perKindFake[kind] ??= []);
      for (const r of world.input.reviews) {
        if (world.filler.has(r.id)) continue;
        const w = m.weights.get(r.id)!;
        if (world.fake.has(r.id)) {
          f.push(w);
          fakeWeightsAll.push(w);
          row.seedFake.push(w);
        } else {
          h.push(w);
          honestWeightsAll.push(w);
          if (r.proof !== 'rejected') honestWeightsNotRejected.push(w);
          row.seedHonest.push(w);
          countHonest(w, r.proof);
        }
      }
    }

    const wave = gen.complaint(seed);
    const wm = modelRanks(wave, options.config);
    const wn = naiveRanks(wave.input);
    const t = wave.targetId!;
    for (const r of wave.input.reviews) countHonest(wm.weights.get(r.id)!, r.proof);
    complaintModel.push(wm.ranks.get(t)! - baseModel.ranks.get(t)!);
    complaintNaive.push(wn.get(t)! - baseNaive.get(t)!);
    // The score's fall beside the plain mean's fall (stars): the share of the fall the model keeps.
    const naiveFall = naiveMeans(base.input).get(t)! - naiveMeans(wave.input).get(t)!;
    const modelFall = baseModel.scores.get(t)! - wm.scores.get(t)!;
    const scoreRatio = naiveFall > 0 ? modelFall / naiveFall : 1;
    complaintScoreRatios.push(scoreRatio);
    perSeed.push({
      seed,
      displacement: row.displacement,
      auc: auc(row.seedHonest, row.seedFake),
      tauModel: taus[taus.length - 1]!,
      tauNaive: tausNaive[tausNaive.length - 1]!,
      complaintModel: complaintModel[complaintModel.length - 1]!,
      complaintNaive: complaintNaive[complaintNaive.length - 1]!,
      complaintScoreRatio: scoreRatio,
    });
  }

  for (const kind of ATTACK_KINDS) perAttack[kind].auc = auc(perKindHonest[kind]!, perKindFake[kind]!);
  const fakeAuc = auc(honestWeightsAll, fakeWeightsAll);
  const fakeAucExclRejected = auc(honestWeightsNotRejected, fakeWeightsAll);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const tauModel = mean(taus);
  const tauNaive = mean(tausNaive);
  const ratios = complaintModel.map((d, i) => (complaintNaive[i]! <= 0 ? 1 : d / complaintNaive[i]!));
  const modelWorstRatio = Math.min(...ratios);
  const worstScoreRatio = Math.min(...complaintScoreRatios);
  const lowWeightShare = honestCount > 0 ? honestLow / honestCount : 0;
  const lowWeightShareExclRejected = honestCountNotRejected > 0 ? honestLowNotRejected / honestCountNotRejected : 0;

  const checks: Check[] = [];
  checks.push({
    name: 'fake-review AUC (all attacks)',
    target: `≥ ${AUC_TARGET}`,
    measured: fakeAuc.toFixed(3),
    baseline: '0.500 (naive: all equal)',
    pass: fakeAuc >= AUC_TARGET,
  });
  for (const kind of ATTACK_KINDS) {
    const s = perAttack[kind];
    checks.push({
      name: `${kind}: worst target displacement (ranks)`,
      target: `≤ ${limits[kind]}`,
      measured: `${s.modelWorst}  (AUC ${s.auc.toFixed(3)})`,
      baseline: `naive ${s.naiveBest}–${s.naiveWorst}`,
      pass: s.modelWorst <= limits[kind],
    });
  }
  checks.push({
    name: 'Kendall tau vs true quality (honest)',
    target: `≥ naive − ${TAU_SLACK}`,
    measured: tauModel.toFixed(3),
    baseline: `naive ${tauNaive.toFixed(3)}`,
    pass: tauModel >= tauNaive - TAU_SLACK,
  });
  checks.push({
    name: 'complaint wave: model rank drop / naive rank drop',
    target: `≥ ${COMPLAINT_MIN_RATIO}`,
    measured: `${modelWorstRatio.toFixed(2)}  (model drops ${listOrRange(complaintModel)})`,
    baseline: `naive drops ${listOrRange(complaintNaive)}`,
    pass: modelWorstRatio >= COMPLAINT_MIN_RATIO,
  });
  checks.push({
    name: 'complaint wave: share of the plain mean’s score fall',
    target: `≥ ${COMPLAINT_MIN_RATIO} (aim ${COMPLAINT_AIM_RATIO})`,
    measured: `${worstScoreRatio.toFixed(2)}  (per seed ${listOrRange(complaintScoreRatios.map((r) => Number(r.toFixed(2))))})`,
    baseline: '1.00',
    pass: worstScoreRatio >= COMPLAINT_MIN_RATIO,
  });
  checks.push({
    name: `honest reviews under weight ${LOW_WEIGHT} (proof not rejected)`,
    target: `≤ ${(LOW_WEIGHT_MAX_SHARE * 100).toFixed(0)} %`,
    measured: `${(lowWeightShareExclRejected * 100).toFixed(1)} %  (all honest, rejected proofs = 0 by rule: ${(lowWeightShare * 100).toFixed(1)} %)`,
    baseline: '0 %',
    pass: lowWeightShareExclRejected <= LOW_WEIGHT_MAX_SHARE,
  });
  return {
    generator: gen.name,
    checks,
    fakeAuc,
    fakeAucExclRejected,
    perAttack,
    tauModel,
    tauNaive,
    complaint: { modelWorstRatio, modelDrops: complaintModel, naiveDrops: complaintNaive, worstScoreRatio, scoreRatios: complaintScoreRatios },
    lowWeightShare,
    lowWeightShareExclRejected,
    perSeed,
    limits,
    allPass: checks.every((c) => c.pass),
  };
}

/** A short list as is; a long one (many seeds) as its range — the per-seed table has the rest. */
function listOrRange(xs: readonly number[]): string {
  return xs.length <= 10 ? xs.join(', ') : `${Math.min(...xs)}–${Math.max(...xs)} over ${xs.length} seeds`;
}

export function formatChecks(result: EvaluationResult): string {
  const rows = result.checks.map((c) => [c.pass ? 'PASS' : 'FAIL', c.name, c.target, c.measured, c.baseline]);
  const header = ['', 'check', 'target', 'measured (model)', 'naive mean'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/**
 * Per-seed table: each attack's target displacement as model/naive (a `!` marks a
 * seed over its limit), the seed's fake-review AUC, honest tau model/naive (`!` when
 * the model is more than TAU_SLACK below) and the complaint-wave drops; last line: the
 * worst seed of each column.
 */
export function formatPerSeed(result: EvaluationResult): string {
  const header = ['seed', ...ATTACK_KINDS, 'AUC', 'tau model/naive', 'complaint model/naive', 'score fall kept'];
  const rows = result.perSeed.map((r) => [
    String(r.seed),
    ...ATTACK_KINDS.map((k) => `${r.displacement[k].model}/${r.displacement[k].naive}${r.displacement[k].model > result.limits[k] ? ' !' : ''}`),
    r.auc.toFixed(3),
    `${r.tauModel.toFixed(3)}/${r.tauNaive.toFixed(3)}${r.tauModel < r.tauNaive - TAU_SLACK ? ' !' : ''}`,
    `${r.complaintModel}/${r.complaintNaive}${r.complaintNaive > 0 && r.complaintModel / r.complaintNaive < COMPLAINT_MIN_RATIO ? ' !' : ''}`,
    `${r.complaintScoreRatio.toFixed(2)}${r.complaintScoreRatio < COMPLAINT_MIN_RATIO ? ' !' : ''}`,
  ]);
  const worstBy = (score: (r: SeedRow) => number) =>
    result.perSeed.reduce((w, r) => (score(r) > score(w) ? r : w), result.perSeed[0]!);
  const worst = [
    'worst',
    ...ATTACK_KINDS.map((k) => {
      const r = worstBy((x) => x.displacement[k].model);
      return `${r.displacement[k].model} (seed ${r.seed})`;
    }),
    (() => {
      const r = worstBy((x) => -x.auc);
      return `${r.auc.toFixed(3)} (seed ${r.seed})`;
    })(),
    (() => {
      const r = worstBy((x) => x.tauNaive - x.tauModel);
      return `${(r.tauModel - r.tauNaive).toFixed(3)} (seed ${r.seed})`;
    })(),
    (() => {
      const r = worstBy((x) => (x.complaintNaive > 0 ? -x.complaintModel / x.complaintNaive : -Infinity));
      return `${r.complaintNaive > 0 ? (r.complaintModel / r.complaintNaive).toFixed(2) : '—'} (seed ${r.seed})`;
    })(),
    (() => {
      const r = worstBy((x) => -x.complaintScoreRatio);
      return `${r.complaintScoreRatio.toFixed(2)} (seed ${r.seed})`;
    })(),
  ];
  const all = [header, ...rows, worst];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return all.map(line).join('\n');
}

/** A named world shape for the robustness sweep (changes from DEFAULT_WORLD). */
export interface WorldShape {
  name: string;
  world: WorldOptions;
}

/**
 * World shapes of the robustness sweep: the default world, and one change at a time —
 * fewer or more platforms (a denser ranking: neighbours closer in score), fewer or more
 * reviews per platform, calmer or noisier honest ratings, more honest rejected proofs.
 * The owners re-check the targets on worlds of another generator; a model that passes
 * only on one shape is tuned to it.
 */
export const ROBUSTNESS_SHAPES: readonly WorldShape[] = [
  { name: 'default (60 platforms)', world: DEFAULT_WORLD },
  { name: '30 platforms', world: { ...DEFAULT_WORLD, platforms: 30 } },
  { name: '100 platforms', world: { ...DEFAULT_WORLD, platforms: 100 } },
  { name: 'sparse (8–150 reviews)', world: { ...DEFAULT_WORLD, minReviewsPerPlatform: 8, maxReviewsPerPlatform: 150 } },
  { name: 'dense (30–1000 reviews)', world: { ...DEFAULT_WORLD, minReviewsPerPlatform: 30, maxReviewsPerPlatform: 1000 } },
  { name: 'calm ratings (sd 0.6)', world: { ...DEFAULT_WORLD, ratingNoiseStars: 0.6 } },
  { name: 'noisy ratings (sd 1.3)', world: { ...DEFAULT_WORLD, ratingNoiseStars: 1.3 } },
  { name: '15 % honest rejected proofs', world: { ...DEFAULT_WORLD, rejectedProofShare: 0.15 } },
];

export interface ShapeSummary {
  shape: string;
  seeds: number;
  result: EvaluationResult;
}

export function runRobustness(seeds: readonly number[], shapes: readonly WorldShape[] = ROBUSTNESS_SHAPES, config?: Partial<ModelConfig>): ShapeSummary[] {
  return shapes.map((s) => ({ shape: s.name, seeds: seeds.length, result: runEvaluation({ seeds, world: s.world, ...(config ? { config } : {}) }) }));
}

/**
 * One line per shape, the worst case of each target: pooled AUC (and the worst single
 * seed's; beside it the AUC without honest rejected-proof reviews, which weigh 0 by
 * definition and cap the AUC near 1 − their share), each attack's worst target displacement (its seed, and how many seeds were
 * over the limit), the mean honest tau gap model − naive (and the worst seed's), the
 * smallest complaint ratio. `!` marks a target that fails on that shape.
 */
export function formatRobustness(rows: readonly ShapeSummary[]): string {
  const header = ['shape', 'AUC (worst seed)', 'AUC w/o rejected', ...ATTACK_KINDS.map((k) => `${k} ≤${MAX_DISPLACEMENT[k]}`), 'tau gap (worst seed)', 'complaint', 'fails'];
  const body = rows.map(({ shape, result }) => {
    const seeds = result.perSeed;
    const worst = <T,>(score: (r: SeedRow) => number) => seeds.reduce((w, r) => (score(r) > score(w) ? r : w), seeds[0]!);
    const a = worst((r) => -r.auc);
    const cells = ATTACK_KINDS.map((k) => {
      const r = worst((x) => x.displacement[k].model);
      const over = seeds.filter((x) => x.displacement[k].model > MAX_DISPLACEMENT[k]).length;
      return `${r.displacement[k].model} s${r.seed}${over > 0 ? ` ×${over} !` : ''}`;
    });
    const t = worst((r) => r.tauNaive - r.tauModel);
    const gap = result.tauModel - result.tauNaive;
    const failed = result.checks.filter((c) => !c.pass).length;
    return [
      shape,
      `${result.fakeAuc.toFixed(3)}${result.fakeAuc < AUC_TARGET ? ' !' : ''} (${a.auc.toFixed(3)} s${a.seed})`,
      result.fakeAucExclRejected.toFixed(3),
      ...cells,
      `${gap >= 0 ? '+' : ''}${gap.toFixed(3)}${gap < -TAU_SLACK ? ' !' : ''} (${(t.tauModel - t.tauNaive).toFixed(3)} s${t.seed})`,
      `${result.complaint.modelWorstRatio.toFixed(2)}${result.complaint.modelWorstRatio < COMPLAINT_MIN_RATIO ? ' !' : ''}`,
      String(failed),
    ];
  });
  const all = [header, ...body];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n');
}

/** Parses "1-40", "1,2,5-9" into seeds. */
export function parseSeeds(spec: string): number[] {
  const out: number[] = [];
  for (const part of spec.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(part);
    if (!m) throw new Error(`bad --seeds part: ${JSON.stringify(part)} (use 1-40 or 1,2,5-9)`);
    const lo = Number(m[1]);
    const hi = m[2] !== undefined ? Number(m[2]) : lo;
    for (let s = lo; s <= hi; s++) out.push(s);
  }
  return out;
}

/** One evaluation of one generator over one seed set. */
export interface SeedSetResult {
  generator: string;
  seeds: string;
  result: EvaluationResult;
}

/**
 * The worst figures of each generator over its seed sets (issue 14's report): per attack the
 * AUC and the worst displacement, the pooled AUC, the share of honest reviews under weight
 * LOW_WEIGHT, the tau gap to the plain mean, and the complaint wave's share of the plain mean's
 * fall (score and rank). `!` marks a figure outside its target.
 */
/**
 * How far a result's attacks went past their limits, over all its seeds: the (seed, attack) pairs
 * over the limit and the ranks over it, summed. The checks report the worst seed of a set, so one
 * seed fails a set whatever the others do; these two move with every seed, a steadier measure for
 * comparing two versions of the model.
 */
export function overLimits(result: EvaluationResult): { pairs: number; ranks: number } {
  let pairs = 0;
  let ranks = 0;
  for (const row of result.perSeed) {
    for (const kind of ATTACK_KINDS) {
      const over = row.displacement[kind].model - result.limits[kind];
      if (over > 0) {
        pairs++;
        ranks += over;
      }
    }
  }
  return { pairs, ranks };
}

export function formatGeneratorSummary(sets: readonly SeedSetResult[]): string {
  const byGenerator = new Map<string, SeedSetResult[]>();
  for (const s of sets) {
    const list = byGenerator.get(s.generator) ?? [];
    list.push(s);
    byGenerator.set(s.generator, list);
  }
  const header = ['generator', 'seed sets', 'pooled AUC', ...ATTACK_KINDS.map((k) => `${k} (AUC; ≤limit)`), 'honest w<0.05', 'tau − plain', 'wave: score fall kept', 'wave: rank fall kept', 'over limits: seed×attack / ranks'];
  const rows: string[][] = [];
  for (const [name, list] of byGenerator) {
    const results = list.map((s) => s.result);
    const limits = results[0]!.limits;
    const minOf = (f: (r: EvaluationResult) => number) => Math.min(...results.map(f));
    const maxOf = (f: (r: EvaluationResult) => number) => Math.max(...results.map(f));
    const aucWorst = minOf((r) => r.fakeAuc);
    const low = maxOf((r) => r.lowWeightShareExclRejected);
    const lowAll = maxOf((r) => r.lowWeightShare);
    const gap = minOf((r) => r.tauModel - r.tauNaive);
    const score = minOf((r) => r.complaint.worstScoreRatio);
    const rank = minOf((r) => r.complaint.modelWorstRatio);
    rows.push([
      name,
      list.map((s) => s.seeds).join(' | '),
      `${aucWorst.toFixed(3)}${aucWorst < AUC_TARGET ? ' !' : ''}`,
      ...ATTACK_KINDS.map((k) => {
        const d = maxOf((r) => r.perAttack[k].modelWorst);
        return `${d} (${minOf((r) => r.perAttack[k].auc).toFixed(3)}; ≤${limits[k]})${d > limits[k] ? ' !' : ''}`;
      }),
      `${(low * 100).toFixed(1)} %${low > LOW_WEIGHT_MAX_SHARE ? ' !' : ''} (incl. rejected ${(lowAll * 100).toFixed(1)} %)`,
      `${gap >= 0 ? '+' : ''}${gap.toFixed(3)}${gap < -TAU_SLACK ? ' !' : ''}`,
      `${score.toFixed(2)}${score < COMPLAINT_MIN_RATIO ? ' !' : ''}`,
      `${rank.toFixed(2)}${rank < COMPLAINT_MIN_RATIO ? ' !' : ''}`,
      (() => {
        const over = results.map(overLimits);
        return `${over.reduce((a, o) => a + o.pairs, 0)} / ${over.reduce((a, o) => a + o.ranks, 0)} of ${results.reduce((a, r) => a + r.perSeed.length, 0)} seeds`;
      })(),
    ]);
  }
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n');
}

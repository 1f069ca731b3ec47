// npm run eval:reputation — the reputation model against synthetic attacks, beside a naive mean,
// on worlds of independent generators (issue 14): the classic one (generator.ts, written with
// the model) and the field one (generator-field.ts, written apart from it from the field's realities);
// on demand also the market one (generator-market.ts, written without reading the model: the held-out judge).
// Options:
//   --sets '1-10;101-110;1001-1010'
//                              seed sets separated by ';', each a list like 1-10 or 1,2,5-9
//                              (default: these three sets of ten seeds); --seeds S is one set
//   --generators classic,field,market
//                              which generators (default: classic,field; market is the held-out
//                              judge, run on demand)
//   --platforms N --min-reviews N --max-reviews N --noise STARS --rejected SHARE
//                              change the world shape of the classic generator
//   --per-seed                 print each set's per-seed table
//   --config '{"lowerBoundZ":0.5}'
//                              model configuration overrides (ModelConfig keys), to compare a change
//   --robust [--robust-seeds 1-40] [--shapes 0,2,6]
//                              also sweep the classic generator's world shapes (ROBUSTNESS_SHAPES)
// Exit code: non-zero when a target fails on any generator and seed set (the sweep is reported, not gated).
import {
  FIELD_MAX_DISPLACEMENT,
  MARKET_MAX_DISPLACEMENT,
  ROBUSTNESS_SHAPES,
  classicGenerator,
  fieldGenerator,
  marketGenerator,
  formatChecks,
  formatGeneratorSummary,
  formatPerSeed,
  formatRobustness,
  parseSeeds,
  runEvaluation,
  runRobustness,
  type SeedSetResult,
  type WorldGenerator,
} from '../src/server/reputation/evaluation/run.ts';
import { DEFAULT_WORLD, type WorldOptions } from '../src/server/reputation/evaluation/generator.ts';
import { DEFAULT_CONFIG, type ModelConfig } from '../src/server/reputation/config.ts';

/** Three seed sets of ten, far apart, so no constant is tuned to one run of seeds. */
const DEFAULT_SETS = '1-10;101-110;1001-1010';
const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const num = (name: string): number | undefined => {
  const v = opt(name);
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isFinite(x)) throw new Error(`${name}: not a number: ${v}`);
  return x;
};
const setSpecs = (opt('--sets') ?? opt('--seeds') ?? DEFAULT_SETS).split(';').map((s) => s.trim()).filter(Boolean);
const world: WorldOptions = { ...DEFAULT_WORLD };
if (num('--platforms') !== undefined) world.platforms = num('--platforms')!;
if (num('--min-reviews') !== undefined) world.minReviewsPerPlatform = num('--min-reviews')!;
if (num('--max-reviews') !== undefined) world.maxReviewsPerPlatform = num('--max-reviews')!;
if (num('--noise') !== undefined) world.ratingNoiseStars = num('--noise')!;
if (num('--rejected') !== undefined) world.rejectedProofShare = num('--rejected')!;
/** The default leaves out the market generator: it judges the model only when asked, so nobody tunes to it by habit. */
const DEFAULT_GENERATORS = 'classic,field';
const wanted = (opt('--generators') ?? DEFAULT_GENERATORS).split(',').map((g) => g.trim());
const generators: WorldGenerator[] = [classicGenerator(world), fieldGenerator(), marketGenerator()].filter((g) => wanted.includes(g.name));
const unknown = wanted.filter((g) => !generators.some((x) => x.name === g));
if (unknown.length > 0) throw new Error(`--generators: unknown ${unknown.join(', ')} (use classic, field, market)`);

const configOverride = opt('--config');
const config: Partial<ModelConfig> | undefined = configOverride ? parseConfig(configOverride) : undefined;
function parseConfig(json: string): Partial<ModelConfig> {
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('--config: a JSON object of ModelConfig keys');
  for (const [key, value] of Object.entries(parsed)) {
    if (!(key in DEFAULT_CONFIG)) throw new Error(`--config: unknown key ${key}`);
    if (typeof value !== typeof DEFAULT_CONFIG[key as keyof ModelConfig]) throw new Error(`--config: ${key} must be a ${typeof DEFAULT_CONFIG[key as keyof ModelConfig]}`);
  }
  return parsed as Partial<ModelConfig>;
}

const started = performance.now();
const shapeNote = JSON.stringify(world) === JSON.stringify(DEFAULT_WORLD) ? '' : ` — classic world ${JSON.stringify(world)}`;
const sets: SeedSetResult[] = [];
for (const generator of generators) {
  for (const spec of setSpecs) {
    const t0 = performance.now();
    const result = runEvaluation({
      seeds: parseSeeds(spec),
      generator,
      ...(config ? { config } : {}),
      ...(generator.name === 'field' ? { maxDisplacement: FIELD_MAX_DISPLACEMENT } : {}),
      ...(generator.name === 'market' ? { maxDisplacement: MARKET_MAX_DISPLACEMENT } : {}),
    });
    sets.push({ generator: generator.name, seeds: spec, result });
    const failed = result.checks.filter((c) => !c.pass).length;
    console.log(`\n── ${generator.name} generator, seeds ${spec}${generator.name === 'classic' ? shapeNote : ''} — ${result.checks.length - failed} passed, ${failed} failed (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    console.log(formatChecks(result));
    if (argv.includes('--per-seed')) {
      console.log('per seed (target displacement model/naive; ! = over the limit; a tau ! means this seed alone is more than 0.03 below naive — the target is on the mean)');
      console.log(formatPerSeed(result));
    }
  }
}
console.log(`\nworst over the seed sets, per generator (! = target missed)`);
console.log(formatGeneratorSummary(sets));
const failed = sets.reduce((n, s) => n + s.result.checks.filter((c) => !c.pass).length, 0);
console.log(`\n${failed === 0 ? 'all targets met' : `${failed} check(s) failed`} (${((performance.now() - started) / 1000).toFixed(1)} s)`);

if (argv.includes('--robust')) {
  const t0 = performance.now();
  const robustSeeds = parseSeeds(opt('--robust-seeds') ?? '1-40');
  const pick = opt('--shapes');
  const shapes = pick ? pick.split(',').map((k) => ROBUSTNESS_SHAPES[Number(k)]!).filter(Boolean) : ROBUSTNESS_SHAPES;
  const rows = runRobustness(robustSeeds, shapes);
  console.log(`\nrobustness — classic generator, worst case per target per world shape, seeds ${opt('--robust-seeds') ?? '1-40'} (s = seed, ×n = seeds over the limit, ! = target fails)`);
  console.log(formatRobustness(rows));
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
process.exitCode = failed === 0 ? 0 : 1;

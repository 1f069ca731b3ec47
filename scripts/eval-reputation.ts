// npm run eval:reputation — the reputation model against synthetic attacks, beside a naive mean.
// Options:
//   --seeds 1-40 | 1,2,5-9     seeds of the default set (default: 1-40)
//   --platforms N --min-reviews N --max-reviews N --noise STARS --rejected SHARE
//                              change the world shape of the default set
//   --robust [--robust-seeds 1-40] [--shapes 0,2,6]
//                              also sweep the world shapes (ROBUSTNESS_SHAPES) and print the
//                              worst case of each target per shape
// Exit code: non-zero when a target fails on the default set (the sweep is reported, not gated).
import {
  ROBUSTNESS_SHAPES,
  formatChecks,
  formatPerSeed,
  formatRobustness,
  parseSeeds,
  runEvaluation,
  runRobustness,
} from '../src/server/reputation/evaluation/run.ts';
import { DEFAULT_WORLD, type WorldOptions } from '../src/server/reputation/evaluation/generator.ts';

const DEFAULT_SEEDS = '1-40';
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
const seeds = parseSeeds(opt('--seeds') ?? DEFAULT_SEEDS);
const world: WorldOptions = { ...DEFAULT_WORLD };
if (num('--platforms') !== undefined) world.platforms = num('--platforms')!;
if (num('--min-reviews') !== undefined) world.minReviewsPerPlatform = num('--min-reviews')!;
if (num('--max-reviews') !== undefined) world.maxReviewsPerPlatform = num('--max-reviews')!;
if (num('--noise') !== undefined) world.ratingNoiseStars = num('--noise')!;
if (num('--rejected') !== undefined) world.rejectedProofShare = num('--rejected')!;

const started = performance.now();
const result = runEvaluation({ seeds, world });
const shapeNote = JSON.stringify(world) === JSON.stringify(DEFAULT_WORLD) ? '' : ` — world ${JSON.stringify(world)}`;
console.log(`reputation evaluation — seeds ${opt('--seeds') ?? DEFAULT_SEEDS}${shapeNote}`);
console.log(formatChecks(result));
console.log('\nper seed (target displacement model/naive; ! = over the limit; a tau ! means this seed alone is more than 0.03 below naive — the target is on the mean)');
console.log(formatPerSeed(result));
const failed = result.checks.filter((c) => !c.pass).length;
console.log(`\n${result.checks.length - failed} passed, ${failed} failed (${((performance.now() - started) / 1000).toFixed(1)} s)`);

if (argv.includes('--robust')) {
  const t0 = performance.now();
  const robustSeeds = parseSeeds(opt('--robust-seeds') ?? DEFAULT_SEEDS);
  const pick = opt('--shapes');
  const shapes = pick ? pick.split(',').map((k) => ROBUSTNESS_SHAPES[Number(k)]!).filter(Boolean) : ROBUSTNESS_SHAPES;
  const rows = runRobustness(robustSeeds, shapes);
  console.log(`\nrobustness — worst case per target per world shape, seeds ${opt('--robust-seeds') ?? DEFAULT_SEEDS} (s = seed, ×n = seeds over the limit, ! = target fails)`);
  console.log(formatRobustness(rows));
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
process.exitCode = failed === 0 ? 0 : 1;

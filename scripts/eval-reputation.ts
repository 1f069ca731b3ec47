// npm run eval:reputation — the reputation model against synthetic attacks, beside a naive mean.
// Options: --seeds 1,2,3,4 (default: ten seeds, 1–10)
import { formatChecks, formatPerSeed, runEvaluation } from '../src/server/reputation/evaluation/run.ts';

const arg = process.argv.indexOf('--seeds');
const seeds = arg > 0 ? process.argv[arg + 1]!.split(',').map(Number) : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const started = performance.now();
const result = runEvaluation({ seeds });
console.log(`reputation evaluation — seeds ${seeds.join(', ')}`);
console.log(formatChecks(result));
console.log('\nper seed (target displacement model/naive; ! = over the limit; a tau ! means this seed alone is more than 0.03 below naive — the target is on the mean)');
console.log(formatPerSeed(result));
const failed = result.checks.filter((c) => !c.pass).length;
console.log(`\n${result.checks.length - failed} passed, ${failed} failed (${((performance.now() - started) / 1000).toFixed(1)} s)`);
process.exitCode = failed === 0 ? 0 : 1;

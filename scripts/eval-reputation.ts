// npm run eval:reputation — the reputation model against synthetic attacks, beside a naive mean.
// Options: --seeds 1,2,3,4
import { formatChecks, runEvaluation } from '../src/server/reputation/evaluation/run.ts';

const arg = process.argv.indexOf('--seeds');
const seeds = arg > 0 ? process.argv[arg + 1]!.split(',').map(Number) : [11, 23, 37, 41, 53];
const started = performance.now();
const result = runEvaluation({ seeds });
console.log(`reputation evaluation — seeds ${seeds.join(', ')}`);
console.log(formatChecks(result));
const failed = result.checks.filter((c) => !c.pass).length;
console.log(`\n${result.checks.length - failed} passed, ${failed} failed (${((performance.now() - started) / 1000).toFixed(1)} s)`);
process.exitCode = failed === 0 ? 0 : 1;

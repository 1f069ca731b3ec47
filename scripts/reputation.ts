// npm run --silent reputation -- --input FILE
// Reads accounts, platforms and reviews (ISO dates) and prints platform scores/ranks
// and review weights with reasons as JSON on stdout. Bad input: message on stderr, exit 2.
import { readFileSync } from 'node:fs';
import { computeReputation } from '../src/server/reputation/index.ts';
import { CliInputError, parseCliInput, toCliOutput } from '../src/server/reputation/cli-input.ts';

function usage(message: string): never {
  process.stderr.write(`reputation: ${message}\nusage: npm run --silent reputation -- --input FILE\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const at = args.indexOf('--input');
const file = at >= 0 ? args[at + 1] : undefined;
if (!file) usage('missing --input FILE');

let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch (e) {
  usage(`cannot read ${file}: ${(e as Error).message}`);
}

try {
  const input = parseCliInput(text);
  process.stdout.write(JSON.stringify(toCliOutput(computeReputation(input))) + '\n');
} catch (e) {
  if (e instanceof CliInputError) usage(`invalid input in ${file}: ${e.message}`);
  throw e;
}

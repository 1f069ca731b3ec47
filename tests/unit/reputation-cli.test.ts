import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCliInput, CliInputError } from '../../src/server/reputation/cli-input.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'reputation.ts');
const GOOD = join(ROOT, 'tests', 'fixtures', 'reputation-small.json');
const dir = mkdtempSync(join(tmpdir(), 'reputation-cli-'));

function run(file: string) {
  return spawnSync(process.execPath, [SCRIPT, '--input', file], { encoding: 'utf8' });
}

function withFile(name: string, content: string): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

const good = JSON.parse(readFileSync(GOOD, 'utf8'));
function mutated(change: (doc: any) => void): string {
  const doc = structuredClone(good);
  change(doc);
  return JSON.stringify(doc);
}

describe('reputation CLI', () => {
  it('prints only JSON with every platform and review exactly once', () => {
    const res = run(GOOD);
    expect(res.status, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.platforms.map((p: { id: string }) => p.id).sort()).toEqual(good.platforms.map((p: { id: string }) => p.id).sort());
    expect(out.reviews.map((r: { id: string }) => r.id).sort()).toEqual(good.reviews.map((r: { id: string }) => r.id).sort());
    const ranks = out.platforms.map((p: { rank: number }) => p.rank).sort();
    expect(ranks).toEqual([1, 2]);
    for (const r of out.reviews) {
      expect(r.weight).toBeGreaterThanOrEqual(0);
      expect(r.weight).toBeLessThanOrEqual(1);
      for (const reason of r.reasons) expect(Object.keys(reason).sort()).toEqual(['code', 'factor']);
    }
    // the three shills weigh less than the honest newcomer
    const w = (id: string) => out.reviews.find((r: { id: string }) => r.id === id).weight;
    expect(Math.max(w('r4'), w('r5'), w('r6'))).toBeLessThan(w('r3'));
    expect(w('r6')).toBe(0);
  });

  const bad: [string, string, RegExp][] = [
    ['not JSON', '{ "now": ', /not valid JSON/],
    ['missing now', mutated((d) => delete d.now), /input: field "now"/],
    ['missing reviews', mutated((d) => delete d.reviews), /field "reviews" must be an array/],
    ['a rating of 7', mutated((d) => (d.reviews[2].rating = 7)), /reviews\[2\] \(id "r3"\): field "rating"/],
    ['a follow-up rating of 0', mutated((d) => (d.reviews[0].followUps[0].rating = 0)), /reviews\[0\] \(id "r1"\)\.followUps\[0\]: field "rating"/],
    ['a review of an unknown platform', mutated((d) => (d.reviews[1].platformId = 'nowhere')), /reviews\[1\] \(id "r2"\): field "platformId" refers to unknown platform "nowhere"/],
    ['a review of an unknown account', mutated((d) => (d.reviews[3].accountId = 'ghost')), /reviews\[3\] \(id "r4"\): field "accountId" refers to unknown account "ghost"/],
    ['a bad review date', mutated((d) => (d.reviews[4].createdAt = 'yesterday')), /reviews\[4\] \(id "r5"\): field "createdAt"/],
    ['an impossible calendar date', mutated((d) => (d.accounts[0].createdAt = '2025-02-30')), /accounts\[0\] \(id "honestBuyer"\): field "createdAt"/],
    ['a missing account createdAt', mutated((d) => delete d.accounts[2].createdAt), /accounts\[2\] \(id "newcomer"\): field "createdAt"/],
    ['a bad proof', mutated((d) => (d.reviews[0].proof = 'maybe')), /reviews\[0\] \(id "r1"\): field "proof"/],
    ['a missing review id', mutated((d) => delete d.reviews[5].id), /reviews\[5\]: field "id"/],
    ['a duplicate platform id', mutated((d) => d.platforms.push({ id: 'shadyPlatform' })), /platforms\[2\] \(id "shadyPlatform"\): field "id" duplicates/],
  ];

  it.each(bad)('rejects %s with a message naming the record and field', (_name, content, message) => {
    const res = run(withFile(`bad-${_name.replace(/\W+/g, '-')}.json`, content));
    expect(res.status).not.toBe(0);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(message);
  });

  it('fails on a missing file and on missing arguments', () => {
    expect(run(join(dir, 'absent.json')).status).not.toBe(0);
    const res = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/--input/);
    // Two Node processes in a row: on a loaded 2-core machine they take longer than the 5 s default.
  }, 30_000);
});

describe('parseCliInput', () => {
  it('converts ISO dates to epoch milliseconds', () => {
    const input = parseCliInput(readFileSync(GOOD, 'utf8'));
    expect(input.nowMs).toBe(Date.UTC(2026, 5, 1));
    expect(input.reviews[0]!.followUps![0]!.createdAtMs).toBe(Date.UTC(2026, 0, 5, 9));
    expect(input.accounts[1]!.createdAtMs).toBe(Date.UTC(2022, 4, 1));
  });

  it('throws CliInputError (never a generic error) for bad input', () => {
    expect(() => parseCliInput('[]')).toThrow(CliInputError);
    expect(() => parseCliInput('{"now":"2026-01-01","accounts":[1],"platforms":[],"reviews":[]}')).toThrow(/accounts\[0\]: must be an object/);
  });
});

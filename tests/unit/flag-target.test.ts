// The flag page's query string → a flag target, as a table: only a known kind and a plain
// positive safe integer pass; everything else is null (the page answers 404, never 500).
import { describe, expect, it } from 'vitest';
import { flagTargetKinds, parseFlagTarget } from '../../src/server/moderation/flag-reasons.ts';

describe.each(flagTargetKinds.map((k) => [k]))('parseFlagTarget accepts kind %s', (kind) => {
  it('with a plain positive id', () => {
    expect(parseFlagTarget(kind, '42')).toEqual({ kind, id: 42 });
    expect(parseFlagTarget(kind, String(Number.MAX_SAFE_INTEGER))).toEqual({ kind, id: Number.MAX_SAFE_INTEGER });
  });
});

describe.each([
  // [name, kind, id]
  ['no kind', null, '1'],
  ['no id', 'review', null],
  ['empty strings', '', ''],
  ['path traversal kind', '../../x', '1'],
  ['kind in another case', 'Review', '1'],
  ['kind with spaces', ' review', '1'],
  ['a kind that is not flaggable', 'platform', '1'],
  ['prototype key', '__proto__', '1'],
  ['zero', 'review', '0'],
  ['negative', 'review', '-1'],
  ['plus sign', 'review', '+1'],
  ['exponent', 'review', '1e99'],
  ['decimal', 'review', '1.5'],
  ['hex', 'review', '0x10'],
  ['leading zero', 'review', '007'],
  ['spaces', 'review', ' 1'],
  ['beyond a safe integer', 'review', '9007199254740993'],
  ['17 digits', 'review', '12345678901234567'],
  ['10 kB of digits', 'review', '9'.repeat(10_000)],
  ['10 kB kind', 'x'.repeat(10_000), '1'],
  ['full-width digits', 'review', '１２'],
  ['SQL', 'review', '1 OR 1=1'],
] as const)('parseFlagTarget refuses %s', (_name, kind, id) => {
  it('→ null', () => {
    expect(parseFlagTarget(kind, id)).toBeNull();
  });
});

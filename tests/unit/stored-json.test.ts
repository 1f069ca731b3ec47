import { describe, expect, it } from 'vitest';
import { storedList } from '../../src/server/db/stored-json.ts';

const isCode = (x: unknown): x is { code: string } => typeof x === 'object' && x !== null && typeof (x as { code?: unknown }).code === 'string';

describe('storedList: a jsonb list read back item by item', () => {
  it.each([
    ['a parsed list', [{ code: 'a' }, { code: 'b' }], [{ code: 'a' }, { code: 'b' }]],
    ['its text', '[{"code":"a"}]', [{ code: 'a' }]],
    ['bad items left out', [{ code: 'a' }, { code: 7 }, null, 'x', { other: 1 }], [{ code: 'a' }]],
    ['an empty list', '[]', []],
  ])('%s', (_name, raw, expected) => {
    expect(storedList(raw, isCode)).toEqual(expected);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['text that is not JSON', '[{"code":'],
    ['an object, not a list', { code: 'a' }],
    ['JSON of a number', '42'],
  ])('%s reads as no list (null)', (_name, raw) => {
    expect(storedList(raw, isCode)).toBeNull();
  });
});

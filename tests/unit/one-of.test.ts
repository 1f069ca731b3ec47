import { describe, expect, it } from 'vitest';
import { isOneOf } from '../../src/server/one-of.ts';

const kinds = ['review', 'follow_up'] as const;

describe('isOneOf: membership in a closed list', () => {
  it.each([
    ['review', true],
    ['follow_up', true],
    ['Review', false],
    ['review ', false],
    ['', false],
    [undefined, false],
    [null, false],
    [1, false],
    [['review'], false],
  ])('%j → %s', (value, expected) => {
    expect(isOneOf(kinds, value)).toBe(expected);
  });
});

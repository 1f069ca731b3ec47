// Reason codes with their factors, interned: at 1M reviews most reasons repeat
// (NO_PROOF ×0.4 …), so one frozen object per (code, rounded factor) saves memory.
import type { ReasonCode } from './reasons.ts';
import type { Reason } from './types.ts';

/** Factors are shown to readers: two decimals are enough and make reasons comparable. */
export function roundFactor(factor: number): number {
  return Math.round(factor * 100) / 100;
}

export function createReasonInterner(): (code: ReasonCode, factor: number) => Reason {
  const cache = new Map<string, Reason>();
  return (code, factor) => {
    const f = roundFactor(factor);
    const key = code + f;
    let r = cache.get(key);
    if (!r) cache.set(key, (r = Object.freeze({ code, factor: f }) as Reason));
    return r;
  };
}

/** Factors below this are "no reason to mention" (they round to ×1.00). */
export const MENTION_BELOW = 0.995;

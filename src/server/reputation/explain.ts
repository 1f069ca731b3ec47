// Reason codes with their factors, interned: at 1M reviews most reasons repeat
// (NO_PROOF ×0.4 …), so one frozen object per (code, rounded factor) saves memory.
import type { ReasonCode } from './reasons.ts';
import type { Reason } from './types.ts';

/** Factors are shown to readers: two significant digits (×0.43, ×0.0031) are enough. */
export function roundFactor(factor: number): number {
  if (!(factor > 0)) return 0;
  if (factor >= 0.1) return Math.round(factor * 100) / 100;
  const scale = 10 ** (Math.floor(Math.log10(factor)) - 1);
  return Number((Math.round(factor / scale) * scale).toPrecision(2));
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

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
  // per code, by rounded factor: a number key, so a lookup builds no string
  const cache = new Map<ReasonCode, Map<number, Reason>>();
  return (code, factor) => {
    const f = roundFactor(factor);
    let byFactor = cache.get(code);
    if (!byFactor) cache.set(code, (byFactor = new Map()));
    let r = byFactor.get(f);
    if (!r) byFactor.set(f, (r = Object.freeze({ code, factor: f }) as Reason));
    return r;
  };
}

/** Factors below this are "no reason to mention" (they round to ×1.00). */
export const MENTION_BELOW = 0.995;

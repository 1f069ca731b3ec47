// Turns the input records into flat typed arrays with index maps, so that every
// signal is a linear pass over numbers (1M reviews fit in a few hundred MB).
import type { ModelInput, ProofState } from './types.ts';
import { MS_PER_DAY, type ModelConfig } from './config.ts';

export const PROOF_VERIFIED = 0;
export const PROOF_PENDING = 1;
export const PROOF_NONE = 2;
export const PROOF_REJECTED = 3;

const PROOF_CODE: Record<ProofState, number> = {
  verified: PROOF_VERIFIED,
  pending: PROOF_PENDING,
  none: PROOF_NONE,
  rejected: PROOF_REJECTED,
};

export interface ReviewTable {
  nReviews: number;
  nAccounts: number;
  nPlatforms: number;
  nowMs: number;
  /** review → account index */
  account: Int32Array;
  /** review → platform index */
  platform: Int32Array;
  /** Rating that counts: the latest follow-up's, else the original (stars). */
  rating: Float64Array;
  createdMs: Float64Array;
  /** Latest activity on the review: its latest follow-up, else its creation. */
  activityMs: Float64Array;
  /** Account age (days) when the account last stood behind this review (see ageAtReviewDays). */
  ageAtReviewDays: Float64Array;
  proof: Uint8Array;
  /** 1 when a follow-up superseded the rating. */
  followedUp: Uint8Array;
  accountCreatedMs: Float64Array;
  accountReviewCount: Int32Array;
  /** 1 when every review of the account is on one platform. */
  accountSinglePlatform: Uint8Array;
  /** 1 when the account gave at least one extreme rating (1★ or 5★). */
  accountExtreme: Uint8Array;
  /** Review indices ordered by platform, then by creation time. */
  byPlatform: Int32Array;
  /** byPlatform[platformStart[p] .. platformStart[p+1]) are the reviews of platform p. */
  platformStart: Int32Array;
  /** createdMs[byPlatform[q]]: the times in byPlatform order, so that passes over a platform's timeline read memory in sequence. */
  byPlatformMs: Float64Array;
}

export class ModelInputError extends Error {
  override name = 'ModelInputError';
}

export function prepare(input: ModelInput, config: ModelConfig): ReviewTable {
  const { accounts, platforms, reviews, nowMs } = input;
  const accountIndex = new Map<string, number>();
  for (let a = 0; a < accounts.length; a++) accountIndex.set(accounts[a]!.id, a);
  const platformIndex = new Map<string, number>();
  for (let p = 0; p < platforms.length; p++) platformIndex.set(platforms[p]!.id, p);

  const n = reviews.length;
  const nA = accounts.length;
  const nP = platforms.length;
  const account = new Int32Array(n);
  const platform = new Int32Array(n);
  const rating = new Float64Array(n);
  const createdMs = new Float64Array(n);
  const activityMs = new Float64Array(n);
  const ageAtReviewDays = new Float64Array(n);
  const proof = new Uint8Array(n);
  const followedUp = new Uint8Array(n);
  const accountCreatedMs = new Float64Array(nA);
  for (let a = 0; a < nA; a++) accountCreatedMs[a] = accounts[a]!.createdAtMs;
  const accountReviewCount = new Int32Array(nA);
  const accountFirstPlatform = new Int32Array(nA).fill(-1);
  const accountSinglePlatform = new Uint8Array(nA).fill(1);
  const accountExtreme = new Uint8Array(nA);
  const platformCount = new Int32Array(nP + 1);
  const returnMs = config.followUpReturnDays * MS_PER_DAY;

  // First the id lookups alone (a short loop lets the processor overlap the cache misses of
  // several reviews), then the per-review fields, then the per-account tallies.
  for (let i = 0; i < n; i++) {
    const r = reviews[i]!;
    const a = accountIndex.get(r.accountId);
    if (a === undefined) throw new ModelInputError(`review ${i} (${r.id}): unknown accountId`);
    const p = platformIndex.get(r.platformId);
    if (p === undefined) throw new ModelInputError(`review ${i} (${r.id}): unknown platformId`);
    account[i] = a;
    platform[i] = p;
  }
  for (let i = 0; i < n; i++) {
    const r = reviews[i]!;
    createdMs[i] = r.createdAtMs;
    const pr = r.proof;
    proof[i] = pr === 'verified' ? PROOF_VERIFIED : pr === 'pending' ? PROOF_PENDING : pr === 'none' ? PROOF_NONE : pr === 'rejected' ? PROOF_REJECTED : (PROOF_CODE[pr] ?? PROOF_NONE);
    let effRating = r.rating;
    let effMs = r.createdAtMs;
    let standMs = r.createdAtMs;
    const fus = r.followUps;
    if (fus !== undefined && fus.length > 0) {
      // The latest follow-up (追评) supersedes the original rating.
      let latest = -Infinity;
      for (const f of fus) {
        if (f.createdAtMs >= latest) {
          latest = f.createdAtMs;
          effRating = f.rating;
        }
      }
      if (latest > effMs) effMs = latest;
      followedUp[i] = 1;
      // Coming back later is evidence of a real, lasting customer: the account's age
      // then counts (a follow-up posted within days proves nothing).
      if (latest - r.createdAtMs >= returnMs) standMs = latest;
    }
    rating[i] = effRating;
    activityMs[i] = effMs;
    ageAtReviewDays[i] = standMs; // the time the account stands behind the review; its age then, below
  }
  for (let i = 0; i < n; i++) {
    const a = account[i]!;
    const p = platform[i]!;
    ageAtReviewDays[i] = Math.max(0, (ageAtReviewDays[i]! - accountCreatedMs[a]!) / MS_PER_DAY);
    accountReviewCount[a]!++;
    if (accountFirstPlatform[a] === -1) accountFirstPlatform[a] = p;
    else if (accountFirstPlatform[a] !== p) accountSinglePlatform[a] = 0;
    const effRating = rating[i]!;
    if (effRating <= 1 || effRating >= 5) accountExtreme[a] = 1;
    platformCount[p + 1]!++;
  }

  // Counting sort by platform, then sort each platform's reviews by time. The key packs
  // (time since the earliest review, in ms) and the within-platform slot into one double
  // so that a native Float64Array sort does the work.
  const platformStart = new Int32Array(nP + 1);
  for (let p = 0; p < nP; p++) platformStart[p + 1] = platformStart[p]! + platformCount[p + 1]!;
  const byPlatform = new Int32Array(n);
  const cursor = platformStart.slice(0, nP);
  for (let i = 0; i < n; i++) byPlatform[cursor[platform[i]!]!++] = i;
  let minMs = Infinity;
  for (let i = 0; i < n; i++) if (createdMs[i]! < minMs) minMs = createdMs[i]!;
  let maxSeg = 0;
  for (let p = 0; p < nP; p++) maxSeg = Math.max(maxSeg, platformStart[p + 1]! - platformStart[p]!);
  const keys = new Float64Array(maxSeg);
  const slots = new Int32Array(maxSeg);
  const radix = 2 ** Math.ceil(Math.log2(maxSeg + 1));
  // Time resolution of the sort key shrinks only when (span × radix) would exceed 2^53.
  let spanMs = 0;
  for (let i = 0; i < n; i++) spanMs = Math.max(spanMs, createdMs[i]! - minMs);
  const quantumMs = Math.max(1, Math.ceil(((spanMs + 1) * radix) / 2 ** 52));
  for (let p = 0; p < nP; p++) {
    const s = platformStart[p]!;
    const len = platformStart[p + 1]! - s;
    if (len < 2) continue;
    const k = keys.subarray(0, len);
    for (let j = 0; j < len; j++) {
      const i = byPlatform[s + j]!;
      k[j] = Math.floor((createdMs[i]! - minMs) / quantumMs) * radix + j;
      slots[j] = i;
    }
    k.sort();
    for (let j = 0; j < len; j++) byPlatform[s + j] = slots[k[j]! % radix]!;
  }
  const byPlatformMs = new Float64Array(n);
  for (let q = 0; q < n; q++) byPlatformMs[q] = createdMs[byPlatform[q]!]!;

  return {
    nReviews: n,
    nAccounts: nA,
    nPlatforms: nP,
    nowMs,
    account,
    platform,
    rating,
    createdMs,
    activityMs,
    ageAtReviewDays,
    proof,
    followedUp,
    accountCreatedMs,
    accountReviewCount,
    accountSinglePlatform,
    accountExtreme,
    byPlatform,
    platformStart,
    byPlatformMs,
  };
}

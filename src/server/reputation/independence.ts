// Independent credibility of a reviewer at the time of a review: what a campaign cannot
// fake cheaply. Used to waive the burst discounts of complaints and neutral ratings from established
// customers (a complaint wave is news, not a campaign) while the cheap identities of the same burst
// stay discounted; praise is waived only by the independence traits of bursts.ts (index.ts).
import { MS_PER_DAY, type ModelConfig } from './config.ts';
import type { ReviewTable } from './prepare.ts';
import { PROOF_VERIFIED } from './prepare.ts';

/**
 * Per review: the number of *other* platforms its account had reviewed strictly before it,
 * and the time of the account's previous review (NaN for its first).
 * Earlier reviews of other platforms are the history a brushing or drip account lacks
 * (issue 14: "no reviews elsewhere"), and the one thing a fresh identity cannot buy after
 * the fact; a camouflaged account has some, which is why history alone never decides.
 */
export function earlierOtherPlatforms(table: ReviewTable): { earlierOthers: Int32Array; previousMs: Float64Array } {
  const { nReviews: n, nAccounts, nPlatforms, account, platform, createdMs } = table;
  const out = new Int32Array(n);
  // time of the account's previous review (strictly earlier), NaN for its first
  const previousMs = new Float64Array(n).fill(NaN);
  // CSR of each account's reviews, then each list by time
  const start = new Int32Array(nAccounts + 1);
  for (let i = 0; i < n; i++) start[account[i]! + 1]!++;
  for (let a = 0; a < nAccounts; a++) start[a + 1]! += start[a]!;
  const cursor = start.slice(0, nAccounts);
  const list = new Int32Array(n);
  for (let i = 0; i < n; i++) list[cursor[account[i]!]!++] = i;
  // platforms the current account has reviewed so far: seenBy[p] === a (a stamp, so nothing is cleared per account)
  const seenBy = new Int32Array(nPlatforms).fill(-1);
  for (let a = 0; a < nAccounts; a++) {
    const s = start[a]!;
    const e = start[a + 1]!;
    if (e - s < 2) continue;
    // insertion sort by time (an account's reviews are few; already nearly in order)
    for (let x = s + 1; x < e; x++) {
      const v = list[x]!;
      let y = x - 1;
      while (y >= s && createdMs[list[y]!]! > createdMs[v]!) {
        list[y + 1] = list[y]!;
        y--;
      }
      list[y + 1] = v;
    }
    let seen = 0;
    for (let g = s; g < e; ) {
      let h = g;
      while (h < e && createdMs[list[h]!] === createdMs[list[g]!]) h++;
      for (let x = g; x < h; x++) {
        const i = list[x]!;
        out[i] = seen - (seenBy[platform[i]!] === a ? 1 : 0);
        if (g > s) previousMs[i] = createdMs[list[g - 1]!]!;
      }
      for (let x = g; x < h; x++) {
        const p = platform[list[x]!]!;
        if (seenBy[p] !== a) {
          seenBy[p] = a;
          seen++;
        }
      }
      g = h;
    }
  }
  return { earlierOthers: out, previousMs };
}

/**
 * Independent credibility c ∈ [0, 1] of review i's reviewer (issue 14, item 2: "account age,
 * earlier reviews of other platforms, proof, distinct device"):
 *   verified:   c = device × max(history, age · [not praise])
 *   unverified: c = device × history × age · [not praise]
 *   history = 1 − 2^(−k)         k = other platforms reviewed before (each one halves the odds
 *                                 that the account exists for this platform alone)
 *   age     = 1 − e^(−age/A)     account age at the review, A = establishedAgeDays
 *   device  = 1 / (accounts sharing the registration fingerprint)
 * A checked order is independent evidence on its own; without one, a complaint needs both a
 * long-standing account and reviews elsewhere — what a smear's cheap identities lack, and what
 * the existing customers of a collapsing platform have even when they never uploaded a proof
 * (market seed 24009: 1★ from customers of 1½–3 years with histories kept 0.5 % of their
 * weight, and a later praise push unmasked them, 12 ranks). "Young, single-target, unproven
 * accounts inside the same burst stay discounted": history × age is 0 for them.
 * Age counts only for complaints and neutral ratings: a verified order behind praise is what
 * 刷单 buys (the merchant pays the brusher's order back: Xu et al., "E-commerce Reputation
 * Manipulation: The Emergence of Reputation-Escalation-as-a-Service", WWW 2015), and an aged
 * account is what a sleeper is, so praise needs history on other platforms; a competitor's
 * smear would have to buy real orders from its target, or age accounts with histories.
 */
export function independentCredibility(
  table: ReviewTable,
  earlierOthers: Int32Array,
  fingerprintShare: Int32Array,
  config: ModelConfig,
): Float64Array {
  const { nReviews: n, account, proof, rating, createdMs, accountCreatedMs } = table;
  const out = new Float64Array(n);
  const ageScaleMs = config.establishedAgeDays * MS_PER_DAY;
  for (let i = 0; i < n; i++) {
    const pc = proof[i]!;
    const a = account[i]!;
    const history = 1 - 2 ** -earlierOthers[i]!;
    const age = rating[i]! >= 4 ? 0 : 1 - Math.exp(-Math.max(0, createdMs[i]! - accountCreatedMs[a]!) / ageScaleMs);
    if (pc === PROOF_VERIFIED) out[i] = Math.max(history, age) / Math.max(1, fingerprintShare[a]!);
    else out[i] = (history * age) / Math.max(1, fingerprintShare[a]!);
  }
  return out;
}

// Simple per-account and per-review signals. Each returns a multiplicative factor
// in [0, 1]; 1 means "no reason to doubt".
import type { AccountInput } from './types.ts';
import type { ModelConfig } from './config.ts';
import { PROOF_NONE, PROOF_PENDING, PROOF_REJECTED, PROOF_VERIFIED } from './prepare.ts';

/**
 * Account age at the time of the review, saturating:
 *   f(age) = 1 − (1 − floor) · exp(−age / scale)
 * Saturating exponential of account age, as in the "account age" feature of
 * spam/sybil detectors (e.g. Yang et al., "Uncovering Social Network Sybils in the
 * Wild", IMC 2011: sybils are young accounts); the exponential keeps it smooth
 * and bounded, so no cliff invites waiting exactly N days.
 */
export function accountAgeFactor(ageDays: number, config: ModelConfig): number {
  const age = ageDays > 0 ? ageDays : 0;
  return 1 - (1 - config.newAccountFloor) * Math.exp(-age / config.accountAgeScaleDays);
}

/**
 * Purchase proof (购买凭证): verified > pending > none; rejected = 0.
 * Verified-purchase weighting as on Amazon's "Verified Purchase" reviews
 * (Amazon Community Guidelines; cf. Mukherjee et al., "What Yelp Fake Review
 * Filter Might Be Doing?", ICWSM 2013: behavioural evidence beats text).
 */
export function proofFactor(proofCode: number, config: ModelConfig): number {
  switch (proofCode) {
    case PROOF_VERIFIED:
      return config.proofVerifiedFactor;
    case PROOF_PENDING:
      return config.proofPendingFactor;
    case PROOF_REJECTED:
      return config.proofRejectedFactor;
    case PROOF_NONE:
    default:
      return config.proofNoneFactor;
  }
}

/**
 * Moderation history: every removed post and every rejected proof multiplies trust
 * by a constant (geometric decay of credibility per sanction, the same form as the
 * flag penalties of Lobsters' karma, app/models/user.rb, and Stack Exchange's
 * reputation loss per spam/offensive flag).
 */
export function moderationFactor(account: AccountInput, config: ModelConfig): number {
  const removed = Math.max(0, account.removedPosts ?? 0);
  const rejected = Math.max(0, account.rejectedProofs ?? 0);
  return config.removedPostFactor ** removed * config.rejectedProofHistoryFactor ** rejected;
}

/**
 * Shared registration fingerprints: 1 / (1 + c · (k − 1)) for an account whose
 * fingerprint is shared by k accounts. Sybil accounts created from one device or
 * network (Yang et al., IMC 2011; Douceur, "The Sybil Attack", IPTPS 2002): a
 * harmonic penalty is gentle for a shared household (k = 2) and strong for a farm.
 * Returns the per-account share count (1 when unique or absent) and the factor.
 */
export function fingerprintGroups(
  accounts: readonly AccountInput[],
  config: ModelConfig,
): { shareCount: Int32Array; factor: Float64Array } {
  // one lookup per account: each fingerprint gets a group number, counted in a typed array
  const groupOf = new Map<string, number>();
  const group = new Int32Array(accounts.length).fill(-1);
  const groupSize = new Int32Array(accounts.length);
  for (let i = 0; i < accounts.length; i++) {
    const fp = accounts[i]!.fingerprint;
    if (!fp) continue;
    let g = groupOf.get(fp);
    if (g === undefined) groupOf.set(fp, (g = groupOf.size));
    group[i] = g;
    groupSize[g]!++;
  }
  const shareCount = new Int32Array(accounts.length);
  const factor = new Float64Array(accounts.length);
  for (let i = 0; i < accounts.length; i++) {
    const k = group[i]! >= 0 ? groupSize[group[i]!]! : 1;
    shareCount[i] = k;
    factor[i] = 1 / (1 + config.fingerprintPenaltyPerAccount * (k - 1));
  }
  return { shareCount, factor };
}

/**
 * Single-target extreme accounts: an account that only ever rated one platform and
 * gave it a 1★ or 5★. The "extreme rating" and "single product" behaviour features
 * of opinion-spam detection (Lim et al., "Detecting Product Review Spammers using
 * Rating Behaviors", CIKM 2010; Mukherjee et al., KDD 2013 "Spotting Opinion Spammers
 * using Behavioral Footprints"). Mild on its own: many honest buyers review once.
 */
export function singleTargetFactor(singlePlatform: boolean, extreme: boolean, config: ModelConfig): number {
  return singlePlatform && extreme ? config.singleTargetFactor : 1;
}

/**
 * Recency: 2^(−Δt / halfLife) from the review's latest activity (its latest
 * follow-up, else its creation), floored so old experience still counts — with a
 * higher floor for reviews that carry a follow-up (long-term experience).
 * Exponential time decay with a half-life, as in Hacker News / Reddit "hot"
 * rankings and time-decayed collaborative filtering (Ding & Li, CIKM 2005).
 */
export function recencyFactor(ageDays: number, hasFollowUp: boolean, config: ModelConfig): number {
  const decay = 2 ** (-Math.max(0, ageDays) / config.halfLifeDays);
  const floor = hasFollowUp ? config.recencyFloorWithFollowUp : config.recencyFloor;
  return decay > floor ? decay : floor;
}

// Tuning constants of the reputation model. Every constant carries its unit in
// its name and a one-line reason for its value. Values were checked against the
// synthetic worlds of ./evaluation (npm run eval:reputation), not fitted to them.
import { dayMs } from '../time.ts';

export interface ModelConfig {
  // ── account age (at the time of the review or of its latest follow-up) ──
  /**
   * Weight factor of a brand-new account: a fresh sign-up is the cheapest identity a shill
   * can make, yet a third of honest reviews come from new buyers. Campaigns of new accounts
   * are caught by bursts and surges; this prior only tilts, so it stays mild (0.6: the
   * evaluation's honest Kendall tau lost ~0.005 at 0.4 for no attack that needed it).
   */
  newAccountFloor: number;
  /** e-folding time of the age factor: most of the penalty is gone after about three months. */
  accountAgeScaleDays: number;
  /** A follow-up counts as "coming back" only this long after the review (same-week follow-ups prove nothing). */
  followUpReturnDays: number;
  /** Age from which an account is "established" (bursts of verified established buyers are news, not attacks). */
  establishedAgeDays: number;

  // ── purchase proof (购买凭证) ──
  /** Verified proof: a checked order is the strongest evidence of a real buyer. */
  proofVerifiedFactor: number;
  /** Pending proof: something was uploaded but nobody has checked it yet (halfway between none and verified). */
  proofPendingFactor: number;
  /** No proof: still a voice (most honest reviews have none), but the cheapest to fake. */
  proofNoneFactor: number;
  /** Rejected proof: a forged or mismatched order; the review counts for nothing. */
  proofRejectedFactor: number;

  // ── bursts (Poisson scan statistic) ──
  /** Scan windows: a coordinated push lands within a day or within a week. */
  burstWindowsDays: number[];
  /** Tail probability under the platform's usual rate below which a window is anomalous (many windows are scanned). */
  burstPValue: number;
  /** Fewer reviews than this are never a burst, however quiet the platform. */
  burstMinReviews: number;
  /** Shortest history used for a platform's usual rate, so a new platform's first week is not "its usual rate". */
  burstMinSpanDays: number;
  /** Weight factor of a burst review is expected/observed reviews in its window, at most this (a burst always costs). */
  burstFactorMax: number;
  /** …and at least this, so a factor stays readable (×0.001). */
  burstFactorMin: number;
  /** A profile with fewer reviews in the window is never part of a burst (one review is not a pattern). */
  burstProfileMinReviews: number;
  /** Factor for the other reviews of an account that took part in a burst: as much doubt as ring membership (one strong sign of coordination). */
  burstAccountFactor: number;
  /** Age (days) below which an account counts as young in a burst profile: about a month, the account-age e-folding time. */
  burstYoungDays: number;
  /**
   * Silence (days) after which an account posting in a burst has "woken" (a burst-profile trait):
   * half a year — a customer who reviews several platforms does so months apart (an honest
   * buyer's next review comes within a season), a sleeper wakes after a year or more.
   */
  burstDormantDays: number;
  /** Account age (days) that counts as an independence trait in a burst (bursts.ts, usualPosterior): a year — longer than any campaign grooms an account in the field's reports. */
  independentAgeDays: number;
  /** Other platforms reviewed before that count as an independence trait: two — one earlier review is cheap filler, a customer's history has several. */
  independentHistoryPlatforms: number;

  // ── one-off surges ──
  /** Tail bound (Chernoff) below which a star bucket of one-off reviews is anomalous; the factor is mild when barely anomalous, so 1e-3 costs honest platforms little. */
  oneOffPValue: number;
  /** Fewer one-off reviews than this are never a surge. */
  oneOffMinReviews: number;
  /** Upper bound of the surge factor: a detected surge always costs. */
  oneOffFactorMax: number;

  // ── single-target accounts ──
  /** Factor for an account that only ever rated one platform, with an extreme (1★/5★) rating. */
  singleTargetFactor: number;

  // ── shared fingerprints ──
  /** Per extra account on the same fingerprint: a household may share one, a farm shares many. */
  fingerprintPenaltyPerAccount: number;

  // ── near-duplicate texts (shingles + MinHash/LSH) ──
  /** Character shingle length: 3-grams work for Chinese without word segmentation. */
  shingleChars: number;
  /** Texts with fewer shingles are too short ("很好") to be evidence of copying. */
  duplicateMinShingles: number;
  /** LSH bands × rows = MinHash signature length; 4×4 puts the S-curve threshold near 0.7 Jaccard. */
  lshBands: number;
  lshRows: number;
  /** Estimated Jaccard similarity from which two texts are near-duplicates. */
  duplicateMinJaccard: number;
  /** Per extra account sharing a near-duplicate text, beyond the first (a pair can be chance; three or more is a template). */
  duplicatePenaltyPerAccount: number;

  // ── REV2-style fairness / reliability ──
  /** Iterations of the fairness ↔ goodness fixed point; REV2 converges in a handful. */
  rev2Iterations: number;
  /** Prior agreement (REV2 μ_F) of an unknown reviewer: a typical honest rating is ~0.8 star off the consensus. */
  rev2PriorAgreement: number;
  /** Prior strength (REV2 α) in pseudo-ratings: one rating barely moves an account's fairness. */
  rev2PriorStrength: number;
  /** Reliability at or above which a rating is not penalised. */
  rev2ReliabilityOk: number;
  /** Reliability at which the penalty reaches its floor. */
  rev2ReliabilityFloor: number;
  /** Smallest disagreement factor: even a lone dissenter keeps a little voice. */
  rev2MinFactor: number;
  /**
   * e-folding time (days) of the time-local consensus a rating is compared with: "what other
   * reviewers said in the same weeks" — two weeks, twice the longest burst window, so a week's
   * wave of credible reviews is its own consensus and a month ago weighs e⁻² ≈ 0.14.
   */
  rev2LocalDays: number;
  /**
   * Pseudo-weight (in consensus-weight units: one fully credible review = 1) of the platform's
   * overall consensus in the time-local one: the weeks around a review must hold about one
   * credible review's worth of ratings to pull the local consensus halfway — the same one
   * pseudo-review as the score prior (priorWeightReviews).
   */
  rev2LocalPriorWeight: number;

  // ── moderation history ──
  /** Per post removed by moderators. */
  removedPostFactor: number;
  /** Per purchase proof rejected by moderators. */
  rejectedProofHistoryFactor: number;

  // ── rings ──
  /** Factor for reviews of accounts in a ring with two independent kinds of evidence. */
  ringFactor: number;
  /** Smallest ring worth a moderator's time. */
  ringMinAccounts: number;
  /** Kinds of evidence of its own (shared fingerprint, near-duplicate text, burst) a member needs before the ring discounts it: one kind can be chance or a household. */
  ringMinOwnEvidence: number;

  // ── platform scores ──
  /** Prior mean of every platform (stars): the midpoint, so silence is neither praise nor blame. */
  priorMeanStars: number;
  /** Prior strength in effective reviews (one pseudo-review of the prior mean, Laplace-style): with the lower bound, one review cannot top the list, and well-reviewed platforms are barely pulled. */
  priorWeightReviews: number;
  /** Prior standard deviation (stars) for the variance of a thinly reviewed platform. */
  priorSdStars: number;
  /** z of the one-sided lower bound (0.7 ≈ 76 %): uncertainty costs rank, yet small honest platforms keep their order (Kendall tau in the evaluation). */
  lowerBoundZ: number;
  /** Half-life of a review's influence, from its latest activity (review or follow-up): two years, so recent news counts double without discarding history. */
  halfLifeDays: number;
  /** Recency never drops below this: old experience is still experience. */
  recencyFloor: number;
  /** Recency floor of a review that has a follow-up: long-term experience (追评) keeps counting. */
  recencyFloorWithFollowUp: number;

  // ── trust bands ──
  /** Trust below this is "low". */
  bandLowBelow: number;
  /** Trust at or above this is "high". */
  bandHighFrom: number;
}

export const DEFAULT_CONFIG: Readonly<ModelConfig> = Object.freeze({
  newAccountFloor: 0.6,
  accountAgeScaleDays: 30,
  followUpReturnDays: 30,
  establishedAgeDays: 90,

  proofVerifiedFactor: 1,
  proofPendingFactor: 0.85,
  proofNoneFactor: 0.7,
  proofRejectedFactor: 0,

  burstWindowsDays: [1, 7],
  burstPValue: 1e-5,
  burstMinReviews: 5,
  burstMinSpanDays: 60,
  burstFactorMax: 0.3,
  burstFactorMin: 0.001,
  burstProfileMinReviews: 2,
  burstYoungDays: 30,
  burstDormantDays: 180,
  burstAccountFactor: 0.5,
  independentAgeDays: 365,
  independentHistoryPlatforms: 2,

  oneOffPValue: 1e-3,
  oneOffMinReviews: 5,
  oneOffFactorMax: 0.7,

  singleTargetFactor: 0.7,

  fingerprintPenaltyPerAccount: 0.5,

  shingleChars: 3,
  duplicateMinShingles: 8,
  lshBands: 4,
  lshRows: 4,
  duplicateMinJaccard: 0.5,
  duplicatePenaltyPerAccount: 0.5,

  rev2Iterations: 6,
  rev2PriorAgreement: 0.8,
  rev2PriorStrength: 1,
  rev2ReliabilityOk: 0.72,
  rev2ReliabilityFloor: 0.3,
  rev2MinFactor: 0.05,
  rev2LocalDays: 14,
  rev2LocalPriorWeight: 1,

  removedPostFactor: 0.7,
  rejectedProofHistoryFactor: 0.7,

  ringFactor: 0.5,
  ringMinAccounts: 3,
  ringMinOwnEvidence: 2,

  priorMeanStars: 3,
  priorWeightReviews: 1,
  priorSdStars: 1.2,
  lowerBoundZ: 0.7,
  halfLifeDays: 730,
  recencyFloor: 0.1,
  recencyFloorWithFollowUp: 0.4,

  bandLowBelow: 0.35,
  bandHighFrom: 0.7,
});

export function resolveConfig(overrides?: Partial<ModelConfig>): ModelConfig {
  return { ...DEFAULT_CONFIG, ...(overrides ?? {}) };
}

export const MS_PER_DAY = dayMs;

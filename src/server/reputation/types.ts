// Types of the pure reputation model (口碑 / anti-fake-review).
// Records in, weights and scores out. Times are epoch milliseconds.
import type { ReasonCode } from './reasons.ts';
import type { ModelConfig } from './config.ts';

/** 购买凭证 purchase-proof state of a review. */
export type ProofState = 'verified' | 'pending' | 'rejected' | 'none';

/** The rated dimensions of a review (服务 service, 风控 risk, value, 售后 after-sales). */
export type Dimension = 'service' | 'risk' | 'value' | 'afterSales';
export const DIMENSIONS: readonly Dimension[] = Object.freeze(['service', 'risk', 'value', 'afterSales']);

export interface AccountInput {
  /** Opaque id: never parsed. */
  id: string;
  createdAtMs: number;
  /** Registration fingerprint (device / network hash); equal strings = same fingerprint. */
  fingerprint?: string;
  /** Posts removed by moderators. */
  removedPosts?: number;
  /** Purchase proofs rejected by moderators. */
  rejectedProofs?: number;
}

export interface PlatformInput {
  /** Opaque id: never parsed. */
  id: string;
  foundedAtMs?: number;
  /** Confirmed 跑路 (exit scam): removed from the ranking and marked. */
  exitScam?: boolean;
}

/** 追评 follow-up: a later rating by the same reviewer; the latest one supersedes the original. */
export interface FollowUpInput {
  createdAtMs: number;
  rating: number;
}

export interface ReviewInput {
  id: string;
  accountId: string;
  platformId: string;
  /** 1..5 stars. */
  rating: number;
  createdAtMs: number;
  proof: ProofState;
  text?: string;
  followUps?: FollowUpInput[];
  dimensions?: Partial<Record<Dimension, number>>;
}

export interface ModelInput {
  /** "Now" of the computation (the caller's clock), epoch ms. */
  nowMs: number;
  accounts: readonly AccountInput[];
  platforms: readonly PlatformInput[];
  reviews: readonly ReviewInput[];
  /** Optional overrides of the tuning constants (tests, experiments). */
  config?: Partial<ModelConfig>;
}

export interface Reason {
  code: ReasonCode;
  /** Multiplicative factor this reason applied to the weight (1 = informational). */
  factor: number;
}

export interface ScoreWithBound {
  /** Bayesian-shrunk mean on the 1..5 scale. */
  score: number;
  /** Lower confidence bound of the score (ranking key). */
  lowerBound: number;
}

export interface PlatformOutput extends ScoreWithBound {
  id: string;
  /** 1 = best; null when the platform is a confirmed exit scam. */
  rank: number | null;
  exitScam: boolean;
  reviewCount: number;
  /** Sum of credibility × recency weights of the platform's reviews. */
  effectiveReviews: number;
  dimensions: Record<Dimension, ScoreWithBound | null>;
}

export interface ReviewOutput {
  id: string;
  /** Credibility weight in [0, 1] (product of the reason factors; recency not included). */
  weight: number;
  reasons: Reason[];
  /** Recency factor in (0, 1] used when aggregating platform scores. */
  recency: number;
  /** Rating that counted: the latest follow-up's if any, else the original. */
  effectiveRating: number;
}

export type TrustBand = 'low' | 'medium' | 'high';

export interface AccountOutput {
  id: string;
  /** Reviewer credibility in [0, 1]. */
  trust: number;
  band: TrustBand;
}

export interface RingFinding {
  kind: 'ring';
  accountIds: string[];
  reviewIds: string[];
  platformIds: string[];
  evidence: {
    /** Number of ring accounts whose registration fingerprint is shared with another ring account. */
    sharedFingerprint?: number;
    /** Number of ring reviews whose text is a near-duplicate of another account's text. */
    nearDuplicateTexts: number;
    /** Whether ring reviews fall inside a detected burst. */
    burst: boolean;
    /** 0..1, how strong the combined evidence is. */
    score: number;
  };
}

export interface BurstFinding {
  kind: 'burst';
  platformId: string;
  fromMs: number;
  toMs: number;
  reviewIds: string[];
}

export type Finding = RingFinding | BurstFinding;

export interface ModelOutput {
  platforms: PlatformOutput[];
  reviews: ReviewOutput[];
  accounts: AccountOutput[];
  findings: Finding[];
}

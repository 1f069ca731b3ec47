import type { ColumnType, Generated, Selectable } from 'kysely';
import type { PlatformCategory } from '../platforms/platform.table.ts';
import { isOneOf } from '../one-of.ts';

export type ProofState = 'none' | 'pending' | 'verified' | 'rejected';
export type PostState = 'published' | 'removed' | 'deleted';
export const amountBands = ['unknown', 'lt50', '50_200', '200_1000', '1000_5000', 'gt5000'] as const;
export type AmountBand = (typeof amountBands)[number];
export const followUpOutcomes = ['refund_granted', 'refund_refused', 'refund_no_answer', 'key_replaced', 'key_not_replaced'] as const;
export type FollowUpOutcome = (typeof followUpOutcomes)[number];
/** What a case (投诉) is about; each has a `reviews.incident.kind.*` label. */
export const incidentKinds = ['exit_scam', 'invalid_keys', 'refund_refused', 'withdrawal_blocked', 'data_leak', 'black_keys'] as const;
export type IncidentKind = (typeof incidentKinds)[number];
export const incidentStatuses = ['submitted', 'accepted', 'platform_replied', 'resolved', 'unresolved', 'rejected'] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];
/** A case still open: not resolved, and not rejected. */
export const openIncidentStatuses = ['submitted', 'accepted', 'platform_replied', 'unresolved'] as const satisfies readonly IncidentStatus[];
export const volumeBands = ['lt1k', '1k_10k', '10k_50k', '50k_200k', 'gt200k'] as const;
export type VolumeBand = (typeof volumeBands)[number];

export function isIncidentKind(s: unknown): s is IncidentKind {
  return isOneOf(incidentKinds, s);
}

export function isIncidentStatus(s: unknown): s is IncidentStatus {
  return isOneOf(incidentStatuses, s);
}

export interface ReviewTable {
  id: Generated<number>;
  platform_id: number;
  account_id: number;
  rating: number;
  rating_service: number | null;
  rating_risk: number | null;
  rating_value: number | null;
  rating_after_sales: number | null;
  current_rating: number;
  product_category: PlatformCategory;
  product_name: Generated<string>;
  amount_band: Generated<AmountBand>;
  /** a calendar day: read as a Date, written as its YYYY-MM-DD text (or a Date) */
  purchased_on: ColumnType<Date | null, string | Date | null, string | Date | null>;
  body_source: string;
  body_html: string;
  proof_state: Generated<ProofState>;
  state: Generated<PostState>;
  state_reason: string | null;
  helpful_count: Generated<number>;
  unhelpful_count: Generated<number>;
  follow_up_count: Generated<number>;
  last_follow_up_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  edited_at: Date | null;
  /** what the review is about (review-tags.ts), at most 3 */
  tags: Generated<string[]>;
}

export interface ReviewRevisionTable {
  id: Generated<number>;
  review_id: number;
  rating: number;
  body_source: string;
  edited_at: Generated<Date>;
}

export interface ReviewFollowUpTable {
  id: Generated<number>;
  review_id: number;
  account_id: number;
  rating: number;
  outcome: FollowUpOutcome | null;
  body_source: string;
  body_html: string;
  state: Generated<PostState>;
  state_reason: string | null;
  helpful_count: Generated<number>;
  unhelpful_count: Generated<number>;
  created_at: Generated<Date>;
}

export interface CaseReportTable {
  id: Generated<number>;
  platform_id: number;
  account_id: number;
  since_on: ColumnType<Date, string | Date, string | Date>;
  monthly_volume_band: VolumeBand;
  products: string;
  uses_api: boolean;
  would_continue: boolean;
  body_source: string;
  body_html: string;
  proof_state: Generated<ProofState>;
  /** 'held': filed by a reseller not yet verified by a moderator; public once verified. */
  state: Generated<PostState | 'held'>;
  state_reason: string | null;
  helpful_count: Generated<number>;
  unhelpful_count: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PurchaseProofTable {
  id: Generated<number>;
  review_id: number | null;
  case_report_id: number | null;
  account_id: number;
  order_number: Generated<string>;
  upload_id: number | null;
  state: Generated<'pending' | 'verified' | 'rejected'>;
  state_reason: string | null;
  reviewed_by: number | null;
  created_at: Generated<Date>;
  reviewed_at: Date | null;
}

export interface IncidentTable {
  id: Generated<number>;
  case_no: string;
  platform_id: number;
  reporter_id: number;
  kind: IncidentKind;
  occurred_on: ColumnType<Date, string | Date, string | Date>;
  order_number: Generated<string>;
  amount_cents: number | null;
  body_source: string;
  body_html: string;
  upload_id: number | null;
  status: Generated<IncidentStatus>;
  status_reason: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  accepted_at: Date | null;
  closed_at: Date | null;
}

/** Who wrote an entry of a case's history (system: the day-15 unresolved step). */
export type IncidentUpdateRole = 'reporter' | 'platform' | 'moderator' | 'system';

export interface IncidentUpdateTable {
  id: Generated<number>;
  incident_id: number;
  author_id: number | null;
  author_role: IncidentUpdateRole;
  body_source: Generated<string>;
  body_html: Generated<string>;
  status_to: IncidentStatus | null;
  created_at: Generated<Date>;
}

export interface HelpfulVoteTable {
  account_id: number;
  target_kind: 'review' | 'follow_up' | 'case_report';
  target_id: number;
  value: -1 | 1;
  created_at: Generated<Date>;
}

export interface OfficialReplyTable {
  id: Generated<number>;
  target_kind: 'review' | 'follow_up';
  target_id: number;
  platform_id: number;
  account_id: number;
  body_source: string;
  body_html: string;
  state: Generated<'published' | 'removed'>;
  created_at: Generated<Date>;
}

export type ReviewRow = Selectable<ReviewTable>;

import type { ColumnType, Generated, Selectable } from 'kysely';
import { isOneOf } from '../one-of.ts';

/** What a platform sells (and what a review's product is): the one list, in the order forms show it. */
export const platformCategories = ['game_cards', 'video_memberships', 'phone_topup', 'course_codes', 'other'] as const;
export type PlatformCategory = (typeof platformCategories)[number];
/** company 公司 · studio 个人工作室 · franchise 代理加盟 */
export const operatorTypes = ['company', 'studio', 'franchise', 'unknown'] as const;
export type OperatorType = (typeof operatorTypes)[number];
/** A platform's operating status (exit_scam = 跑路): the one list (moderation's commands, the verdict and the pages read it). */
export const platformStatuses = ['active', 'suspended', 'exit_scam', 'closed'] as const;
export type PlatformStatus = (typeof platformStatuses)[number];
export type ApprovalState = 'pending' | 'approved' | 'rejected';
export const qualificationKinds = ['business_licence', 'icp_filing', 'icp_licence', 'payment_partner'] as const;
export type QualificationKind = (typeof qualificationKinds)[number];

export function isPlatformStatus(s: unknown): s is PlatformStatus {
  return isOneOf(platformStatuses, s);
}
export function isPlatformCategory(s: unknown): s is PlatformCategory {
  return isOneOf(platformCategories, s);
}
export function isOperatorType(s: unknown): s is OperatorType {
  return isOneOf(operatorTypes, s);
}
export function isQualificationKind(s: unknown): s is QualificationKind {
  return isOneOf(qualificationKinds, s);
}
export type EvidenceState = 'pending' | 'verified' | 'rejected';
export type Provenance = 'claimed' | 'verified' | 'contradicted';

export interface PlatformTable {
  id: Generated<number>;
  slug: string;
  name_zh: string;
  name_en: string;
  aliases: Generated<string[]>;
  categories: Generated<PlatformCategory[]>;
  /** a calendar day: read as a Date, written as its YYYY-MM-DD text (or a Date) */
  founded_on: ColumnType<Date | null, string | Date | null, string | Date | null>;
  operator_type: Generated<OperatorType>;
  status: Generated<PlatformStatus>;
  status_changed_at: Date | null;
  status_evidence: string | null;
  description_source: Generated<string>;
  description_html: Generated<string>;
  approval: Generated<ApprovalState>;
  approval_reason: string | null;
  submitted_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PlatformDomainTable {
  id: Generated<number>;
  platform_id: number;
  domain: string;
  display: string;
  is_primary: Generated<boolean>;
}

export interface PlatformStatusChangeTable {
  id: Generated<number>;
  platform_id: number;
  from_status: PlatformStatus;
  to_status: PlatformStatus;
  evidence: string;
  changed_by: number | null;
  created_at: Generated<Date>;
}

export interface PlatformQualificationTable {
  id: Generated<number>;
  platform_id: number;
  kind: QualificationKind;
  number: Generated<string>;
  holder_name: Generated<string>;
  scope_text: Generated<string>;
  upload_id: number | null;
  state: Generated<EvidenceState>;
  state_reason: string | null;
  submitted_by: number | null;
  reviewed_by: number | null;
  created_at: Generated<Date>;
  reviewed_at: Date | null;
}

export interface PlatformFactTable {
  id: Generated<number>;
  platform_id: number;
  fact_key: string;
  value: string;
  provenance: Provenance;
  source_kind: 'platform' | 'member' | 'moderator' | 'follow_up' | 'incident';
  note: Generated<string>;
  asserted_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PlatformRepresentativeTable {
  id: Generated<number>;
  platform_id: number;
  account_id: number;
  evidence: string;
  state: Generated<EvidenceState>;
  decided_by: number | null;
  decided_at: Date | null;
  created_at: Generated<Date>;
}

export type PlatformRow = Selectable<PlatformTable>;

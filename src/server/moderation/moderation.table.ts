import type { Generated } from 'kysely';
// What can be flagged is flag-reasons.ts's one list (flagTargetKinds).
import type { FlagTargetKind, PostKind } from './flag-reasons.ts';
import { isOneOf } from '../one-of.ts';

export type FlagState = 'open' | 'upheld' | 'dismissed' | 'abusive';

export interface FlagTable {
  id: Generated<number>;
  reporter_id: number;
  target_kind: FlagTargetKind;
  target_id: number;
  reason: string;
  note: Generated<string>;
  reporter_weight: Generated<number>;
  state: Generated<FlagState>;
  created_at: Generated<Date>;
  resolved_at: Date | null;
  resolved_by: number | null;
}

/** What a moderation_event is about (the posts first): each has a `mod.subject.*` label in the log. */
export const modSubjectKinds = [
  'review', 'follow_up', 'case_report', 'reply', 'proof', 'evidence', 'incident', 'platform', 'claim', 'account', 'fact',
  'finding', 'ring', 'appeal', 'early_warning',
] as const;
export type ModSubjectKind = (typeof modSubjectKinds)[number];

export function isModSubjectKind(s: string): s is ModSubjectKind {
  return isOneOf(modSubjectKinds, s);
}

/** What a moderator can do to an account (a warning, or its standing), in the order the form lists them. */
export const sanctions = ['warn', 'suspend', 'ban', 'reinstate'] as const;
export type Sanction = (typeof sanctions)[number];

/** Every action the moderation log records (status.ts holds the rules for each). */
export const modActions = [
  // posts (review, follow_up, case_report, reply)
  'remove', 'restore',
  // reviewable submissions (platform submissions, evidence, proofs, representative claims, incidents)
  'approve', 'reject',
  // incidents: accept for handling, confirm as true (a confirmed 跑路 changes the platform)
  'accept', 'confirm',
  // accounts
  ...sanctions, 'appoint_moderator', 'dismiss_moderator',
  // platforms and facts
  'set_status', 'verify_fact', 'contradict_fact',
  // flags and model findings
  'dismiss_flags', 'mark_flags_abusive', 'dismiss_finding', 'ring_remove',
  // appeals (the filing is logged too so the log shows both sides)
  'appeal', 'uphold', 'overturn',
] as const;
export type ModAction = (typeof modActions)[number];

export interface ModerationEventTable {
  id: Generated<number>;
  moderator_id: number | null;
  action: ModAction;
  subject_kind: ModSubjectKind;
  subject_id: number;
  platform_id: number | null;
  reason: string | null;
  note: Generated<string>;
  batch_id: number | null;
  created_at: Generated<Date>;
}

export interface QueueClaimTable {
  item_key: string;
  moderator_id: number;
  claimed_at: Generated<Date>;
  expires_at: Date;
}

export interface AppealTable {
  id: Generated<number>;
  subject_kind: PostKind;
  subject_id: number;
  account_id: number;
  body: string;
  removed_by: number | null;
  state: Generated<'pending' | 'upheld' | 'overturned'>;
  decided_by: number | null;
  decision_note: string | null;
  created_at: Generated<Date>;
  decided_at: Date | null;
}

/** A public alert's kind; each has an `alert.kind.*` label. */
export type AlertKind = 'ring_removed' | 'brushing' | 'flag_abuse' | 'exit_scam';

export interface PlatformAlertTable {
  id: Generated<number>;
  platform_id: number;
  kind: AlertKind;
  summary: string;
  event_id: number | null;
  created_at: Generated<Date>;
}

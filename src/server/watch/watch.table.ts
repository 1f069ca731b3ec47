import type { Generated, JSONColumnType } from 'kysely';
import type { PlatformStatus } from '../platforms/platform.table.ts';
import type { IncidentStatus } from '../reviews/review.table.ts';
import type { VerdictBand } from '../verdict/verdict.ts';
import { isOneOf } from '../one-of.ts';

export type WatchSubjectKind = 'platform' | 'incident';
/** How a follower is mailed: each event at once, one digest a day, or not at all. */
export const emailModes = ['immediate', 'daily', 'off'] as const;
export type EmailMode = (typeof emailModes)[number];
export function isEmailMode(s: string): s is EmailMode {
  return isOneOf(emailModes, s);
}
export const notifyEventKinds = ['band_changed', 'early_warning', 'status_changed', 'official_reply', 'case_status'] as const;
export type NotifyEventKind = (typeof notifyEventKinds)[number];
/** What each kind of event carries in notify_event.data (written by watch.events.ts). */
export interface NotifyEventData {
  band_changed: { from: VerdictBand; to: VerdictBand };
  early_warning: { complainants: number };
  status_changed: { from: PlatformStatus; to: PlatformStatus };
  /** reviewId for a reply under a review; a reply on a case names the case through incident_id. */
  official_reply: { reviewId?: number };
  case_status: { status: IncidentStatus };
}
/** An event's kind with its data: switching on `kind` types `data`. */
export type NotifyEventPayload = { [K in NotifyEventKind]: { kind: K; data: NotifyEventData[K] } }[NotifyEventKind];
export type NotifyJobKind = 'fanout' | 'mail' | 'digest';

export interface WatchTable {
  account_id: number;
  subject_kind: WatchSubjectKind;
  subject_id: number;
  created_at: Generated<Date>;
}

export interface NotifyPrefTable {
  account_id: number;
  email_mode: Generated<EmailMode>;
  feed_token_id: string | null;
  feed_secret_hash: Uint8Array | null;
  updated_at: Generated<Date>;
}

export interface NotifyEventTable {
  id: Generated<number>;
  event_key: string;
  kind: NotifyEventKind;
  platform_id: number;
  incident_id: number | null;
  actor_id: number | null;
  data: JSONColumnType<NotifyEventData[NotifyEventKind], string, string>;
  created_at: Generated<Date>;
}

export interface NotificationTable {
  id: Generated<number>;
  account_id: number;
  event_id: number;
  created_at: Generated<Date>;
  read_at: Date | null;
  mailed_at: Date | null;
}

export interface NotifyJobTable {
  id: Generated<number>;
  job_key: string;
  kind: NotifyJobKind;
  event_id: number | null;
  notification_id: number | null;
  account_id: number | null;
  run_at: Generated<Date>;
  attempts: Generated<number>;
  locked_until: Date | null;
  last_error: string | null;
  done_at: Date | null;
  failed_at: Date | null;
  created_at: Generated<Date>;
}

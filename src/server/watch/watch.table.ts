import type { Generated, JSONColumnType } from 'kysely';

export type WatchSubjectKind = 'platform' | 'incident';
export type EmailMode = 'immediate' | 'daily' | 'off';
export type NotifyEventKind = 'band_changed' | 'early_warning' | 'status_changed' | 'official_reply' | 'case_status';
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
  data: JSONColumnType<Record<string, string | number | null>, string, string>;
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

import type { Generated, Selectable } from 'kysely';

export type Role = 'member' | 'moderator' | 'admin';
export type AccountStatus = 'active' | 'suspended' | 'banned';

export interface AccountTable {
  id: Generated<number>;
  handle: string;
  handle_key: string;
  /** UTS #39 confusable skeleton of the handle (handle-safety.ts); null until backfilled. */
  handle_skeleton: Generated<string | null>;
  email: string;
  email_key: string;
  password_hash: string;
  role: Generated<Role>;
  status: Generated<AccountStatus>;
  status_reason: string | null;
  is_reseller: Generated<boolean>;
  locale: Generated<'zh-CN' | 'en'>;
  registration_fingerprint: string;
  totp_key_encrypted: string | null;
  totp_last_step: number | null;
  totp_enabled_at: Date | null;
  password_changed_at: Generated<Date>;
  created_at: Generated<Date>;
}

export interface SessionTable {
  id: string;
  secret_hash: Uint8Array;
  account_id: number;
  two_factor_verified: Generated<boolean>;
  created_at: Generated<Date>;
  last_verified_at: Generated<Date>;
}

export interface RecoveryCodeTable {
  account_id: number;
  code_hash: string;
  used_at: Date | null;
}

export interface UploadTable {
  id: Generated<number>;
  owner_id: number;
  storage_key: string;
  mime: 'image/png' | 'image/jpeg' | 'application/pdf';
  byte_size: number;
  sha256: string;
  purpose: 'proof' | 'qualification' | 'incident';
  created_at: Generated<Date>;
}

export type AccountRow = Selectable<AccountTable>;
export type SessionRow = Selectable<SessionTable>;

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
  /** When a moderator verified this account's case-report proof; until then its case reports are held. */
  reseller_verified_at: Generated<Date | null>;
  locale: Generated<'zh-CN' | 'en'>;
  registration_fingerprint: string;
  totp_key_encrypted: string | null;
  totp_last_step: number | null;
  totp_enabled_at: Date | null;
  password_changed_at: Generated<Date>;
  /** null until a link mailed to `email` was opened (sign-up); set by a password reset too. */
  email_verified_at: Generated<Date | null>;
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

export type AccountTokenPurpose = 'verify_email' | 'reset_password' | 'change_email_old' | 'change_email_new';

/** A single-use link token sent by mail: `<id>.<secret>`, only SHA-256(secret) stored (like sessions). */
export interface AccountTokenTable {
  id: string;
  secret_hash: Uint8Array;
  account_id: number;
  purpose: AccountTokenPurpose;
  email_change_id: number | null;
  expires_at: Date;
  used_at: Date | null;
  created_at: Generated<Date>;
}

/** A change of address, applied once links sent to the old and the new address were both opened. */
export interface EmailChangeTable {
  id: Generated<number>;
  account_id: number;
  new_email: string;
  new_email_key: string;
  old_confirmed_at: Date | null;
  new_confirmed_at: Date | null;
  applied_at: Date | null;
  created_at: Generated<Date>;
}

export type AccountRow = Selectable<AccountTable>;
export type SessionRow = Selectable<SessionTable>;

// API keys (issue 17, item 1): optional, for a higher rate limit than the per-IP one. Created in
// settings and shown once; only SHA-256(key) is stored, after Lucia's advice for tokens a
// database leak must not reveal (lucia-auth/lucia `pages/sessions/basic.md`: hash the secret part). A key is 160
// random bits, so a fast unsalted hash is enough: nothing to brute-force (unlike a password).
import type { Kysely } from 'kysely';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { Database } from '../db/schema.ts';
import { DomainError, FieldErrors } from '../errors.ts';
import { validateText } from '../content/text.ts';
import * as repo from './api-key.repository.ts';
import { minuteMs } from '../time.ts';

export type { ApiKeyRow } from './api-key.repository.ts';

/** Most live keys per member: enough for a site, a bot and a spare; more only spreads one person's quota. */
export const maxLiveKeysPerAccount = 5;
export const keyNameMaxChars = 60;
/** Characters of the key kept in clear to tell keys apart in settings ("kp_ab12cd"). */
const prefixLength = 9;

// The session tokens' alphabet (session-token.ts): 32 symbols, 5 bits each, no l/o look-alikes.
const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
const keyPattern = /^kp_[a-km-np-z2-9]{32}$/;

/** A new key: `kp_` + 32 × 5 = 160 random bits. */
export function generateApiKey(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  let out = 'kp_';
  for (const byte of bytes) out += alphabet[byte >> 3];
  return out;
}

export function hashApiKey(key: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(key)));
}

/** Whether a string has the shape of a key (anything else is refused without a lookup). */
export function looksLikeApiKey(s: string): boolean {
  return keyPattern.test(s);
}

/** Creates a key and returns it in clear: the only time it exists outside the caller's hands. */
export async function createApiKey(db: Kysely<Database>, accountId: number, rawName: unknown, nowMs: number): Promise<{ id: number; key: string; prefix: string }> {
  const errors = new FieldErrors();
  const raw = typeof rawName === 'string' ? rawName : '';
  // A control character inside the name is refused, not dropped as cleanText would: the owner
  // should find the key under the name they typed.
  const name = /[\u0000-\u001f\u007f]/.test(raw.trim())
    ? (errors.add('name', 'api.keys.nameInvalid'), '')
    : validateText(errors, 'name', raw, { max: keyNameMaxChars, singleLine: true, requiredKey: 'api.keys.nameRequired' }) ?? '';
  errors.throwIfAny();
  if ((await repo.countLiveKeys(db, accountId)) >= maxLiveKeysPerAccount) {
    throw new DomainError('conflict', { field: 'name', messageKey: 'api.keys.tooMany', params: { max: maxLiveKeysPerAccount } });
  }
  const key = generateApiKey();
  const prefix = key.slice(0, prefixLength);
  const id = await repo.insertKey(db, { accountId, name, prefix, keyHash: hashApiKey(key), at: new Date(nowMs) });
  return { id, key, prefix };
}

export function listApiKeys(db: Kysely<Database>, accountId: number): Promise<repo.ApiKeyRow[]> {
  return repo.listKeys(db, accountId);
}

export async function revokeApiKey(db: Kysely<Database>, accountId: number, rawId: unknown, nowMs: number): Promise<void> {
  const id = typeof rawId === 'number' ? rawId : typeof rawId === 'string' && /^\d{1,12}$/.test(rawId) ? Number(rawId) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw new DomainError('invalid_input', { messageKey: 'api.keys.unknown' });
  // Someone else's key and an unknown id get the same answer: ids reveal nothing.
  if (!(await repo.revokeKey(db, accountId, id, new Date(nowMs)))) throw new DomainError('not_found', { messageKey: 'api.keys.unknown' });
}

/** Last-used is for the owner's list, not an audit: written at most once a minute per key. */
const touchEveryMs = minuteMs;

/** The live key's id for a presented key, or null (unknown, revoked, malformed, owner not active). */
export async function authenticateApiKey(db: Kysely<Database>, presented: string, nowMs: number): Promise<{ id: number } | null> {
  if (!looksLikeApiKey(presented)) return null;
  const found = await repo.findLiveKeyByHash(db, hashApiKey(presented));
  if (!found) return null;
  if (!found.lastUsedAt || nowMs - found.lastUsedAt.getTime() >= touchEveryMs) await repo.touchKey(db, found.id, new Date(nowMs));
  return { id: found.id };
}

// Session tokens after Lucia's guide (repository lucia-auth/lucia, `pages/sessions/basic.md`,
// `pages/sessions/inactivity-timeout.md`): the cookie holds `<id>.<secret>`; the
// database holds the id and SHA-256(secret) only. The id is looked up, the secret is
// compared in constant time, so a timing leak on the lookup reveals nothing secret.
// Pure: no database, no clock (callers pass `nowMs`).
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { dayMs, hourMs, secondMs } from '../time.ts';

// Lucia's human-readable alphabet: a–z and 2–9 without l, o (confusable with 1, 0):
// 32 symbols, so each character carries exactly 5 bits.
const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';

/** Characters in the id and in the secret: 24 × 5 bits = 120 bits each (the guide's floor). */
export const sessionTokenPartLength = 24;

const tokenPattern = /^([a-km-np-z2-9]{24})\.([a-km-np-z2-9]{24})$/;

function randomString(length: number): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let out = '';
  // >> 3 keeps the top 5 bits: an exact, unbiased index into 32 symbols.
  for (const byte of bytes) out += alphabet[byte >> 3];
  return out;
}

export interface GeneratedSessionToken {
  id: string;
  secret: string;
  /** `${id}.${secret}`: goes to the cookie only, never to the database or logs. */
  token: string;
}

export function generateSessionToken(): GeneratedSessionToken {
  const id = randomString(sessionTokenPartLength);
  const secret = randomString(sessionTokenPartLength);
  return { id, secret, token: `${id}.${secret}` };
}

/** Strict: exactly `<24 alphabet chars>.<24 alphabet chars>`, anything else is null. */
export function parseSessionToken(token: string): { id: string; secret: string } | null {
  if (typeof token !== 'string' || token.length !== 2 * sessionTokenPartLength + 1) return null;
  const match = tokenPattern.exec(token);
  if (!match || match[1] === undefined || match[2] === undefined) return null;
  return { id: match[1], secret: match[2] };
}

/** SHA-256 of the secret: fast hashing suffices for 120 random bits (unlike passwords). */
export function hashSessionSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

/** Compares two byte arrays without an early exit (Oslo's, as totp.ts uses). Different lengths → false. */
export { constantTimeEqual };

/** Verifies a presented secret against the stored hash. */
export function verifySessionSecret(secret: string, storedSecretHash: Uint8Array): boolean {
  return constantTimeEqual(hashSessionSecret(secret), storedSecretHash);
}

/** Absolute lifetime (ms): 30 days. Even an active session must sign in again, which bounds a stolen token's use. */
export const sessionAbsoluteLifetimeMs = 30 * dayMs;
/** Inactivity timeout (ms): 10 days without a verified request ends the session (Lucia: 1–30 days). */
export const inactivityTimeoutMs = 10 * dayMs;
/** Activity check interval (ms): 1 hour. The session's last_verified_at is written at most this often, not on every request. */
export const activityCheckIntervalMs = 1 * hourMs;

export type SessionVerdict = 'valid' | 'refresh' | 'expired';

export interface SessionTimes {
  createdAtMs: number;
  lastVerifiedAtMs: number;
}

/**
 * Decide, after the secret matched, what to do with a session at `nowMs`:
 * - 'expired': delete it (absolute lifetime or inactivity timeout reached);
 * - 'refresh': accept it and write last_verified_at = now (and re-send the cookie);
 * - 'valid':   accept it, write nothing.
 */
export function evaluateSession(session: SessionTimes, nowMs: number): SessionVerdict {
  const { createdAtMs, lastVerifiedAtMs } = session;
  // Garbage times (NaN, ±Infinity) must never yield a live session.
  if (![createdAtMs, lastVerifiedAtMs, nowMs].every(Number.isFinite)) return 'expired';
  if (nowMs - createdAtMs >= sessionAbsoluteLifetimeMs) return 'expired';
  if (nowMs - lastVerifiedAtMs >= inactivityTimeoutMs) return 'expired';
  if (nowMs - lastVerifiedAtMs >= activityCheckIntervalMs) return 'refresh';
  return 'valid';
}

/** When the session ends if unused from now on (ms since epoch): for the cookie's Max-Age. */
export function sessionExpiresAtMs(session: SessionTimes): number {
  return Math.min(session.createdAtMs + sessionAbsoluteLifetimeMs, session.lastVerifiedAtMs + inactivityTimeoutMs);
}

/** Cookie Max-Age (s) for a session verified at `nowMs`: never past the absolute lifetime. */
export function sessionCookieMaxAgeSeconds(session: SessionTimes, nowMs: number): number {
  return Math.max(0, Math.floor((sessionExpiresAtMs(session) - nowMs) / 1000));
}

/**
 * Cookie name. Over HTTPS the `__Host-` prefix makes browsers refuse the cookie unless
 * it is Secure, Path=/ and has no Domain, so a sibling subdomain cannot plant one.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-kaopu_session' : 'kaopu_session';
}

// Browsers cap cookie lifetimes at 400 days (RFC 6265bis); a larger value is meaningless.
const maxCookieAgeSeconds = (400 * dayMs) / secondMs;

export interface SessionCookieAttributeInput {
  /** True when the site is served over HTTPS. */
  secure: boolean;
  /** Lifetime in seconds; 0 deletes the cookie. */
  maxAgeSeconds: number;
}

function clampMaxAge(maxAgeSeconds: number): number {
  if (!Number.isFinite(maxAgeSeconds) || maxAgeSeconds < 0) return 0;
  return Math.min(Math.floor(maxAgeSeconds), maxCookieAgeSeconds);
}

/**
 * Attributes for `Set-Cookie: <name>=<token>; <attributes>`:
 * HttpOnly (no script can read the token), SameSite=Lax (not sent on cross-site POSTs),
 * Path=/, Max-Age, and Secure when served over HTTPS.
 */
export function sessionCookieAttributes(input: SessionCookieAttributeInput): string {
  const parts = ['HttpOnly', 'SameSite=Lax', 'Path=/', `Max-Age=${clampMaxAge(input.maxAgeSeconds)}`];
  if (input.secure) parts.push('Secure');
  return parts.join('; ');
}

/** The same attributes as an options object for Astro's `cookies.set(name, value, options)`. */
export function sessionCookieOptions(input: SessionCookieAttributeInput): {
  httpOnly: true;
  sameSite: 'lax';
  path: '/';
  secure: boolean;
  maxAge: number;
} {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: input.secure, maxAge: clampMaxAge(input.maxAgeSeconds) };
}

// Time-based one-time passwords (RFC 6238) for moderators and anyone who opts in,
// plus single-use recovery codes. Pure: the caller passes `nowMs` and stores the last
// accepted time step (to refuse replays) and the key (sealed with secret-box.ts).
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';
import { renderSVG } from 'uqr';

/** Issuer shown in authenticator apps. */
export const totpIssuer = 'Kaopu';
/** Time step X in seconds (RFC 6238 §4.1 default, what every authenticator app uses). */
export const totpPeriodSeconds = 30;
/** Code length in digits (RFC 4226 minimum, the app default). */
export const totpDigits = 6;
/** Steps accepted either side of the current one: RFC 6238 §5.2 allows one step of
 *  clock drift / typing delay; more only widens the guessing window. */
export const totpWindowSteps = 1;
/** Key length in bytes: 160 bits, RFC 4226 §4 R6's recommendation for HMAC-SHA-1. */
export const totpKeyBytes = 20;

const totpPeriodMs = totpPeriodSeconds * 1000;

export function generateTotpKey(): Uint8Array {
  const key = new Uint8Array(totpKeyBytes);
  crypto.getRandomValues(key);
  return key;
}

/** `otpauth://totp/Kaopu:<account>?secret=…&period=30&digits=6…` for enrolment. */
export function totpKeyUri(accountName: string, key: Uint8Array, issuer: string = totpIssuer): string {
  return createTOTPKeyURI(issuer, accountName, key, totpPeriodSeconds, totpDigits);
}

/** The key URI as an SVG QR code (inline it in the page; no external image service). */
export function totpQrSvg(keyUri: string): string {
  return renderSVG(keyUri, { pixelSize: 5, border: 2, ecc: 'M' });
}

/** RFC 6238 time step T = floor((now − T0) / X) with T0 = the Unix epoch. */
export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / totpPeriodMs);
}

/** The code for a given step (tests and enrolment previews; never sent to clients otherwise). */
export function totpCodeAtStep(key: Uint8Array, step: number): string {
  return generateHOTP(key, BigInt(step), totpDigits);
}

export type TotpVerification = { ok: true; step: number } | { ok: false };

/**
 * Accepts a 6-digit code for the step at `nowMs` ± 1, but only for a step strictly after
 * `lastUsedStep`: a code (and anything older) works once (RFC 6238 §5.2). On success
 * store the returned `step` as the new `lastUsedStep` in the same transaction.
 */
export function verifyTotp(
  key: Uint8Array,
  code: string,
  nowMs: number,
  lastUsedStep: number | null,
): TotpVerification {
  if (typeof code !== 'string' || !Number.isFinite(nowMs)) return { ok: false };
  // NFKC turns full-width digits typed through a Chinese IME (１２３４５６) into ASCII.
  const candidate = code.normalize('NFKC').trim();
  if (!/^[0-9]{6}$/.test(candidate)) return { ok: false };
  const candidateBytes = new TextEncoder().encode(candidate);
  const current = totpStep(nowMs);
  let accepted: number | null = null;
  // Every step in the window is computed and compared, with no early exit.
  for (let step = current - totpWindowSteps; step <= current + totpWindowSteps; step++) {
    if (step < 0) continue;
    const expected = new TextEncoder().encode(totpCodeAtStep(key, step));
    const matches = constantTimeEqual(candidateBytes, expected);
    const fresh = lastUsedStep === null || step > lastUsedStep;
    if (matches && fresh) accepted = step;
  }
  return accepted === null ? { ok: false } : { ok: true, step: accepted };
}

// Recovery codes use the session-token alphabet (no l, o, 0, 1 to misread).
const recoveryAlphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
/** Groups × characters: 4 × 4 × 5 bits = 80 bits. The hash is unsalted (lookup by
 *  hash), so the codes need enough entropy to resist an offline search of a leaked table. */
export const recoveryCodeGroups = 4;
export const recoveryCodeGroupLength = 4;
const recoveryCodeLength = recoveryCodeGroups * recoveryCodeGroupLength;
const recoveryPattern = /^[a-km-np-z2-9]+$/;

/** `n` fresh codes like `k7dm-2xqa-pw9e-htc4`; show once, store only `hashRecoveryCode`. */
export function generateRecoveryCodes(n = 10): string[] {
  if (!Number.isSafeInteger(n) || n < 1 || n > 100) throw new RangeError('n must be in [1, 100]');
  const codes: string[] = [];
  for (let i = 0; i < n; i++) {
    const bytes = new Uint8Array(recoveryCodeLength);
    crypto.getRandomValues(bytes);
    let raw = '';
    for (const byte of bytes) raw += recoveryAlphabet[byte >> 3];
    codes.push(groupRecoveryCode(raw));
  }
  return codes;
}

function groupRecoveryCode(raw: string): string {
  const groups: string[] = [];
  for (let i = 0; i < raw.length; i += recoveryCodeGroupLength) groups.push(raw.slice(i, i + recoveryCodeGroupLength));
  return groups.join('-');
}

/**
 * Canonical form of what a user typed: NFKC (full-width input), lowercase, spaces and
 * dashes anywhere ignored. Null when it cannot be a recovery code.
 */
export function normaliseRecoveryCode(input: string): string | null {
  if (typeof input !== 'string' || input.length > 100) return null;
  const raw = input.normalize('NFKC').toLowerCase().replace(/[\s\-‐-―]/g, '');
  if (raw.length !== recoveryCodeLength || !recoveryPattern.test(raw)) return null;
  return groupRecoveryCode(raw);
}

/** SHA-256 hex of the normalised code. Throws on input that is not a recovery code. */
export function hashRecoveryCode(code: string): string {
  const normalised = normaliseRecoveryCode(code);
  if (normalised === null) throw new TypeError('Not a recovery code');
  return encodeHexLowerCase(sha256(new TextEncoder().encode(normalised)));
}

/**
 * Index of the stored hash the input matches, or -1. Compares against every hash
 * (constant time per hash) so the position of a match does not show in the timing.
 */
export function matchRecoveryCode(input: string, storedHashes: readonly string[]): number {
  const normalised = normaliseRecoveryCode(input);
  if (normalised === null) return -1;
  const presented = new TextEncoder().encode(hashRecoveryCode(normalised));
  let found = -1;
  storedHashes.forEach((stored, index) => {
    if (constantTimeEqual(presented, new TextEncoder().encode(stored)) && found === -1) found = index;
  });
  return found;
}

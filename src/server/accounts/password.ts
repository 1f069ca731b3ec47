// Password hashing (argon2id) and the sign-up password policy.
//
// Hashing uses @node-rs/argon2's defaults, which are OWASP's argon2id baseline:
// m = 19456 KiB, t = 2, p = 1 (~11 ms per hash on this project's machines). The
// parameters live in the PHC string, so raising them later still verifies old hashes.
// (Its `Algorithm` export is an ambient const enum, empty at run time: not imported.)
import type { MessageKey } from '../../i18n/index.ts';
import { hash, verify } from '@node-rs/argon2';

/** Minimum length in characters (code points): NIST SP 800-63B asks ≥ 8; 10 keeps the
 *  short, most-guessed passwords out at no cost to passphrases. */
export const passwordMinLength = 10;
/** Maximum length in characters: bounds the work spent on attacker-sent input; 256
 *  leaves room for any passphrase a password manager generates. */
export const passwordMaxLength = 256;

export type PasswordPolicyCode = 'ok' | 'too_short' | 'too_long' | 'matches_identifier' | 'too_common';

// NIST SP 800-63B §5.1.1.2: normalise Unicode passwords (NFKC) before hashing, so the
// same password typed through another IME (full-width digits, say) still matches.
function normalisePassword(password: string): string {
  return password.normalize('NFKC');
}

function characterCount(text: string): number {
  return [...text].length;
}

/** Hashes a password as an argon2id PHC string. */
export async function hashPassword(password: string): Promise<string> {
  const normalised = normalisePassword(password);
  if (characterCount(normalised) > passwordMaxLength) {
    throw new RangeError(`Password longer than ${passwordMaxLength} characters`);
  }
  return hash(normalised);
}

/** True when `password` matches `storedHash`; false (never throws) on a malformed hash. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  const normalised = normalisePassword(password);
  // Over-long input is refused before any hashing work; its length is no secret.
  if (characterCount(normalised) > passwordMaxLength) return false;
  try {
    return await verify(storedHash, normalised);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/**
 * Spend the same time as a real verification when the account does not exist, so a
 * login's response time does not reveal whether an identifier is registered.
 * Always resolves to false.
 */
export async function dummyVerify(): Promise<false> {
  // Hash of a random throwaway password, made once per process (~11 ms, first call only).
  dummyHash ??= hash(crypto.randomUUID());
  await verify(await dummyHash, 'kaopu-dummy-password').catch(() => false);
  return false;
}

// The most common passwords in public breach corpora, with the Chinese-specific ones
// (from the CSDN / 12306 / Tianya leaks: 5201314 "I love you for life", woaini "I love
// you", keyboard walks). Entries shorter than the minimum length are already refused
// by `too_short`; they stay listed so the list documents what is banned.
const commonPasswords: ReadonlySet<string> = new Set([
  '123456', '123456789', '12345678', '12345', '1234567', '1234567890', '123123', '111111',
  '000000', '666666', '888888', '123321', '654321', '112233', '121212', '7777777',
  '11111111', '1111111111', '0000000000', '0123456789', '9876543210', '12345678910',
  '123456789a', 'a123456789', 'a123456', '123456a', 'abc123', 'abc123456', 'abc1234567',
  'password', 'password1', 'password123', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'password1234',
  'qwerty', 'qwerty123', 'qwerty1234', 'qwertyuiop', 'qwertyuiop123', 'qwer1234', 'asdfghjkl',
  'asdfghjkl123', 'zxcvbnm', 'zxcvbnm123', 'zxcvbnm123456', '1qaz2wsx', '1qaz2wsx3edc',
  '1q2w3e4r', '1q2w3e4r5t', '1q2w3e4r5t6y', 'q1w2e3r4t5', 'qweasdzxc', '123qweasdzxc',
  'qazwsxedc', 'qazwsxedcrfv', '1qazxsw2', 'iloveyou', 'iloveyou1', 'iloveyou1314',
  'iloveyou520', 'admin', 'admin123', 'admin12345', 'administrator', 'root123456',
  'welcome', 'welcome123', 'letmein', 'letmein123', 'monkey', 'dragon', 'football',
  'baseball', 'sunshine', 'princess', 'shadow', 'superman', 'trustno1', 'starwars',
  'changeme', 'changeme123', 'default123', 'test123456', 'testtest123',
  '5201314', '520520', '1314520', '5201314520', '13145201314', '520131400', '7758521',
  '7758258', '147258369', '1472583690', '159753', '987654321', '147258', '258369',
  'woaini', 'woaini1314', 'woaini520', 'woaini123', 'woaini5201314', '5201314woaini',
  'woaiwojia', 'aini1314', 'qq123456', 'qq123456789', 'qq5201314',
  'a5201314', 'zhang123', 'wang123456', 'li123456', 'abcd1234', 'abcd123456',
  'aa123456', 'aa123456789', 'kaopu123', 'kaopu123456', 'kaopukaopu',
]);

function isTrivialPattern(password: string): boolean {
  const chars = [...password];
  // One repeated character ("aaaaaaaaaa") or a run of consecutive code points
  // ("abcdefghij", "9876543210"): found by every guessing tool's first pass.
  if (chars.every((c) => c === chars[0])) return true;
  const codes = chars.map((c) => c.codePointAt(0) ?? 0);
  const step = (codes[1] ?? 0) - (codes[0] ?? 0);
  if (Math.abs(step) !== 1) return false;
  return codes.every((code, i) => i === 0 || code - (codes[i - 1] ?? 0) === step);
}

export interface PasswordIdentifiers {
  handle?: string | null;
  email?: string | null;
}

/** The message key of each refused policy code: sign-up, change and reset of a password say the same. */
export const passwordPolicyKeys: Readonly<Record<Exclude<PasswordPolicyCode, 'ok'>, MessageKey>> = Object.freeze({
  too_short: 'auth.password.too_short',
  too_long: 'auth.password.too_long',
  too_common: 'auth.password.common',
  matches_identifier: 'auth.password.same_as_identity',
});

/**
 * Checks a new password. The first failing rule's code wins: the UI shows one message.
 * Identifiers are compared case-insensitively; the email's local part counts too.
 */
export function checkPasswordPolicy(password: string, identifiers: PasswordIdentifiers = {}): PasswordPolicyCode {
  const normalised = normalisePassword(password);
  const length = characterCount(normalised);
  if (length < passwordMinLength) return 'too_short';
  if (length > passwordMaxLength) return 'too_long';
  const folded = normalised.trim().toLowerCase();
  const handle = identifiers.handle?.normalize('NFKC').trim().toLowerCase();
  const email = identifiers.email?.normalize('NFKC').trim().toLowerCase();
  const candidates = [handle, email, email?.split('@')[0]].filter((x): x is string => !!x);
  if (candidates.includes(folded)) return 'matches_identifier';
  if (commonPasswords.has(folded) || isTrivialPattern(folded)) return 'too_common';
  return 'ok';
}

import { describe, expect, it } from 'vitest';
import {
  checkPasswordPolicy,
  dummyVerify,
  hashPassword,
  passwordMaxLength,
  passwordMinLength,
  verifyPassword,
} from '../../src/server/accounts/password.ts';

describe('hashPassword / verifyPassword', () => {
  it('argon2id with the library defaults (m=19456, t=2, p=1), salted', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct');
  });

  it('verifies the right password and refuses a wrong one of the same length', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery stapla')).toBe(false);
    expect(await verifyPassword(stored, 'Correct horse battery staple')).toBe(false);
    expect(await verifyPassword(stored, '')).toBe(false);
  });

  it('normalises Unicode (NFKC): full-width digits match ASCII', async () => {
    const stored = await hashPassword('靠谱密码2024abc');
    expect(await verifyPassword(stored, '靠谱密码２０２４abc')).toBe(true);
  });

  it('returns false (no throw) for a malformed hash or an over-long password', async () => {
    expect(await verifyPassword('not-a-hash', 'whatever123')).toBe(false);
    const stored = await hashPassword('x'.repeat(passwordMaxLength));
    expect(await verifyPassword(stored, 'x'.repeat(passwordMaxLength))).toBe(true);
    expect(await verifyPassword(stored, 'x'.repeat(passwordMaxLength + 1))).toBe(false);
    await expect(hashPassword('x'.repeat(passwordMaxLength + 1))).rejects.toThrow(RangeError);
  });

  it('dummyVerify always says no and costs about one verification', async () => {
    expect(await dummyVerify()).toBe(false);
    const stored = await hashPassword('some password 123');
    const t0 = performance.now();
    await verifyPassword(stored, 'some password 124');
    const real = performance.now() - t0;
    const t1 = performance.now();
    expect(await dummyVerify()).toBe(false);
    const dummy = performance.now() - t1;
    // Same argon2 parameters: within a generous factor (shared CI cores are noisy).
    expect(dummy).toBeGreaterThan(real / 5);
  });
});

describe('checkPasswordPolicy', () => {
  const ids = { handle: 'LiMing2024', email: 'liming.reviewer@example.com' };
  it.each([
    ['ok passphrase', 'tea leaves and rainy hills', 'ok'],
    ['ok mixed', 'Kp9#vLm2qR', 'ok'],
    ['too short', 'abc123', 'too_short'],
    ['9 chars', 'Kp9#vLm2q', 'too_short'],
    ['exactly 10 chars', 'Kp9#vLm2qZ', 'ok'],
    ['too long', 'a1'.repeat(129), 'too_long'],
    ['256 chars is fine', `${'Kp9#vLm2qR'.repeat(25)}abcdef`, 'ok'],
    ['Chinese counts characters, not bytes', '我的密码是很长的一句话', 'ok'],
    ['equals handle (case-insensitive)', 'limING2024', 'matches_identifier'],
    ['equals email', 'LiMing.Reviewer@example.com', 'matches_identifier'],
    ['equals email local part', 'liming.reviewer', 'matches_identifier'],
    ['common: 1234567890', '1234567890', 'too_common'],
    ['common: qwertyuiop', 'QwertyUiop', 'too_common'],
    ['common: 1q2w3e4r5t', '1q2w3e4r5t', 'too_common'],
    ['common: woaini1314', 'woaini1314', 'too_common'],
    ['common: 5201314520', '5201314520', 'too_common'],
    ['common: password123', 'password123', 'too_common'],
    ['common: iloveyou1314', 'iloveyou1314', 'too_common'],
    ['repeated character', 'aaaaaaaaaaaa', 'too_common'],
    ['ascending run', 'abcdefghijk', 'too_common'],
    ['descending digits', '9876543210', 'too_common'],
  ] as const)('%s', (_, pw, code) => {
    expect(checkPasswordPolicy(pw, ids)).toBe(code);
  });

  it('short common passwords are refused either way', () => {
    for (const pw of ['123456', 'password', 'qwerty123', '12345678', 'iloveyou', '1q2w3e4r', '5201314', 'woaini']) {
      expect(checkPasswordPolicy(pw)).not.toBe('ok');
    }
    expect(passwordMinLength).toBe(10);
  });

  it('works without identifiers', () => {
    expect(checkPasswordPolicy('tea leaves and rainy hills')).toBe('ok');
    expect(checkPasswordPolicy('tea leaves and rainy hills', { handle: null, email: undefined })).toBe('ok');
  });
});

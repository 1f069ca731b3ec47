import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretBoxError } from '../../src/server/security/secret-box.ts';

const secret = 'server-secret-for-tests-0123456789abcdef';
const otherSecret = 'another-server-secret-0123456789abcdefgh';
const totpKey = new Uint8Array([...Array(20).keys()].map((i) => (i * 37 + 11) % 256));

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretBoxError);
    expect((error as SecretBoxError).code).toBe(code);
    return;
  }
  throw new Error('expected a SecretBoxError');
}

describe('secret box (AES-256-GCM, HKDF-SHA256 key)', () => {
  it('round-trips, with a fresh nonce each time', () => {
    const box = createSecretBox(secret);
    const a = box.seal(totpKey);
    const b = box.seal(totpKey);
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(box.open(a)).toEqual(totpKey);
    expect(createSecretBox(secret).open(b)).toEqual(totpKey);
    expect(box.open(box.seal(new Uint8Array()))).toEqual(new Uint8Array());
  });

  it('the sealed value does not contain the plaintext', () => {
    const box = createSecretBox(secret);
    const sealed = box.seal(totpKey);
    const bytes = Buffer.from(sealed.slice(3), 'base64url');
    expect(bytes.includes(Buffer.from(totpKey))).toBe(false);
  });

  it('a wrong key throws decrypt_failed', () => {
    const sealed = createSecretBox(secret).seal(totpKey);
    expectCode(() => createSecretBox(otherSecret).open(sealed), 'decrypt_failed');
    expectCode(() => createSecretBox(secret, 'another-purpose').open(sealed), 'decrypt_failed');
  });

  it('a wrong context (another account row) throws decrypt_failed', () => {
    const box = createSecretBox(secret);
    const sealed = box.seal(totpKey, 'account:1');
    expect(box.open(sealed, 'account:1')).toEqual(totpKey);
    expectCode(() => box.open(sealed, 'account:2'), 'decrypt_failed');
    expectCode(() => box.open(sealed), 'decrypt_failed');
  });

  it('any flipped byte is detected', () => {
    const box = createSecretBox(secret);
    const sealed = box.seal(totpKey);
    const bytes = Buffer.from(sealed.slice(3), 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      const copy = Buffer.from(bytes);
      copy[i] = (copy[i] ?? 0) ^ 0x01;
      expectCode(() => box.open(`v1.${copy.toString('base64url')}`), 'decrypt_failed');
    }
  });

  it.each([['no version', 'abc'], ['v2', 'v2.AAAA'], ['not base64url', 'v1.###'], ['too short', 'v1.AAAA']])(
    'malformed input: %s',
    (_, input) => {
      expectCode(() => createSecretBox(secret).open(input), 'malformed');
    },
  );

  it('refuses a short server secret', () => {
    expect(() => createSecretBox('short')).toThrow(TypeError);
  });
});

// Secrets at rest (TOTP keys): AES-256-GCM with a key derived from a server secret.
// A database dump alone then yields no usable TOTP keys; the server secret lives in
// the environment, not in the database.
//
// Format: `v1.` + base64url(iv ‖ ciphertext ‖ tag). The version prefix leaves room
// for key rotation. An optional `context` (e.g. the account id) is bound as GCM
// additional data, so a sealed value copied onto another row does not open there.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** Shortest accepted server secret, in characters (e.g. `openssl rand -base64 32` gives 44). */
export const minimumServerSecretLength = 32;

const version = 'v1';
const ivBytes = 12; // 96-bit nonce: GCM's native size (NIST SP 800-38D §8.2); random per message.
const tagBytes = 16; // 128-bit tag: full-length authentication.
const keyBytes = 32; // AES-256.
// HKDF (RFC 5869) salt and info separate this key from any other key derived from the
// same server secret (cookies, fingerprints…).
const hkdfSalt = 'kaopu-secret-box';
const defaultPurpose = 'kaopu:secret-box:v1';

export type SecretBoxErrorCode = 'malformed' | 'decrypt_failed';

/** Opening failed. `decrypt_failed` = wrong key, wrong context, or tampered data. */
export class SecretBoxError extends Error {
  readonly code: SecretBoxErrorCode;

  constructor(code: SecretBoxErrorCode, message: string) {
    super(message);
    this.name = 'SecretBoxError';
    this.code = code;
  }
}

export interface SecretBox {
  seal(plaintext: Uint8Array, context?: string): string;
  open(sealed: string, context?: string): Uint8Array;
}

/** `purpose` picks an independent key per use (default: TOTP-key storage). */
export function createSecretBox(serverSecret: string, purpose: string = defaultPurpose): SecretBox {
  if (typeof serverSecret !== 'string' || serverSecret.length < minimumServerSecretLength) {
    throw new TypeError(`The server secret must be at least ${minimumServerSecretLength} characters`);
  }
  const key = Buffer.from(hkdfSync('sha256', serverSecret, hkdfSalt, purpose, keyBytes));

  return {
    seal(plaintext, context = '') {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      const tag = cipher.getAuthTag();
      return `${version}.${Buffer.concat([iv, ciphertext, tag]).toString('base64url')}`;
    },

    open(sealed, context = '') {
      if (typeof sealed !== 'string' || !sealed.startsWith(`${version}.`)) {
        throw new SecretBoxError('malformed', 'Sealed value has an unknown format');
      }
      const body = sealed.slice(version.length + 1);
      if (!/^[A-Za-z0-9_-]*$/.test(body)) throw new SecretBoxError('malformed', 'Sealed value is not base64url');
      const bytes = Buffer.from(body, 'base64url');
      if (bytes.length < ivBytes + tagBytes) throw new SecretBoxError('malformed', 'Sealed value is too short');
      const iv = bytes.subarray(0, ivBytes);
      const tag = bytes.subarray(bytes.length - tagBytes);
      const ciphertext = bytes.subarray(ivBytes, bytes.length - tagBytes);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tag);
        const plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
        return new Uint8Array(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength);
      } catch {
        // Never echo the underlying error: it adds nothing and may carry input bytes.
        throw new SecretBoxError('decrypt_failed', 'Sealed value could not be opened (wrong key or tampered)');
      }
    },
  };
}

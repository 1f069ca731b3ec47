// Device cookies for log-in throttling (issue 16, finding 5), after OWASP's "Slow Down Online
// Guessing Attacks with Device Cookies" (owasp.org/www-community/Slow_Down_Online_Guessing_Attacks_with_Device_Cookies):
// a browser that once logged in to an account holds a signed cookie naming that account, and
// per-account lock-out applies to the other clients only. Pure: no I/O, no clock.
//
// Format `v1.<accountId>.<nonce>.<mac>`; mac = HMAC-SHA256(key, "kaopu-device-v1\n<id>\n<nonce>"),
// key derived from APP_SECRET. The nonce names the device's own bucket (a bounded slow-down);
// the cookie grants nothing else, so it needs no database row.
import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { dayMs, secondMs } from '../time.ts';

export interface DeviceToken {
  accountId: number;
  nonce: string;
}

/** `__Host-` on HTTPS like the session cookie: no subdomain or plain-HTTP page can plant one. */
export function deviceCookieName(secure: boolean): string {
  return secure ? '__Host-kaopu_device' : 'kaopu_device';
}

/** 400 days, the most browsers keep a cookie (RFC 6265bis). */
export const deviceCookieMaxAgeSeconds = (400 * dayMs) / secondMs;

function mac(secret: string, accountId: number, nonce: string): Buffer {
  return createHmac('sha256', secret).update(`kaopu-device-v1\n${accountId}\n${nonce}`).digest();
}

export function issueDeviceToken(secret: string, accountId: number, nonce: string = randomBytes(16).toString('base64url')): string {
  return `v1.${accountId}.${nonce}.${mac(secret, accountId, nonce).toString('base64url')}`;
}

const tokenPattern = /^v1\.([1-9]\d{0,11})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

/** The device the cookie names, or null when it is malformed or its signature is not ours. */
export function verifyDeviceToken(secret: string, token: string | undefined | null): DeviceToken | null {
  if (typeof token !== 'string' || token.length > 120) return null;
  const m = tokenPattern.exec(token);
  if (!m) return null;
  const accountId = Number(m[1]);
  const nonce = m[2]!;
  const given = Buffer.from(m[3]!, 'base64url');
  return constantTimeEqual(given, mac(secret, accountId, nonce)) ? { accountId, nonce } : null;
}

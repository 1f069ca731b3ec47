// Opaque pagination cursors for the JSON API. A cursor names a position in one list under one
// set of filters, signed with HMAC-SHA256 so a client cannot forge or edit one (an edited
// cursor, or one from another list or other filters, is refused with 400 rather than
// silently answering something else). Pure: the secret is passed in.
import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding';

const encoder = new TextEncoder();
/** 128 bits of the MAC: ample against forgery, and keeps cursors short. */
const macBytes = 16;
/** No list on this site is longer; a larger offset is refused as malformed. */
export const maxCursorOffset = 1_000_000;
const cursorPattern = /^[A-Za-z0-9_-]{4,200}\.[A-Za-z0-9_-]{22}$/;

function mac(secret: string, payload: string): Uint8Array {
  return hmac(SHA256, encoder.encode(`kaopu-api-cursor-v1\n${secret}`), encoder.encode(payload)).slice(0, macBytes);
}

/**
 * `scope` names the list and its filters (e.g. `reviews:42:sort=newest`): a cursor only works
 * for the list it came from. The position is an offset: the services behind the API page by
 * offset, and a signed offset still cannot be tampered with.
 */
export function encodeCursor(secret: string, scope: string, offset: number): string {
  const payload = encodeBase64urlNoPadding(encoder.encode(JSON.stringify({ s: scope, o: offset })));
  return `${payload}.${encodeBase64urlNoPadding(mac(secret, payload))}`;
}

/** The offset in a cursor, or null when it is malformed, forged, or from another list. */
export function decodeCursor(secret: string, scope: string, cursor: string): number | null {
  if (!cursorPattern.test(cursor)) return null;
  const [payload, sig] = cursor.split('.') as [string, string];
  let given: Uint8Array;
  try {
    given = decodeBase64urlIgnorePadding(sig);
  } catch {
    return null;
  }
  if (given.length !== macBytes || !constantTimeEqual(given, mac(secret, payload))) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(decodeBase64urlIgnorePadding(payload)));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { s, o } = parsed as { s?: unknown; o?: unknown };
  if (s !== scope || typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0 || o > maxCursorOffset) return null;
  return o;
}

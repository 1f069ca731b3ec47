// Log-in throttling that a guesser cannot turn against the owner (issue 16, finding 5), after
// OWASP "Slow Down Online Guessing Attacks with Device Cookies":
// - per network (/24, /64): the `login` bucket, as for every client;
// - per account, clients WITHOUT the account's device cookie share one `login` bucket: ten
//   guesses from anywhere lock out strangers, not the owner;
// - a client WITH the account's device cookie (device-cookie.ts) has its own bucket and, once
//   that is spent, only waits (at most `knownDeviceMaxDelayMs`) instead of being refused.
import { rateLimitKey, rateLimitPolicies, type RateLimitResult, type RateLimitStore } from '../security/rate-limit.ts';
import type { DeviceToken } from './device-cookie.ts';

/**
 * The most a known device waits per attempt once its bucket is spent. OWASP's scheme locks a
 * device out after repeated failures; here it only slows down, so that a stolen cookie is held
 * to one guess per 2 s per connection by this and to the per-network bucket by `login`.
 */
export const knownDeviceMaxDelayMs = 2_000;

export type LoginGate =
  | { kind: 'go'; delayMs: number; knownDevice: boolean }
  | { kind: 'refused'; result: RateLimitResult };

/**
 * Decides whether this log-in attempt may go on, before the password is checked.
 * `accountId` is the account the identifier names (null: none — those attempts share a
 * bucket per identifier, so probing names costs the same); `device` the verified cookie.
 */
export async function gateLogin(
  store: RateLimitStore,
  input: { ipKey: string; identifierKey: string; accountId: number | null; device: DeviceToken | null },
): Promise<LoginGate> {
  const network = await store.consume(rateLimitKey('ip', input.ipKey), rateLimitPolicies.login);
  if (!network.allowed) return { kind: 'refused', result: network };
  const known = input.device !== null && input.accountId !== null && input.device.accountId === input.accountId;
  if (known) {
    const own = await store.consume(rateLimitKey('account', `device:${input.device!.nonce}`), rateLimitPolicies.loginKnownDevice);
    if (own.unavailable) return { kind: 'refused', result: own };
    return { kind: 'go', delayMs: own.allowed ? 0 : Math.min(own.retryAfterMs, knownDeviceMaxDelayMs), knownDevice: true };
  }
  const account = input.accountId !== null ? `login:id:${input.accountId}` : `login:key:${input.identifierKey.slice(0, 254)}`;
  const strangers = await store.consume(rateLimitKey('account', account), rateLimitPolicies.login);
  if (!strangers.allowed) return { kind: 'refused', result: strangers };
  return { kind: 'go', delayMs: 0, knownDevice: false };
}

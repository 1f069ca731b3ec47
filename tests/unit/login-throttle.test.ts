// Issue 16, finding 5: ten wrong passwords from anywhere must not lock the owner out.
// Device cookies (OWASP) + the gate, on the real in-process store with a fake clock.
import { describe, expect, it } from 'vitest';
import { issueDeviceToken, verifyDeviceToken } from '../../src/server/accounts/device-cookie.ts';
import { gateLogin, knownDeviceMaxDelayMs } from '../../src/server/accounts/login-throttle.ts';
import { ipKey, MemoryRateLimitStore, rateLimitPolicies } from '../../src/server/security/rate-limit.ts';

const secret = 'x'.repeat(40);
const otherSecret = 'y'.repeat(40);

describe('device cookies', () => {
  it('round-trips and binds the account', () => {
    const token = issueDeviceToken(secret, 42);
    expect(verifyDeviceToken(secret, token)).toEqual({ accountId: 42, nonce: expect.any(String) });
  });

  it('a forged, re-targeted or unsigned cookie is nobody', () => {
    const token = issueDeviceToken(secret, 42);
    const [v, , nonce, mac] = token.split('.');
    expect(verifyDeviceToken(otherSecret, token)).toBeNull(); // signed with another key
    expect(verifyDeviceToken(secret, `${v}.43.${nonce}.${mac}`)).toBeNull(); // moved to another account
    expect(verifyDeviceToken(secret, `${v}.42.${nonce}.${'A'.repeat(43)}`)).toBeNull(); // made-up signature
    expect(verifyDeviceToken(secret, `${v}.42.${nonce}`)).toBeNull(); // no signature
    expect(verifyDeviceToken(secret, '42')).toBeNull();
    expect(verifyDeviceToken(secret, '')).toBeNull();
    expect(verifyDeviceToken(secret, undefined)).toBeNull();
    expect(verifyDeviceToken(secret, `${token}x`)).toBeNull();
  });
});

describe('gateLogin', () => {
  const ownerId = 7;
  const owner = { ipKey: ipKey('198.51.100.20', secret), identifierKey: 'owner', accountId: ownerId };

  function attackerFrom(i: number) {
    return { ipKey: ipKey(`203.0.${i}.9`, secret), identifierKey: 'owner', accountId: ownerId, device: null };
  }

  it('a guesser on many networks locks out strangers, not the owner with a device cookie', async () => {
    let now = 1_000_000;
    const store = new MemoryRateLimitStore({ now: () => now });
    // One guess every 30 s from a fresh network each time keeps the strangers' bucket empty
    // (today's code refused the owner here: finding 5).
    for (let i = 0; i < 40; i++) {
      await gateLogin(store, attackerFrom(i));
      now += 1_000;
    }
    const stranger = await gateLogin(store, attackerFrom(200));
    expect(stranger.kind).toBe('refused');
    // The owner without the cookie (a new browser) is a stranger too: OWASP's accepted cost.
    expect((await gateLogin(store, { ...owner, device: null })).kind).toBe('refused');
    const device = verifyDeviceToken(secret, issueDeviceToken(secret, ownerId));
    const gate = await gateLogin(store, { ...owner, device });
    expect(gate).toEqual({ kind: 'go', delayMs: 0, knownDevice: true });
  });

  it('a forged cookie or another account\'s cookie gives no privilege', async () => {
    const store = new MemoryRateLimitStore({ now: () => 5_000_000 });
    for (let i = 0; i < rateLimitPolicies.login.max; i++) await gateLogin(store, attackerFrom(i));
    const forged = verifyDeviceToken(secret, issueDeviceToken(otherSecret, ownerId));
    expect((await gateLogin(store, { ...owner, device: forged })).kind).toBe('refused');
    const someoneElses = verifyDeviceToken(secret, issueDeviceToken(secret, ownerId + 1));
    expect((await gateLogin(store, { ...owner, device: someoneElses })).kind).toBe('refused');
  });

  it('a known device that keeps failing is slowed by a bounded delay, never refused', async () => {
    let now = 9_000_000;
    const store = new MemoryRateLimitStore({ now: () => now });
    const device = verifyDeviceToken(secret, issueDeviceToken(secret, ownerId));
    const delays: number[] = [];
    for (let i = 0; i < 30; i++) {
      // A fresh network each time so only the device's own bucket is in play.
      const g = await gateLogin(store, { ...owner, ipKey: ipKey(`192.0.${i}.1`, secret), device });
      expect(g.kind).toBe('go');
      if (g.kind === 'go') delays.push(g.delayMs);
      now += 100;
    }
    expect(delays.slice(0, rateLimitPolicies.loginKnownDevice.max).every((d) => d === 0)).toBe(true);
    expect(delays.slice(rateLimitPolicies.loginKnownDevice.max).every((d) => d > 0 && d <= knownDeviceMaxDelayMs)).toBe(true);
  });

  it('keeps the per-network limit for everyone, device cookie or not', async () => {
    const store = new MemoryRateLimitStore({ now: () => 1 });
    const device = verifyDeviceToken(secret, issueDeviceToken(secret, ownerId));
    for (let i = 0; i < rateLimitPolicies.login.max; i++) {
      await gateLogin(store, { ipKey: owner.ipKey, identifierKey: `name${i}`, accountId: null, device: null });
    }
    // 198.51.100.99 is in the same /24 as the guesser.
    const g = await gateLogin(store, { ...owner, ipKey: ipKey('198.51.100.99', secret), device });
    expect(g.kind).toBe('refused');
  });

  it('names that match no account share a bucket per name (probing costs the same)', async () => {
    const store = new MemoryRateLimitStore({ now: () => 1 });
    for (let i = 0; i < rateLimitPolicies.login.max; i++) {
      await gateLogin(store, { ipKey: ipKey(`10.${i}.0.1`, secret), identifierKey: 'nobody', accountId: null, device: null });
    }
    expect((await gateLogin(store, { ipKey: ipKey('10.99.0.1', secret), identifierKey: 'nobody', accountId: null, device: null })).kind).toBe('refused');
  });
});

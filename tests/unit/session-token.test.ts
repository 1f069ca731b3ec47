import { describe, expect, it } from 'vitest';
import {
  activityCheckIntervalMs,
  constantTimeEqual,
  evaluateSession,
  generateSessionToken,
  hashSessionSecret,
  inactivityTimeoutMs,
  parseSessionToken,
  sessionAbsoluteLifetimeMs,
  sessionCookieAttributes,
  sessionCookieMaxAgeSeconds,
  sessionCookieName,
  sessionCookieOptions,
  verifySessionSecret,
} from '../../src/server/accounts/session-token.ts';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

describe('generateSessionToken', () => {
  it('makes <24 chars>.<24 chars> from the 32-symbol alphabet (≥ 120 bits each)', () => {
    const { id, secret, token } = generateSessionToken();
    expect(id).toMatch(/^[a-km-np-z2-9]{24}$/);
    expect(secret).toMatch(/^[a-km-np-z2-9]{24}$/);
    expect(token).toBe(`${id}.${secret}`);
    expect(24 * Math.log2(32)).toBeGreaterThanOrEqual(120);
  });

  it('never repeats and uses the whole alphabet', () => {
    const seen = new Set<string>();
    const chars = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const { id, secret, token } = generateSessionToken();
      expect(seen.has(token)).toBe(false);
      seen.add(token);
      expect(id).not.toBe(secret);
      for (const c of id + secret) chars.add(c);
    }
    expect(chars.size).toBe(32);
  });
});

describe('parseSessionToken', () => {
  it('round-trips a generated token', () => {
    const t = generateSessionToken();
    expect(parseSessionToken(t.token)).toEqual({ id: t.id, secret: t.secret });
  });

  it.each([
    ['empty', ''],
    ['no dot', 'a'.repeat(49)],
    ['two dots', `${'a'.repeat(24)}.${'a'.repeat(11)}.${'a'.repeat(12)}`],
    ['short id', `${'a'.repeat(23)}.${'a'.repeat(25)}`],
    ['long secret', `${'a'.repeat(24)}.${'a'.repeat(25)}`],
    ['uppercase', `${'A'.repeat(24)}.${'a'.repeat(24)}`],
    ['excluded letter l', `${'l'.repeat(24)}.${'a'.repeat(24)}`],
    ['excluded digit 0', `${'a'.repeat(24)}.${'0'.repeat(24)}`],
    ['trailing newline', `${'a'.repeat(24)}.${'a'.repeat(23)}\n`],
    ['unicode', `${'a'.repeat(24)}.${'a'.repeat(23)}é`],
  ])('refuses %s', (_, token) => {
    expect(parseSessionToken(token)).toBeNull();
  });
});

describe('hashing and comparison', () => {
  it('hashes the secret with SHA-256 (32 bytes, deterministic)', () => {
    const { secret } = generateSessionToken();
    const h = hashSessionSecret(secret);
    expect(h).toBeInstanceOf(Uint8Array);
    expect(h.byteLength).toBe(32);
    expect(constantTimeEqual(h, hashSessionSecret(secret))).toBe(true);
    // SHA-256("abc") from FIPS 180-2.
    expect(Buffer.from(hashSessionSecret('abc')).toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('constantTimeEqual: same-length different arrays are not equal', () => {
    const a = new Uint8Array([1, 2, 3, 4]);
    expect(constantTimeEqual(a, new Uint8Array([1, 2, 3, 4]))).toBe(true);
    expect(constantTimeEqual(a, new Uint8Array([1, 2, 3, 5]))).toBe(false);
    expect(constantTimeEqual(a, new Uint8Array([0, 2, 3, 4]))).toBe(false);
    expect(constantTimeEqual(a, new Uint8Array([1, 2, 3]))).toBe(false);
    expect(constantTimeEqual(a, new Uint8Array([1, 2, 3, 4, 0]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array(), new Uint8Array())).toBe(true);
  });

  it('a tampered token fails: either to parse or against the stored hash', () => {
    const { token, secret } = generateSessionToken();
    const stored = hashSessionSecret(secret);
    for (let i = 0; i < token.length; i++) {
      if (token[i] === '.') continue;
      const replacement = token[i] === 'a' ? 'b' : 'a';
      const tampered = token.slice(0, i) + replacement + token.slice(i + 1);
      const parsed = parseSessionToken(tampered);
      expect(parsed).not.toBeNull();
      if (i > 24) expect(verifySessionSecret(parsed!.secret, stored)).toBe(false);
    }
    expect(verifySessionSecret(secret, stored)).toBe(true);
    expect(parseSessionToken(`${token}x`)).toBeNull();
  });
});

describe('evaluateSession', () => {
  const created = 1_700_000_000_000;

  it('constants are what the comments say', () => {
    expect(sessionAbsoluteLifetimeMs).toBe(30 * dayMs);
    expect(inactivityTimeoutMs).toBe(10 * dayMs);
    expect(activityCheckIntervalMs).toBe(hourMs);
  });

  it.each([
    ['fresh', 0, 0, 'valid'],
    ['verified 59 min ago', 59 * 60_000, 0, 'valid'],
    ['verified 1 h ago: write lastVerifiedAt', hourMs, 0, 'refresh'],
    ['idle 9 days', 9 * dayMs, 0, 'refresh'],
    ['idle exactly 10 days', 10 * dayMs, 0, 'expired'],
    ['idle 11 days', 11 * dayMs, 0, 'expired'],
    ['active, 29 days old', 29 * dayMs, 29 * dayMs - 60_000, 'valid'],
    ['active but 30 days old', 30 * dayMs, 30 * dayMs - 60_000, 'expired'],
    ['active but 45 days old', 45 * dayMs, 45 * dayMs - 1, 'expired'],
  ] as const)('%s', (_, nowOffsetMs, verifiedOffsetMs, verdict) => {
    expect(
      evaluateSession({ createdAtMs: created, lastVerifiedAtMs: created + verifiedOffsetMs }, created + nowOffsetMs),
    ).toBe(verdict);
  });

  it('garbage times are expired', () => {
    expect(evaluateSession({ createdAtMs: Number.NaN, lastVerifiedAtMs: created }, created)).toBe('expired');
    expect(evaluateSession({ createdAtMs: created, lastVerifiedAtMs: Number.POSITIVE_INFINITY }, created)).toBe(
      'expired',
    );
  });

  it('property: once expired, a session stays expired later', () => {
    for (let i = 0; i < 500; i++) {
      const lastVerifiedAtMs = created + Math.floor(Math.random() * 40 * dayMs);
      const now = lastVerifiedAtMs + Math.floor(Math.random() * 40 * dayMs);
      const s = { createdAtMs: created, lastVerifiedAtMs };
      if (evaluateSession(s, now) === 'expired') expect(evaluateSession(s, now + 1 + i * hourMs)).toBe('expired');
    }
  });

  it('cookie Max-Age never outlives the session', () => {
    const s = { createdAtMs: created, lastVerifiedAtMs: created + 25 * dayMs };
    const now = created + 25 * dayMs;
    expect(sessionCookieMaxAgeSeconds(s, now)).toBe(5 * 24 * 3600);
    const young = { createdAtMs: created, lastVerifiedAtMs: created };
    expect(sessionCookieMaxAgeSeconds(young, created)).toBe(10 * 24 * 3600);
  });
});

describe('cookie', () => {
  it('attributes: HttpOnly, SameSite=Lax, Path=/, Secure only over https', () => {
    const https = sessionCookieAttributes({ secure: true, maxAgeSeconds: 3600 });
    expect(https.split('; ')).toEqual(['HttpOnly', 'SameSite=Lax', 'Path=/', 'Max-Age=3600', 'Secure']);
    const http = sessionCookieAttributes({ secure: false, maxAgeSeconds: 3600 });
    expect(http).not.toContain('Secure');
    expect(http).toContain('HttpOnly');
    expect(sessionCookieAttributes({ secure: false, maxAgeSeconds: -5 })).toContain('Max-Age=0');
    expect(sessionCookieAttributes({ secure: false, maxAgeSeconds: 10 ** 12 })).toContain(
      `Max-Age=${400 * 24 * 3600}`,
    );
  });

  it('options for Astro cookies and the __Host- name over https', () => {
    expect(sessionCookieOptions({ secure: true, maxAgeSeconds: 60 })).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: true,
      maxAge: 60,
    });
    expect(sessionCookieName(true)).toMatch(/^__Host-/);
    expect(sessionCookieName(false)).not.toMatch(/^__Host-/);
  });
});

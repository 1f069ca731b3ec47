import { describe, expect, it } from 'vitest';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import {
  generateRecoveryCodes,
  generateTotpKey,
  hashRecoveryCode,
  matchRecoveryCode,
  normaliseRecoveryCode,
  totpCodeAtStep,
  totpKeyUri,
  totpQrSvg,
  totpStep,
  verifyTotp,
} from '../../src/server/accounts/totp.ts';

// RFC 6238 Appendix B, SHA-1 seed "12345678901234567890"; the 6-digit code is the last
// 6 digits of the published 8-digit value (HOTP truncation mod 10^d, RFC 4226 §5.3).
const rfcKey = new TextEncoder().encode('12345678901234567890');
const rfcVectors = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
] as const;

function otherCode(code: string): string {
  // Same length, one digit changed.
  const last = Number(code[5]);
  return code.slice(0, 5) + String((last + 1) % 10);
}

describe('RFC 6238 test vectors', () => {
  it.each(rfcVectors)('T = %i s', (seconds, code8) => {
    const nowMs = seconds * 1000;
    expect(totpCodeAtStep(rfcKey, totpStep(nowMs))).toBe(code8.slice(2));
    expect(verifyTotp(rfcKey, code8.slice(2), nowMs, null)).toEqual({ ok: true, step: Math.floor(seconds / 30) });
  });
});

describe('verifyTotp', () => {
  const key = generateTotpKey();
  const nowMs = 1_750_000_000_000;
  const step = totpStep(nowMs);
  const code = totpCodeAtStep(key, step);

  it('accepts the current code and reports its step', () => {
    expect(verifyTotp(key, code, nowMs, null)).toEqual({ ok: true, step });
  });

  it('refuses a same-length wrong code', () => {
    expect(verifyTotp(key, otherCode(code), nowMs, null)).toEqual({ ok: false });
  });

  it('refuses the code for another key', () => {
    expect(verifyTotp(generateTotpKey(), code, nowMs, null).ok).toBe(false);
  });

  it('accepts ±1 step, refuses ±2', () => {
    expect(verifyTotp(key, totpCodeAtStep(key, step - 1), nowMs, null)).toEqual({ ok: true, step: step - 1 });
    expect(verifyTotp(key, totpCodeAtStep(key, step + 1), nowMs, null)).toEqual({ ok: true, step: step + 1 });
    const minus2 = totpCodeAtStep(key, step - 2);
    const plus2 = totpCodeAtStep(key, step + 2);
    const window = [step - 1, step, step + 1].map((s) => totpCodeAtStep(key, s));
    if (!window.includes(minus2)) expect(verifyTotp(key, minus2, nowMs, null).ok).toBe(false);
    if (!window.includes(plus2)) expect(verifyTotp(key, plus2, nowMs, null).ok).toBe(false);
  });

  it('refuses a replayed step and anything older (step ≤ lastUsedStep)', () => {
    const first = verifyTotp(key, code, nowMs, null);
    expect(first.ok).toBe(true);
    const lastUsedStep = first.ok ? first.step : -1;
    expect(verifyTotp(key, code, nowMs, lastUsedStep)).toEqual({ ok: false });
    expect(verifyTotp(key, code, nowMs + 10_000, lastUsedStep)).toEqual({ ok: false });
    expect(verifyTotp(key, totpCodeAtStep(key, step - 1), nowMs, lastUsedStep).ok).toBe(false);
    // The next step's code still works once.
    expect(verifyTotp(key, totpCodeAtStep(key, step + 1), nowMs + 30_000, lastUsedStep)).toEqual({
      ok: true,
      step: step + 1,
    });
  });

  it.each([
    ['empty', ''],
    ['5 digits', '12345'],
    ['7 digits', '1234567'],
    ['letters', 'abcdef'],
    ['mixed', '12345a'],
    ['inner space', '123 456'],
    ['sign', '+12345'],
    ['decimal', '1234.5'],
  ])('refuses non-6-digit input: %s', (_, input) => {
    expect(verifyTotp(key, input, nowMs, null)).toEqual({ ok: false });
  });

  it('tolerates surrounding spaces and full-width digits (Chinese IME)', () => {
    expect(verifyTotp(key, ` ${code}\n`, nowMs, null).ok).toBe(true);
    const fullWidth = [...code].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
    expect(verifyTotp(key, fullWidth, nowMs, null).ok).toBe(true);
  });

  it('does not read the wall clock: the same call later still follows nowMs', () => {
    const pastMs = 59_000;
    expect(verifyTotp(rfcKey, '287082', pastMs, null).ok).toBe(true);
    expect(verifyTotp(rfcKey, '287082', Number.NaN, null).ok).toBe(false);
  });
});

describe('enrolment', () => {
  it('keys are 20 random bytes', () => {
    const a = generateTotpKey();
    expect(a.byteLength).toBe(20);
    expect(Buffer.from(a).equals(Buffer.from(generateTotpKey()))).toBe(false);
  });

  it('key URI carries issuer Kaopu, 30 s, 6 digits and the base32 key', () => {
    const key = generateTotpKey();
    const uri = new URL(totpKeyUri('li.ming@example.com', key));
    expect(uri.protocol).toBe('otpauth:');
    expect(decodeURIComponent(uri.pathname)).toContain('Kaopu:li.ming@example.com');
    expect(uri.searchParams.get('issuer')).toBe('Kaopu');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(decodeBase32IgnorePadding(uri.searchParams.get('secret') ?? '')).toEqual(key);
  });

  it('QR code is an SVG string', () => {
    const svg = totpQrSvg(totpKeyUri('a', generateTotpKey()));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('</svg>');
    expect(svg).not.toContain('<script');
  });
});

describe('recovery codes', () => {
  it('generates n unique xxxx-xxxx-xxxx-xxxx codes (80 bits)', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-km-np-z2-9]{4}(-[a-km-np-z2-9]{4}){3}$/);
    expect(generateRecoveryCodes(3)).toHaveLength(3);
    expect(() => generateRecoveryCodes(0)).toThrow(RangeError);
  });

  it('normalises case, spaces, dashes and full-width input', () => {
    const [code] = generateRecoveryCodes(1);
    const plain = code!.replaceAll('-', '');
    expect(normaliseRecoveryCode(code!)).toBe(code);
    expect(normaliseRecoveryCode(plain.toUpperCase())).toBe(code);
    expect(normaliseRecoveryCode(` ${plain.slice(0, 8)} ${plain.slice(8)} `)).toBe(code);
    const fullWidth = [...plain].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join('');
    expect(normaliseRecoveryCode(fullWidth)).toBe(code);
  });

  it.each([['too short', 'abcd-efgh-ijkm'], ['bad char', 'abcd-efgh-ijkm-nop0'], ['empty', ''], ['long', 'a'.repeat(200)]])(
    'refuses %s',
    (_, input) => {
      expect(normaliseRecoveryCode(input)).toBeNull();
      expect(() => hashRecoveryCode(input)).toThrow(TypeError);
    },
  );

  it('hash is SHA-256 hex of the normalised code; a one-char change does not match', () => {
    const [code, other] = generateRecoveryCodes(2);
    const h = hashRecoveryCode(code!);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode(code!.toUpperCase().replaceAll('-', ' '))).toBe(h);
    const flipped = code!.slice(0, -1) + (code!.endsWith('a') ? 'b' : 'a');
    expect(hashRecoveryCode(flipped)).not.toBe(h);
    const stored = [hashRecoveryCode(other!), h];
    expect(matchRecoveryCode(code!, stored)).toBe(1);
    expect(matchRecoveryCode(flipped, stored)).toBe(-1);
    expect(matchRecoveryCode('garbage', stored)).toBe(-1);
  });
});

import { describe, expect, it } from 'vitest';
import {
  coarseUserAgent,
  ipPrefix,
  primaryLanguage,
  registrationFingerprint,
} from '../../src/server/accounts/fingerprint.ts';

const salt = 'fingerprint-test-salt-0123456789';
const chromeWin =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.127 Safari/537.36';
const chromeWinPatch =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.182 Safari/537.36';
const chromeWinNext =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.6533.72 Safari/537.36';

const base = { ip: '198.51.100.23', userAgent: chromeWin, acceptLanguage: 'zh-CN,zh;q=0.9,en;q=0.8' };

describe('ipPrefix', () => {
  it.each([
    ['198.51.100.23', '198.51.100.0/24'],
    ['  198.51.100.250 ', '198.51.100.0/24'],
    ['::ffff:198.51.100.23', '198.51.100.0/24'],
    ['::FFFF:c633:6417', '198.51.100.0/24'],
    ['2001:db8:abcd:12:1:2:3:4', '2001:db8:abcd::/48'],
    ['2001:0db8:abcd:0012::1', '2001:db8:abcd::/48'],
    ['[2001:db8:abcd::1]', '2001:db8:abcd::/48'],
    ['fe80::1%eth0', 'fe80:0:0::/48'],
    ['::1', '0:0:0::/48'],
    ['not an ip', 'invalid'],
    ['', 'invalid'],
    ['999.1.1.1', 'invalid'],
  ])('%s → %s', (ip, prefix) => {
    expect(ipPrefix(ip)).toBe(prefix);
  });

  it('keeps /64 on request (rate-limit keys)', () => {
    expect(ipPrefix('2001:db8:abcd:12:1:2:3:4', { ipv6PrefixBits: 64 })).toBe('2001:db8:abcd:12::/64');
    expect(ipPrefix('198.51.100.23', { ipv6PrefixBits: 64 })).toBe('198.51.100.0/24');
  });
});

describe('coarseUserAgent', () => {
  it.each([
    [chromeWin, 'chrome', '126', 'windows'],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87',
      'edge',
      '126',
      'windows',
    ],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'firefox', '128', 'linux'],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      'safari',
      '17',
      'macos',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'safari',
      '17',
      'ios',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.153 Mobile/15E148 Safari/604.1',
      'chrome',
      '126',
      'ios',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.122 Mobile Safari/537.36',
      'chrome',
      '126',
      'android',
    ],
    [
      'Mozilla/5.0 (Linux; Android 13; V2183A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64',
      'wechat',
      '8',
      'android',
    ],
    ['curl/8.5.0', 'other', '0', 'other'],
    ['', 'other', '0', 'other'],
  ])('%#', (ua, browser, major, os) => {
    expect(coarseUserAgent(ua)).toEqual({ browser, major, os });
  });

  it('copes with a missing header and huge input quickly', () => {
    expect(coarseUserAgent(undefined).browser).toBe('other');
    const t0 = performance.now();
    coarseUserAgent(`Version/1${' '.repeat(100_000)}x`);
    expect(performance.now() - t0).toBeLessThan(100);
  });
});

describe('primaryLanguage', () => {
  it.each([
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-cn'],
    ['en-US', 'en-us'],
    ['zh-Hant-TW', 'zh-hant'],
    ['fr;q=0.5', 'fr'],
    ['*', 'none'],
    ['', 'none'],
    [null, 'none'],
  ])('%s → %s', (header, lang) => {
    expect(primaryLanguage(header)).toBe(lang);
  });
});

describe('registrationFingerprint', () => {
  const fp = registrationFingerprint(base, salt);

  it('is 32 lowercase hex characters and never contains the IP', () => {
    expect(fp).toMatch(/^[0-9a-f]{32}$/);
    for (const ip of ['198.51.100.23', '198.51.100', '2001:db8:abcd:1::5']) {
      expect(registrationFingerprint({ ...base, ip }, salt)).not.toContain(ip);
    }
    // Nor the address in another spelling (hex octets c6 33 64 17).
    expect(fp).not.toContain('c6336417');
  });

  it('two IPs in one /24 give the same fingerprint; another /24 another', () => {
    expect(registrationFingerprint({ ...base, ip: '198.51.100.200' }, salt)).toBe(fp);
    expect(registrationFingerprint({ ...base, ip: '::ffff:198.51.100.7' }, salt)).toBe(fp);
    expect(registrationFingerprint({ ...base, ip: '198.51.101.23' }, salt)).not.toBe(fp);
  });

  it('IPv6: same /48 collides, another /48 does not', () => {
    const v6 = { ...base, ip: '2001:db8:abcd:1::5' };
    const f = registrationFingerprint(v6, salt);
    expect(registrationFingerprint({ ...v6, ip: '2001:db8:abcd:ff00::9' }, salt)).toBe(f);
    expect(registrationFingerprint({ ...v6, ip: '2001:db8:abce:1::5' }, salt)).not.toBe(f);
  });

  it('coarse: a patch release keeps it, a new major or other language changes it', () => {
    expect(registrationFingerprint({ ...base, userAgent: chromeWinPatch }, salt)).toBe(fp);
    expect(registrationFingerprint({ ...base, acceptLanguage: 'zh-CN' }, salt)).toBe(fp);
    expect(registrationFingerprint({ ...base, userAgent: chromeWinNext }, salt)).not.toBe(fp);
    expect(registrationFingerprint({ ...base, acceptLanguage: 'en-US,en' }, salt)).not.toBe(fp);
  });

  it('depends on the salt and refuses a missing one', () => {
    expect(registrationFingerprint(base, `${salt}x`)).not.toBe(fp);
    expect(() => registrationFingerprint(base, '')).toThrow(TypeError);
  });
});

// Issue 16, item 2: the site's origin and the Host names it answers come from configuration.
import { describe, expect, it } from 'vitest';
import { absoluteUrl, allowedHosts, isAllowedHost, siteOrigin } from '../../src/server/http/origin.ts';

describe('siteOrigin', () => {
  it('is PUBLIC_ORIGIN when set, else the configured HOST:PORT', () => {
    expect(siteOrigin({ publicOrigin: 'https://kaopu.example', host: '127.0.0.1', port: 4321 })).toBe('https://kaopu.example');
    expect(siteOrigin({ publicOrigin: null, host: '127.0.0.1', port: 4321 })).toBe('http://127.0.0.1:4321');
    expect(siteOrigin({ publicOrigin: null, host: '127.0.0.1', port: 0 }, 40123)).toBe('http://127.0.0.1:40123');
    expect(siteOrigin({ publicOrigin: null, host: '0.0.0.0', port: 8080 })).toBe('http://localhost:8080');
    expect(siteOrigin({ publicOrigin: null, host: '::1', port: 8080 })).toBe('http://[::1]:8080');
  });
});

describe('allowed Host names', () => {
  const behindProxy = allowedHosts({ publicOrigin: 'https://kaopu.example', host: '127.0.0.1', port: 4321 });
  it.each([
    ['kaopu.example', true], ['KAOPU.example', true], ['kaopu.example.', true], ['kaopu.example:443', true],
    ['127.0.0.1:4321', true], ['localhost:4321', true], ['[::1]:4321', true], [undefined, true],
    ['evil.example', false], ['kaopu.example.evil.example', false], ['evil.example:443', false], ['kaopu.example:8443', false],
    ['127.0.0.1:4322', false], ['127.0.0.1', false], ['', false], ['kaopu.example@evil.example', false],
  ] as const)('%j → %s', (host, ok) => {
    expect(isAllowedHost(host, behindProxy)).toBe(ok);
  });

  it('names only the listen address when it is not loopback', () => {
    const lan = allowedHosts({ publicOrigin: null, host: '192.168.1.5', port: 80 });
    expect([...lan].sort()).toEqual(['192.168.1.5', '192.168.1.5:80']);
    expect(isAllowedHost('192.168.1.5', lan)).toBe(true);
    expect(isAllowedHost('localhost', lan)).toBe(false);
  });
});

describe('absoluteUrl', () => {
  it('joins a site path to the configured origin, never leaving it', () => {
    expect(absoluteUrl('https://kaopu.example', '/platforms/a?x=1')).toBe('https://kaopu.example/platforms/a?x=1');
    expect(absoluteUrl('https://kaopu.example', 'u/老王')).toBe('https://kaopu.example/u/%E8%80%81%E7%8E%8B');
    expect(absoluteUrl('https://kaopu.example', '//evil.example/x')).toBe('https://kaopu.example/evil.example/x');
    expect(absoluteUrl('https://kaopu.example', '/\\evil.example')).toBe('https://kaopu.example/evil.example');
  });
});

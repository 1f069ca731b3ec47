// TRUST_PROXY: X-Forwarded-For is read only from a trusted peer, rightmost untrusted hop wins (issue 16, item 7).
import { describe, expect, it } from 'vitest';
import { noTrustedProxies, parseTrustedProxies, resolveClientIp, type TrustedProxies } from '../../src/server/http/client-ip.ts';
import { ConfigError, loadConfig } from '../../src/server/config.ts';
import { clientIp } from '../../src/server/http/request.ts';

function proxies(spec: string): TrustedProxies {
  const p = parseTrustedProxies(spec);
  if ('invalid' in p) throw new Error(p.invalid);
  return p;
}

const lb = proxies('10.0.0.5, 10.1.0.0/16, ::1');

describe('resolveClientIp', () => {
  const table: Array<[string, string, string | null, TrustedProxies, string]> = [
    // [case, peer, X-Forwarded-For, trusted, expected]
    ['no TRUST_PROXY: the header is ignored', '203.0.113.7', '198.51.100.1', noTrustedProxies, '203.0.113.7'],
    ['untrusted peer: a forged header is ignored', '203.0.113.7', '198.51.100.1', lb, '203.0.113.7'],
    ['trusted peer, one hop', '10.0.0.5', '198.51.100.1', lb, '198.51.100.1'],
    ['client-chosen left part is skipped: rightmost untrusted hop', '10.0.0.5', '1.2.3.4, 198.51.100.1', lb, '198.51.100.1'],
    ['two trusted proxies in a row (CIDR)', '10.0.0.5', '1.2.3.4, 198.51.100.1, 10.1.2.3', lb, '198.51.100.1'],
    ['IPv4-mapped peer counts as the IPv4 proxy', '::ffff:10.0.0.5', '198.51.100.1', lb, '198.51.100.1'],
    ['IPv6 proxy and IPv6 client', '::1', '2001:db8::1', lb, '2001:db8::1'],
    ['trusted peer without a header', '10.0.0.5', null, lb, '10.0.0.5'],
    ['garbled hop: the nearest trusted proxy stands in', '10.0.0.5', 'evil, 10.1.0.9', lb, '10.1.0.9'],
    ['every hop trusted: the furthest one', '10.0.0.5', '10.1.0.1, 10.1.0.2', lb, '10.1.0.1'],
    ['IPv4 hop with a port is not an address', '10.0.0.5', '198.51.100.1:5555', lb, '10.0.0.5'],
    ['bracketed IPv6 hop', '10.0.0.5', '[2001:db8::2]', lb, '2001:db8::2'],
  ];
  it.each(table)('%s', (_name, peer, xff, trusted, expected) => {
    expect(resolveClientIp(peer, xff, trusted)).toBe(expected);
  });

  it('several X-Forwarded-For headers read as one list', () => {
    expect(resolveClientIp('10.0.0.5', ['1.1.1.1', '198.51.100.1'], lb)).toBe('198.51.100.1');
  });

  it('clientIp reads the header only with trusted proxies configured', () => {
    const ctx = { clientAddress: '10.0.0.5', request: new Request('http://x/', { headers: { 'x-forwarded-for': '198.51.100.9' } }) };
    expect(clientIp(ctx)).toBe('10.0.0.5');
    expect(clientIp(ctx, lb)).toBe('198.51.100.9');
  });
});

describe('TRUST_PROXY configuration', () => {
  it('parses addresses and CIDR blocks; unset trusts nobody', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5,192.168.0.0/24' }, '/').trustedProxies.has('192.168.0.77')).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5,192.168.0.0/24' }, '/').trustedProxies.has('192.168.1.77')).toBe(false);
    expect(loadConfig({}, '/').trustedProxies.has('127.0.0.1')).toBe(false);
  });
  it.each(['proxy.internal', '10.0.0.0/33', '10.0.0.1/x'])('refuses %s with a message naming TRUST_PROXY', (v) => {
    expect(() => loadConfig({ TRUST_PROXY: v }, '/')).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: v }, '/')).toThrow(/TRUST_PROXY/);
  });
});

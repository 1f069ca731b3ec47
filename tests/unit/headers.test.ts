import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders } from '../../src/server/security/headers.ts';

describe('securityHeaders', () => {
  it('sets the baseline headers', () => {
    const h = securityHeaders({ https: false });
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(h['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
    expect(h['X-Frame-Options']).toBe('DENY');
    expect(h['Permissions-Policy']).toBe('camera=(), microphone=(), geolocation=(), payment=()');
    expect(h['Cross-Origin-Opener-Policy']).toBe('same-origin');
    expect(Object.isFrozen(h)).toBe(true);
  });

  it('sends HSTS only over https', () => {
    expect(securityHeaders({ https: false })['Strict-Transport-Security']).toBeUndefined();
    expect(securityHeaders({ https: true })['Strict-Transport-Security']).toMatch(/^max-age=\d{8}; includeSubDomains$/);
  });

  it('CSP: same-origin scripts only, no objects, no framing, forms to self', () => {
    const csp = securityHeaders({ https: true })['Content-Security-Policy'];
    expect(csp).toBe(
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
    const directives = new Map(csp!.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
    expect(directives.get('script-src')).not.toContain("'unsafe-eval'");
  });

  it('CSP can be overridden or left to Astro', () => {
    expect(securityHeaders({ https: false, csp: false })['Content-Security-Policy']).toBeUndefined();
    expect(securityHeaders({ https: false, csp: "default-src 'none'" })['Content-Security-Policy']).toBe(
      "default-src 'none'",
    );
    expect(securityHeaders({ https: false })['Content-Security-Policy']).toBe(contentSecurityPolicy);
  });
});

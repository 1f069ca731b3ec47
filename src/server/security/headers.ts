// Response security headers for server-rendered pages. Set them in the middleware (or
// the page-cache server) on every response.
//
// Note: if Astro's `security.csp` is turned on, Astro sends its own
// Content-Security-Policy with script/style hashes; two CSP headers are both enforced
// (the intersection), so pass `csp: false` here in that case.
import { dayMs, secondMs } from '../time.ts';

/** CSP for server pages: only our own origin; no plugins, no framing, no foreign form
 *  targets. Inline styles stay allowed (Astro inlines small scoped styles); inline
 *  scripts do not — that is what stops injected markup from running. */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** HSTS max-age in seconds: 2 years (the preload list's floor is 1 year). */
export const hstsMaxAgeSeconds = (2 * 365 * dayMs) / secondMs;

export interface SecurityHeaderOptions {
  /** True when served over HTTPS; HSTS is only meaningful (and only honoured) there. */
  https: boolean;
  /** Override the CSP, or `false` to leave it to Astro's `security.csp`. */
  csp?: string | false;
}

export function securityHeaders(options: SecurityHeaderOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {
    // Browsers must not guess a type: an uploaded file is never run as HTML or script.
    'X-Content-Type-Options': 'nosniff',
    // Full URLs (with ?q= searches) stay on the site; other sites see only the origin.
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    // No framing at all (clickjacking); frame-ancestors says the same to modern browsers.
    'X-Frame-Options': 'DENY',
    // The site uses none of these powerful features; deny them to any injected content.
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    // Pages opened from here (platform links) get no handle on our window.
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
  const csp = options.csp ?? contentSecurityPolicy;
  if (csp !== false) headers['Content-Security-Policy'] = csp;
  if (options.https) {
    // Browsers ignore HSTS over plain HTTP; sending it there would only mislead.
    headers['Strict-Transport-Security'] = `max-age=${hstsMaxAgeSeconds}; includeSubDomains`;
  }
  return Object.freeze(headers);
}

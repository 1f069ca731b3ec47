// Issue 16, findings 2 and 6: every `next` / `returnTo` goes through safeRedirectPath.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { safeRedirectPath, safeRedirectPathOr } from '../../src/server/http/redirects.ts';

const evilHost = /evil/;

describe('safeRedirectPath refuses every way off the site', () => {
  it.each([
    // finding 2: the `//` check ran before `/en` was stripped
    '/en//evil.example', '/en//evil.example/x', '/en/\\evil.example', '/en/%2F/evil.example',
    '//evil', '//evil.example/path', '/\\evil', '/\\/evil', '\\\\evil',
    // encoded slashes, at any depth of encoding
    '%2F%2Fevil', '/%2F/evil', '/%2F%2Fevil', '/%252F/evil', '/%5Cevil', '/%5C%5Cevil', '/en/%252F%252Fevil',
    // bidi override (U+202E) raw and encoded, zero-width and other format characters
    '/%E2%80%AE//evil', '/\u202E//evil', '/\u202Eevil', '/\u200B/x', '/x\u2028y',
    // CR/LF and other controls, raw and encoded (header splitting)
    '/x\r\nSet-Cookie: a=b', '/x%0d%0aSet-Cookie:%20a=b', '/x%250d%250a', '/\t/evil', '/x\u0000', '/\u0085',
    // schemes and absolute URLs
    'javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>',
    'https://evil.example', 'http://evil.example/', 'HTTPS://evil.example', 'http:evil.example', 'https:/evil.example',
    // relative paths and dot segments that normalise to `//`
    'evil.example', './x', '../x', '/.//evil', '/x/..//evil', '/en/.//evil', '/%2e//evil',
    // user info
    '//user@evil', '/@evil.example',
    '', null, undefined,
  ])('%j → null', (input) => {
    const out = safeRedirectPath(input as string | null | undefined);
    if (input === '/@evil.example') {
      // A path on this site that happens to contain @: allowed, stays a path.
      expect(out).toBe('/@evil.example');
      return;
    }
    expect(out).toBeNull();
  });

  it.each([
    ['/settings', '/settings'],
    ['/en/platforms?x=1', '/platforms?x=1'],
    ['/en', '/'],
    ['/en?tab=2', '/?tab=2'],
    ['/', '/'],
    ['/platforms/abc#review-3', '/platforms/abc#review-3'],
    ['/search?q=%E5%8D%A1%E7%9B%9F&page=2', '/search?q=%E5%8D%A1%E7%9B%9F&page=2'],
    // finding 6: non-ASCII paths are kept and percent-encoded (a Location header is bytes)
    ['/u/老王买卡', '/u/%E8%80%81%E7%8E%8B%E4%B9%B0%E5%8D%A1'],
    ['/en/u/老王买卡', '/u/%E8%80%81%E7%8E%8B%E4%B9%B0%E5%8D%A1'],
    ['/u/%E8%80%81%E7%8E%8B%E4%B9%B0%E5%8D%A1', '/u/%E8%80%81%E7%8E%8B%E4%B9%B0%E5%8D%A1'],
    ['/search?q=老王', '/search?q=%E8%80%81%E7%8E%8B'],
    // a lone % is not an encoding; the page 404s, nobody leaves the site
    ['/u/100%', '/u/100%'],
    ['/mod/flag?kind=review&id=3&returnTo=%2Fplatforms%2Fa', '/mod/flag?kind=review&id=3&returnTo=%2Fplatforms%2Fa'],
    // `/en` is only the locale segment, not a prefix of another word
    ['/english', '/english'],
    ['/a/../b', '/b'],
  ])('%j → %j', (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });

  it('bounds the length', () => {
    expect(safeRedirectPath(`/${'a'.repeat(299)}`, { maxLength: 300 })).toBe(`/${'a'.repeat(299)}`);
    expect(safeRedirectPath(`/${'a'.repeat(300)}`, { maxLength: 300 })).toBeNull();
    expect(safeRedirectPathOr('//evil', '/')).toBe('/');
  });

  it('never yields a way off the site, only ASCII, and is idempotent (property)', () => {
    const piece = fc.constantFrom('/', '//', '\\', 'en', '/en', '%2F', '%2f', '%5C', '%25', '.', '..', 'evil.example', ':', '@', '?', '#', '\r', '\n', '%0d', '\u202E', '老王', 'x', 'javascript:', 'http:', ' ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (parts) => {
        const input = parts.join('');
        const out = safeRedirectPath(input);
        if (out === null) return;
        expect(out.startsWith('/')).toBe(true);
        expect(out[1]).not.toBe('/');
        expect(out[1]).not.toBe('\\');
        expect(/^[\x21-\x7e]*$/.test(out)).toBe(true);
        // Where a browser would go from this site, with the locale prefix added back, is this site.
        for (const prefix of ['', '/en']) expect(new URL(`${prefix}${out}`, 'https://kaopu.example').host).toBe('kaopu.example');
        expect(safeRedirectPath(out)).toBe(out);
        if (evilHost.test(out)) expect(out.startsWith('/') && !out.startsWith('//')).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

// Post-login and back-to destinations (`next`, `returnTo`): the one function every redirect to a
// visitor-supplied place goes through, so that none of them can leave the site (issue 16, item 3).

/** A base no request can share: a parsed value keeps it only when it is a path on this site. */
const probeOrigin = 'http://kaopu.invalid';
// C0/C1 controls and DEL (CR/LF: header splitting), backslash (browsers read `/\evil` as `//evil`,
// WHATWG URL "special" schemes), and Unicode format, line and paragraph separators (U+202E and
// friends can make `/‮//evil` display as something else).
const forbiddenChars = /[\u0000-\u001f\u007f-\u009f\\\p{Cf}\u2028\u2029]/u;
/** Percent-decoding rounds tried when looking for a hidden `//`, control or backslash. */
const maxDecodeRounds = 4;

function decodeOnce(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null; // a lone `%` (a path like /u/100%) is not an encoding to look through
  }
}

/** `/en/x` → `/x`, `/en` → `/`: pages add the reader's locale prefix themselves (every one: `/en/en/x` → `/x`). */
function stripLocalePrefix(path: string): string {
  for (;;) {
    if (path === '/en' || path.startsWith('/en?') || path.startsWith('/en#')) path = `/${path.slice(3)}`;
    else if (path.startsWith('/en/')) path = path.slice(3);
    else return path;
  }
}

/** A path a browser would still read as the same site: one leading slash, not two, not `/\`. */
function isSingleSlashPath(path: string): boolean {
  return path.startsWith('/') && path[1] !== '/' && path[1] !== '\\';
}

/**
 * The same-site path to send a visitor to, without the locale prefix, percent-encoded (so it is
 * safe in a Location header and non-ASCII paths such as /u/老王买卡 work), or null.
 *
 * Order matters (finding 2 was `/en//evil.example`: the `//` check ran before `/en` was stripped):
 * decode, normalise, strip the locale, and only then check that what is left is a path here.
 * Every percent-decoded form of the value is held to the same rules, so an encoded `//`, CR/LF,
 * backslash or bidi control is refused as well. The result is idempotent: f(f(x)) = f(x).
 */
export function safeRedirectPath(raw: string | null | undefined, opts: { maxLength?: number } = {}): string | null {
  const maxLength = opts.maxLength ?? 1024;
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > maxLength * 3) return null;
  if (forbiddenChars.test(raw)) return null;
  // The path part (a query or fragment may hold anything encoded: it cannot move the visitor off-site).
  let layer: string | null = raw.split(/[?#]/, 1)[0]!;
  for (let round = 0; layer !== null && round < maxDecodeRounds; round++) {
    if (forbiddenChars.test(layer) || !isSingleSlashPath(layer) || !isSingleSlashPath(stripLocalePrefix(layer))) return null;
    const decoded = decodeOnce(layer);
    if (decoded === layer) break;
    layer = decoded;
  }
  let url: URL;
  try {
    url = new URL(raw, probeOrigin);
  } catch {
    return null;
  }
  if (url.origin !== probeOrigin || url.username || url.password) return null;
  // Normalised: dot segments resolved (`/a/..//evil` becomes `//evil`, refused below), non-ASCII encoded.
  const path = stripLocalePrefix(`${url.pathname}${url.search}${url.hash}`);
  if (!isSingleSlashPath(path) || path.length > maxLength || forbiddenChars.test(path)) return null;
  return path;
}

/** safeRedirectPath with a fallback, for a "back" link that must always go somewhere. */
export function safeRedirectPathOr(raw: string | null | undefined, fallback: string, opts: { maxLength?: number } = {}): string {
  return safeRedirectPath(raw, opts) ?? fallback;
}

/** Where to send a reader who must log in first (says so when their session expired). */
export function loginPath(locals: { locale: 'zh-CN' | 'en'; sessionExpired: boolean }, next: string): string {
  const q = new URLSearchParams({ next });
  if (locals.sessionExpired) q.set('expired', '1');
  return `${locals.locale === 'en' ? '/en' : ''}/login?${q.toString()}`;
}

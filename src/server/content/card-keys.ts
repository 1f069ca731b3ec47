// Card keys (卡密) pasted into reviews are bearer secrets: whoever reads one can
// redeem it. Buyers paste them as "proof" all the time, so every user text is
// masked before it is stored or shown. Heuristic by design: a false positive
// hides a harmless code (the author sees a notice), a false negative leaks money.

export interface MaskResult {
  text: string;
  /** How many keys were masked. */
  count: number;
}

/** Characters kept in clear at each end: enough for the owner to recognise the key, too few to redeem it. */
const KEEP_HEAD = 4;
const KEEP_TAIL = 2;
/** Fixed-width mask so the key's length is not revealed either. */
const MASK = '\u2022'.repeat(8);

// Grouped keys: 3+ groups of 4–6 letters/digits joined by one kind of separator
// (ABCD-EFGH-IJKL-MNOP, 6222 0212 3456 7890, Steam-style ABCDE-FGHIJ-KLMNO).
const GROUPED_SRC = '[A-Za-z0-9]{4,6}(?:([- ])[A-Za-z0-9]{4,6})(?:\\1[A-Za-z0-9]{4,6})+';
// Ungrouped runs of 16+ letters/digits (mixed runs are capped at 32 by the predicate).
const RUN_SRC = '[A-Za-z0-9]{16,}';
// Not inside a longer alphanumeric token.
const CANDIDATE_RE = new RegExp(`(?<![A-Za-z0-9])(?:${GROUPED_SRC}|${RUN_SRC})(?![A-Za-z0-9])`, 'g');

/** Minimum alphanumeric characters of a grouped key (3 × 5: Steam keys). */
const GROUPED_MIN_CHARS = 15;
/** Digit-only runs this long are card numbers / PINs; phone numbers (11) and dates stay. */
const DIGIT_RUN_MIN = 16;
const MIXED_RUN_MIN = 16;
const MIXED_RUN_MAX = 32;
/** A lowercase run this long reads as a word (iPhone15Professional), not random key material. */
const WORDLIKE_LOWERCASE_RUN = 5;

// Hosts in URLs and bare domains are never masked (a shop's host is what readers search for).
const URL_HOST_RE = /https?:\/\/[^\s/?#<>"'）)\]]+/gi;
const BARE_DOMAIN_RE = /(?<![A-Za-z0-9.-])(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?![A-Za-z0-9-])/g;

function isKeyLikeGroupedMatch(match: string, separator: string): boolean {
  const groups = match.split(separator);
  const chars = groups.join('');
  if (chars.length < GROUPED_MIN_CHARS) return false;
  const hasDigit = /\d/.test(chars);
  if (separator === '-') {
    // Hyphenated: any digit, or all capitals (ABCD-EFGH-JKLM-NPQR); "well-known-shop" stays.
    return hasDigit || /^[A-Z]+$/.test(chars);
  }
  // Space-separated must look like a key in every group, so English prose
  // ("paid 1000 yuan 2024") is not caught.
  if (groups.length < 4 || !hasDigit) return false;
  return groups.every((g) => /\d/.test(g) || /^[A-Z]+$/.test(g));
}

function isKeyLikeRun(run: string): boolean {
  if (/^\d+$/.test(run)) return run.length >= DIGIT_RUN_MIN;
  if (run.length < MIXED_RUN_MIN || run.length > MIXED_RUN_MAX) return false;
  if (!/\d/.test(run) || !/[A-Za-z]/.test(run)) return false;
  return !new RegExp(`[a-z]{${WORDLIKE_LOWERCASE_RUN}}`).test(run);
}

function protectedRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const re of [URL_HOST_RE, BARE_DOMAIN_RE]) {
    for (const m of text.matchAll(re)) ranges.push([m.index, m.index + m[0].length]);
  }
  return ranges;
}

/** `ABCD-EFGH-IJKL-MNOP` → `ABCD••••••••OP` (separators dropped). */
export function maskKey(key: string): string {
  const chars = key.replace(/[^A-Za-z0-9]/g, '');
  return chars.slice(0, KEEP_HEAD) + MASK + chars.slice(-KEEP_TAIL);
}

export function maskCardKeys(text: string): MaskResult {
  const ranges = protectedRanges(text);
  let count = 0;
  const out = text.replace(CANDIDATE_RE, (match: string, separator: string | undefined, offset: number) => {
    const end = offset + match.length;
    if (ranges.some(([a, b]) => offset < b && end > a)) return match;
    const keyLike = separator !== undefined ? isKeyLikeGroupedMatch(match, separator) : isKeyLikeRun(match);
    if (!keyLike) return match;
    count++;
    return maskKey(match);
  });
  return { text: out, count };
}

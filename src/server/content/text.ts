// Plain-text hygiene for everything users type: bodies, titles, handles.
// Pure functions; the renderer (render.ts) and the validators of each form call them.

import type { FieldErrors } from '../errors.ts';
import type { MessageKey } from '../../i18n/index.ts';

export interface CleanTextOptions {
  /** Maximum length in code points after cleaning; longer text is cut. */
  maxLength?: number;
  /** Titles, names, handles: every line break and tab becomes one space, runs of spaces collapse. */
  singleLine?: boolean;
}

// Invisible characters used to dodge filters or spoof text direction:
// U+200B–U+200D zero-width space/non-joiner/joiner, U+2060 word joiner, U+FEFF BOM,
// and the bidi controls of Unicode TR #9 (U+200E/F marks, U+061C ALM,
// U+202A–U+202E embeddings/overrides, U+2066–U+2069 isolates) — the
// "Trojan Source" characters (CVE-2021-42574).
const INVISIBLE_RE = /[\u200B\u200C\u2060\uFEFF\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g;
// U+200D (ZWJ) is also stripped, except between two pictographs, where it glues
// emoji sequences (👨‍👩‍👧) and is harmless.
const ZWJ_RE = /(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu;
// C0 and C1 controls except \t and \n (\r is turned into \n first), plus DEL.
const CONTROL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// Lone UTF-16 surrogates: what invalid UTF-8 turns into once decoded loosely.
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the string holds an unpaired surrogate (not valid Unicode text). */
export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE_RE.test(s);
}

/** Cut to at most `max` code points without splitting a surrogate pair. */
function cutCodePoints(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  let n = 0;
  for (const ch of s) {
    if (n++ >= max) break;
    out += ch;
  }
  return out;
}

export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Normalises user text: lone surrogates → U+FFFD, NFC, newlines → \n,
 * invisible/bidi/control characters removed, trailing spaces on lines and
 * more than one blank line dropped, trimmed. Idempotent.
 */
export function cleanText(s: string, options: CleanTextOptions = {}): string {
  let t = s.toWellFormed().normalize('NFC');
  t = t.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n');
  t = t.replace(INVISIBLE_RE, '').replace(ZWJ_RE, '').replace(CONTROL_RE, '');
  if (options.singleLine) {
    t = t.replace(/[\s\u3000]+/g, ' ');
  } else {
    t = t.replace(/[ \t\u3000]+$/gm, '').replace(/\n{3,}/g, '\n\n');
  }
  t = t.trim();
  if (options.maxLength !== undefined) t = cutCodePoints(t, options.maxLength).trimEnd();
  return t;
}

/**
 * The one invalid-encoding check for every text users send (issue 16, finding 7). Form bodies are
 * decoded as UTF-8 with replacement, so invalid bytes arrive as U+FFFD (and a JSON body can carry
 * lone surrogates); neither is stored: the field gets `field.invalidUtf8` and the form is shown
 * again with what was typed.
 */
export function isWellFormedInput(s: string): boolean {
  return !hasLoneSurrogate(s) && !s.includes('\uFFFD');
}

/** What a text field accepts; lengths are in code points of the cleaned text. */
export interface TextRule {
  max: number;
  /** Shortest accepted text when it is not empty (default 1). */
  min?: number;
  /** Default true: empty text gets `field.required` (or `field.tooShort`, see emptyIsTooShort). */
  required?: boolean;
  /** Titles, names, handles, order numbers: see CleanTextOptions. */
  singleLine?: boolean;
  /**
   * How the text is cleaned before it is measured (default cleanText). Review bodies pass the
   * renderer, so a masked card key counts as what is stored.
   */
  clean?: (raw: string) => string;
  /** Keys for the forms whose messages say more than the generic ones (a moderator's note, say). */
  tooLongKey?: MessageKey;
  requiredKey?: MessageKey;
  /** Empty text reads "too short" (a field that asks for a minimum, not just any text). */
  emptyIsTooShort?: boolean;
}

/**
 * The one text rule (issue 19): well-formed input, cleaned (cleanText: NFC, invisible and control
 * characters out, trimmed), then required / min / max in code points. A problem is added to
 * `errors` under `field` with its message key and values; the result is the cleaned text, or null
 * when the field got an error. Anything but a string reads as empty (a missing form field).
 */
export function validateText(errors: FieldErrors, field: string, raw: unknown, rule: TextRule): string | null {
  const s = typeof raw === 'string' ? raw : '';
  const { max, min = 1, required = true } = rule;
  if (!isWellFormedInput(s)) {
    errors.add(field, 'field.invalidUtf8');
    return null;
  }
  // Cheap guard before any work on huge input (a 5 MB body is refused before cleaning it).
  if (s.length > max * 4) {
    errors.add(field, rule.tooLongKey ?? 'field.tooLong', { max });
    return null;
  }
  const value = rule.clean ? rule.clean(s) : cleanText(s, { singleLine: rule.singleLine });
  const length = codePointLength(value);
  if (length === 0) {
    if (!required) return value;
    if (rule.emptyIsTooShort) errors.add(field, 'field.tooShort', { min });
    else errors.add(field, rule.requiredKey ?? 'field.required');
    return null;
  }
  if (length < min) errors.add(field, 'field.tooShort', { min });
  else if (length > max) errors.add(field, rule.tooLongKey ?? 'field.tooLong', { max });
  else return value;
  return null;
}

/**
 * Handles and e-mail addresses as compared and stored: NFKC (full-width → ASCII),
 * invisible characters removed, lowercase, trimmed. Two identifiers that a person
 * would read as the same string become equal.
 */
export function normaliseIdentifier(s: string): string {
  return s
    .toWellFormed()
    .normalize('NFKC')
    .replace(INVISIBLE_RE, '')
    .replace(/\u200D/g, '')
    .replace(CONTROL_RE, '')
    .toLowerCase()
    .trim();
}

// Confusables that look like Latin letters (after lowercasing), a hand-picked subset of
// Unicode TR #39 confusables.txt covering Cyrillic and Greek: enough to catch "kаmi"
// with a Cyrillic а. Full-width forms are handled by NFKC before this table applies.
// Capitals first: Greek Μ looks like M while its lowercase μ looks like u.
const CAPITAL_CONFUSABLES: Readonly<Record<string, string>> = {
  // Cyrillic
  'А': 'a', 'В': 'b', 'Е': 'e', 'К': 'k', 'М': 'm', 'Н': 'h', 'О': 'o', 'Р': 'p', 'С': 'c', 'Т': 't',
  'Х': 'x', 'У': 'y', 'Ѕ': 's', 'І': 'i', 'Ј': 'j',
  // Greek
  'Α': 'a', 'Β': 'b', 'Ε': 'e', 'Ζ': 'z', 'Η': 'h', 'Ι': 'i', 'Κ': 'k', 'Μ': 'm', 'Ν': 'n', 'Ο': 'o',
  'Ρ': 'p', 'Τ': 't', 'Υ': 'y', 'Χ': 'x',
};
const CONFUSABLES: Readonly<Record<string, string>> = {
  // Cyrillic
  'а': 'a', 'в': 'b', 'с': 'c', 'ԁ': 'd', 'е': 'e', 'ё': 'e', 'һ': 'h', 'і': 'i', 'ї': 'i', 'ј': 'j', 'к': 'k',
  'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p', 'ԛ': 'q', 'г': 'r', 'ѕ': 's', 'т': 't', 'ц': 'u', 'ѵ': 'v', 'ԝ': 'w',
  'х': 'x', 'у': 'y', 'ү': 'y', 'ь': 'b', 'п': 'n', 'ӏ': 'l',
  // Greek
  'α': 'a', 'β': 'b', 'ϲ': 'c', 'δ': 'd', 'ε': 'e', 'η': 'n', 'ι': 'i', 'ϳ': 'j', 'κ': 'k', 'μ': 'u', 'ν': 'v',
  'ο': 'o', 'ρ': 'p', 'τ': 't', 'υ': 'u', 'χ': 'x', 'γ': 'y', 'ω': 'w', 'ς': 's',
  // Latin look-alikes outside ASCII
  'ı': 'i', 'ȷ': 'j', 'ſ': 's', 'ɑ': 'a', 'ɡ': 'g', 'ɩ': 'i', 'ʏ': 'y',
};

/**
 * A comparison key for duplicate and spam detection (never for display):
 * NFKC, lowercase, accents and invisible characters removed, Cyrillic/Greek
 * look-alikes mapped to Latin, whitespace collapsed. "Ｋаmі Shop" and
 * "kami shop" have the same skeleton.
 */
export function skeleton(s: string): string {
  let capitalsMapped = '';
  for (const ch of s.normalize('NFKC')) capitalsMapped += CAPITAL_CONFUSABLES[ch] ?? ch;
  const base = normaliseIdentifier(capitalsMapped).normalize('NFD').replace(/\p{M}+/gu, '');
  let out = '';
  for (const ch of base) out += CONFUSABLES[ch] ?? ch;
  return out.replace(/\s+/g, ' ');
}

const LATIN_RE = /\p{Script=Latin}/u;
const LOOKALIKE_SCRIPT_RE = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;

/** Words (letter/digit runs) that mix Latin with Cyrillic or Greek letters: homoglyph spam. */
export function findMixedScriptWords(s: string): string[] {
  const words = s.normalize('NFKC').match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  return words.filter((w) => LATIN_RE.test(w) && LOOKALIKE_SCRIPT_RE.test(w));
}

export function hasMixedScriptWord(s: string): boolean {
  return findMixedScriptWords(s).length > 0;
}

// Query understanding: what a reader's query names and asks. Pure — the platform dictionary
// comes in as data, no I/O, no clock — so the PostgreSQL engine, Meilisearch, the page and the
// tests all read one answer.
//
//   "星耀卡盟靠谱吗"      → platform 星耀卡盟 (name), intent trust, question form stripped
//   "快发 跑路"           → platform 快发卡盟 (alias), intent exit_scam
//   "https://www.kuaifa.example/x" → 快发卡盟 by its registrable domain (public-suffix aware)
//   "星瑶卡盟"            → 星耀卡盟 by sound (homophone typo), offered as "did you mean"
//   "金牛卡門還能提現嗎"   → traditional → simplified, 金牛卡门, intent withdrawal
//
// Order of work: clean → hosts (tldts) → NFKC, lowercase, traditional → simplified (OpenCC) →
// platform names (longest first, on word boundaries) → intents (dictionary.ts) → question forms
// → typos and pinyin for what is left → the residual words for text search.
import { parse as parseHost } from 'tldts';
import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';
import { normaliseDomain } from '../platforms/validators.ts';
import { cutWords, segmentQuery } from './segment.ts';
import { GENERIC_WORDS, NAME_SUFFIXES, QUESTION_FORMS, intentTriggers, type IntentKey } from './dictionary.ts';

/** One platform as the dictionary knows it (names, aliases, domains: data, never hard-coded). */
export interface PlatformEntry {
  id: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  aliases: readonly string[];
  domains: readonly string[];
}

export type MentionKind = 'domain' | 'registrable' | 'name' | 'alias' | 'pinyin' | 'typo' | 'homophone';

export interface PlatformMention {
  id: number;
  slug: string;
  kind: MentionKind;
  /** the text of the query that named it */
  text: string;
}

export interface QueryUnderstanding {
  /** the cleaned query (what the page shows back) */
  query: string;
  /** NFKC, lowercase, simplified Chinese */
  normalised: string;
  platforms: PlatformMention[];
  intents: IntentKey[];
  /** a question form (吗, 靠谱吗, is it legit …) was recognised */
  question: boolean;
  /** words left for text search (segmented like documents), without names, intents, question forms */
  words: string[];
  /** the intent words as the reader typed them (客服, 不回消息), for ranking exact wording higher */
  literal: string[];
  /** a near-miss platform name (typo or homophone): the page offers "did you mean" */
  didYouMean: { id: number; slug: string; name: string } | null;
}

/** Queries longer than this are cut (a pasted essay is not a query); matches segment.ts. */
export const QUERY_MAX_CHARS = 256;

interface Key {
  key: string;
  entry: number;
  kind: 'name' | 'alias' | 'pinyin';
}

export interface PlatformDictionary {
  readonly entries: readonly PlatformEntry[];
  /** normalised names and aliases (Han or Latin), longest first */
  readonly keys: readonly Key[];
  /** exact host → entry */
  readonly hosts: ReadonlyMap<string, number>;
  /** registrable domain (kuaifa.example) → entry */
  readonly registrable: ReadonlyMap<string, number>;
  /** a Han key's syllables (toneless pinyin) for homophone typos */
  readonly syllables: ReadonlyArray<{ key: Key; syllables: string[] }>;
  /** Latin keys without spaces/hyphens, for Latin typos, by length */
  readonly latinByLength: ReadonlyMap<number, ReadonlyArray<{ key: Key; text: string }>>;
  /** every key by its text (exact joined Latin words: xing yao → xingyao) */
  readonly byText: ReadonlyMap<string, Key>;
  /** full names (matched before intents) and the other keys (after), each by first character */
  readonly fullByFirst: ReadonlyMap<string, readonly Key[]>;
  readonly otherByFirst: ReadonlyMap<string, readonly Key[]>;
  /** Han keys of 3+ characters by each of their characters (candidates for one-character typos) */
  readonly hanByChar: ReadonlyMap<string, readonly Key[]>;
  /** syllable keys by their first syllable */
  readonly syllablesByFirst: ReadonlyMap<string, ReadonlyArray<{ key: Key; syllables: string[] }>>;
}

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
const HAN_RE = /\p{Script=Han}/u;
const ONLY_HAN_RE = /^\p{Script=Han}+$/u;
const LATIN_WORD_RE = /^[a-z0-9]+$/;

/** NFKC (full-width → ASCII), lowercase, traditional → simplified. */
export function normaliseQueryText(s: string): string {
  return toSimplified(s.normalize('NFKC').toLowerCase());
}

/** Cuts to QUERY_MAX_CHARS code points, drops lone surrogates and control characters. Never throws. */
export function cleanQuery(q: unknown): string {
  if (typeof q !== 'string') return '';
  return Array.from(q.slice(0, QUERY_MAX_CHARS * 2)).slice(0, QUERY_MAX_CHARS).join('')
    .replace(/[\uD800-\uDFFF]/g, '').replace(/[\u0000-\u001F\u007F]/g, ' ').trim();
}

const syllableCache = new Map<string, string>();

/**
 * Toneless pinyin, one syllable per character, each read on its own: a character's reading in
 * context can differ between the name and the typo (发卡 is read "fà qiǎ", hairpin, so 快发卡盟
 * would not sound like 快法卡盟), and a homophone typo is typed by its usual reading.
 */
function syllablesOf(han: string): string[] {
  return Array.from(han).map((c) => {
    let s = syllableCache.get(c);
    if (s === undefined) {
      s = (pinyin(c, { toneType: 'none', type: 'array', v: true })[0] ?? c).toLowerCase();
      if (syllableCache.size < 20_000) syllableCache.set(c, s);
    }
    return s;
  });
}

const squash = (s: string) => s.replace(/[\s\-_.]+/g, '');

/** Registrable part of a host (kuaifa-ka.example → kuaifa-ka.example; www.a.b.com.cn → b.com.cn), or null. */
function registrableOf(host: string): string | null {
  const p = parseHost(host, { allowPrivateDomains: true });
  return p.domain ?? null;
}

/** Builds the lookup tables once per set of platforms (the service caches it). */
export function buildPlatformDictionary(entries: readonly PlatformEntry[]): PlatformDictionary {
  const keys: Key[] = [];
  const hosts = new Map<string, number>();
  const registrable = new Map<string, number>();
  const seen = new Set<string>();
  const add = (raw: string, entry: number, kind: Key['kind']) => {
    const key = normaliseQueryText(raw).trim().replace(/\s+/g, ' ');
    if (key === '' || seen.has(`${entry}|${key}`)) return;
    // A single Han character or a Latin key under 3 letters names nothing reliably.
    if (ONLY_HAN_RE.test(key) ? key.length < 2 : key.length < 3) return;
    seen.add(`${entry}|${key}`);
    keys.push({ key, entry, kind });
  };
  entries.forEach((e, i) => {
    add(e.nameZh, i, 'name');
    add(e.nameEn, i, 'name');
    if (/\s/.test(e.nameEn.trim())) add(squash(e.nameEn.toLowerCase()), i, 'name');
    for (const suffix of NAME_SUFFIXES) {
      const zh = normaliseQueryText(e.nameZh);
      if (zh.endsWith(suffix) && zh.length - suffix.length >= 2) add(zh.slice(0, -suffix.length), i, 'alias');
    }
    for (const a of e.aliases) add(a, i, 'alias');
    // Pinyin: the slug's words (xingyao-card → xingyao), the toneless pinyin of the Chinese name and of its stem.
    const slugWords = e.slug.toLowerCase().split(/[-_]+/).filter((w) => w.length >= 4);
    if (slugWords[0]) add(slugWords[0], i, 'pinyin');
    add(squash(e.slug.toLowerCase()), i, 'pinyin');
    const zh = normaliseQueryText(e.nameZh).replace(/[^\p{Script=Han}]/gu, '');
    if (zh.length >= 2) {
      add(syllablesOf(zh).join(''), i, 'pinyin');
      const stem = NAME_SUFFIXES.find((s) => zh.endsWith(s) && zh.length - s.length >= 2);
      if (stem) add(syllablesOf(zh.slice(0, -stem.length)).join(''), i, 'pinyin');
    }
    for (const d of e.domains) {
      const n = normaliseDomain(d);
      if (!n.ok) continue;
      hosts.set(n.value.ascii, i);
      const reg = registrableOf(n.value.ascii);
      if (reg && !registrable.has(reg)) registrable.set(reg, i);
      // The registrable label itself (kuaifa-ka.example → kuaifa-ka, kuaifaka) is a name readers type.
      const label = parseHost(n.value.ascii, { allowPrivateDomains: true }).domainWithoutSuffix;
      if (label) {
        add(label, i, 'pinyin');
        add(squash(label), i, 'pinyin');
      }
    }
  });
  keys.sort((a, b) => b.key.length - a.key.length || a.entry - b.entry);
  const syllables = keys.filter((k) => ONLY_HAN_RE.test(k.key) && k.key.length >= 3).map((key) => ({ key, syllables: syllablesOf(key.key) }));
  const group = <T,>(items: readonly T[], by: (t: T) => string | number): Map<any, T[]> => {
    const m = new Map<string | number, T[]>();
    for (const it of items) {
      const k = by(it);
      const list = m.get(k);
      if (list) list.push(it);
      else m.set(k, [it]);
    }
    return m;
  };
  const latinByLength = group(keys.filter((k) => /^[a-z0-9 ]+$/.test(k.key) && squash(k.key).length >= 5).map((key) => ({ key, text: squash(key.key) })), (l) => l.text.length);
  const byText = new Map<string, Key>();
  for (const k of keys) if (!byText.has(k.key)) byText.set(k.key, k);
  const isFull = (k: Key) => k.kind === 'name' && (!ONLY_HAN_RE.test(k.key) || k.key.length >= 4);
  const fullByFirst = group(keys.filter(isFull), (k) => k.key[0]!);
  const otherByFirst = group(keys.filter((k) => !isFull(k)), (k) => k.key[0]!);
  const hanByChar = new Map<string, Key[]>();
  for (const k of keys) {
    if (!ONLY_HAN_RE.test(k.key) || k.key.length < 3) continue;
    for (const c of new Set(k.key)) {
      const list = hanByChar.get(c);
      if (list) list.push(k);
      else hanByChar.set(c, [k]);
    }
  }
  const syllablesByFirst = group(syllables, (s) => s.syllables[0] ?? '');
  return { entries, keys, hosts, registrable, syllables, latinByLength, byText, fullByFirst, otherByFirst, hanByChar, syllablesByFirst };
}

// A URL with a scheme, or something shaped like a host (labels with a dot and a letter TLD).
const HOST_RE = /(?:[a-z][a-z0-9+.-]{0,15}:\/\/)?(?:[\p{L}\p{N}-]+\.)+[\p{L}][\p{L}\p{N}-]*(?::\d+)?(?:[/?#][^\s]*)?/giu;

/**
 * Optimal-string-alignment distance on code points (Levenshtein plus adjacent transpositions,
 * Damerau 1964: the four commonest typing errors — xingyoa for xingyao is one edit), stopping early past `max`.
 */
export function editDistance(a: string, b: string, max = 3): number {
  const x = Array.from(a), y = Array.from(b);
  if (Math.abs(x.length - y.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  // Past the budget every distance reads max + 1, also when no row went over it on the way
  // (fast-check found " i" / "i! " with max 1: 3).
  return Math.min(prev[y.length]!, max + 1);
}

/** Typos allowed for a name of this many characters: none under 3 (Han) / 5 (Latin). */
function allowedEdits(len: number, han: boolean): number {
  if (han) return len >= 6 ? 2 : len >= 3 ? 1 : 0;
  return len >= 9 ? 2 : len >= 5 ? 1 : 0;
}

/** Spans of `text` (code-unit offsets) that are whole words of jieba's cut. */
function wordBoundaries(text: string): Set<number> {
  const b = new Set<number>([0]);
  let pos = 0;
  for (const w of cutWords(text)) {
    pos += w.length;
    b.add(pos);
  }
  return b;
}

const questionForms = [...QUESTION_FORMS].sort((a, b) => b.length - a.length);
const hanQuestionForms = questionForms.filter((f) => HAN_RE.test(f));
const latinQuestionWords = new Set(questionForms.filter((f) => !HAN_RE.test(f) && !f.includes(' ')));
const latinQuestionPhrases = questionForms.filter((f) => !HAN_RE.test(f) && f.includes(' '));
const genericWords = new Set(GENERIC_WORDS);
const triggers = intentTriggers();

/** Replaces `text[start, end)` with spaces, so later passes cannot match across what was consumed. */
function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);
}

function isLatinBoundary(text: string, start: number, end: number): boolean {
  const before = start === 0 ? '' : text[start - 1]!;
  const after = end >= text.length ? '' : text[end]!;
  return !/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after);
}

/**
 * Reads a query. Never throws: anything unexpected leaves the query as plain words.
 */
export function understandQuery(raw: unknown, dict: PlatformDictionary): QueryUnderstanding {
  const query = cleanQuery(raw);
  const out: QueryUnderstanding = { query, normalised: '', platforms: [], intents: [], question: false, words: [], literal: [], didYouMean: null };
  if (query === '') return out;
  try {
    return understand(query, dict, out);
  } catch {
    return { ...out, words: segmentQuery(query) };
  }
}

function understand(query: string, dict: PlatformDictionary, out: QueryUnderstanding): QueryUnderstanding {
  const mentioned = new Map<number, PlatformMention>();
  const mention = (entry: number, kind: MentionKind, text: string) => {
    if (!mentioned.has(entry)) mentioned.set(entry, { id: dict.entries[entry]!.id, slug: dict.entries[entry]!.slug, kind, text });
  };

  // 1. Hosts and URLs, before anything lowercases or converts them.
  let text = query.normalize('NFKC').toLowerCase();
  // Last match first: replacing a span cannot shift the offsets of the matches before it.
  for (const m of [...text.matchAll(HOST_RE)].reverse()) {
    const n = normaliseDomain(m[0]);
    if (!n.ok || !n.value.ascii.includes('.')) continue;
    const host = n.value.ascii;
    const label = parseHost(host, { allowPrivateDomains: true }).domainWithoutSuffix ?? '';
    let entry = dict.hosts.get(host);
    let kind: MentionKind = 'domain';
    if (entry === undefined) {
      // The registrable part (public-suffix aware): m.kuaifa.example → kuaifa.example. Never the
      // suffix alone: "example" or "com" is shared by every site and names none.
      const reg = registrableOf(host);
      if (reg) entry = dict.registrable.get(reg);
      kind = 'registrable';
    }
    if (entry === undefined) {
      // An unknown host one of whose labels is a platform's name or pinyin (kuaifa.com,
      // xingyao-card.example.com → the platform): the registrable label first, then the others.
      const labels = [label, ...host.split('.').slice(0, -1).filter((l) => l !== label)];
      for (const l of labels) {
        if (l.length < 4) continue;
        const k = dict.byText.get(l) ?? dict.byText.get(squash(l));
        if (k) {
          entry = k.entry;
          kind = 'pinyin';
          break;
        }
      }
    }
    const end = m.index + m[0].length;
    if (entry !== undefined) {
      mention(entry, kind, m[0]);
      text = blank(text, m.index, end);
    } else {
      // Not a known site: its label stays as a word ("abc.com" → abc); the suffix and path go.
      text = `${text.slice(0, m.index)} ${label.replace(/-/g, ' ')} ${text.slice(end)}`;
    }
  }

  // 2. Normalise the rest: simplified Chinese, single spaces kept as separators.
  text = toSimplified(text);
  out.normalised = toSimplified(query.normalize('NFKC').toLowerCase());

  // 3. Names, then intents, then aliases. A full name (好评卡盟, Xingyao Card) is matched before
  //    the intents so that a trigger inside it cannot split it; a short alias or name stem (好评 of
  //    好评卡盟, 快发) after them, so that 刷好评 asks about fake praise instead of naming 好评卡盟.
  //    Han keys of up to 3 characters must be whole words of the query (快发 in "快发 跑路", not
  //    in "快发货"); Latin keys must not sit inside a longer word.
  const bounds = wordBoundaries(text);
  // Candidates by their first character; applied longest first (a name before the alias inside it).
  const matchKeys = (byFirst: ReadonlyMap<string, readonly Key[]>) => {
    const found: Array<{ k: Key; at: number }> = [];
    for (let at = 0; at < text.length; at++) {
      for (const k of byFirst.get(text[at]!) ?? []) if (text.startsWith(k.key, at)) found.push({ k, at });
    }
    found.sort((a, b) => b.k.key.length - a.k.key.length || a.at - b.at);
    for (const { k, at } of found) {
      const end = at + k.key.length;
      if (!text.startsWith(k.key, at)) continue; // already consumed by a longer key
      if (ONLY_HAN_RE.test(k.key)) {
        if (k.key.length <= 3 && !(bounds.has(at) && bounds.has(end)) && !hanRunIs(text, at, end)) continue;
      } else if (!isLatinBoundary(text, at, end)) continue;
      mention(k.entry, k.kind, k.key);
      text = blank(text, at, end);
    }
  };
  matchKeys(dict.fullByFirst);

  // 4. Intents; the words the reader typed for them are kept (literal) — a review saying exactly
  //    "客服不回消息" answers that query better than one saying only 客服.
  const intents = new Set<IntentKey>();
  const literal: string[] = [];
  for (const { trigger, intent } of triggers) {
    for (let at = text.indexOf(trigger); at !== -1; at = text.indexOf(trigger, at + 1)) {
      const end = at + trigger.length;
      if (!HAN_RE.test(trigger) && !isLatinBoundary(text, at, end)) continue;
      intents.add(intent);
      if (intent !== 'trust') literal.push(trigger);
      text = blank(text, at, end);
    }
  }
  matchKeys(dict.otherByFirst);

  // 5. Question forms: multi-character Chinese forms anywhere, particles and English words whole.
  for (const f of hanQuestionForms) {
    if (f.length < 2) continue;
    for (let at = text.indexOf(f); at !== -1; at = text.indexOf(f, at + 1)) {
      out.question = true;
      text = blank(text, at, at + f.length);
    }
  }
  for (const f of latinQuestionPhrases) {
    for (let at = text.indexOf(f); at !== -1; at = text.indexOf(f, at + 1)) {
      if (!isLatinBoundary(text, at, at + f.length)) continue;
      out.question = true;
      text = blank(text, at, at + f.length);
    }
  }
  if (/[?？]/.test(text)) out.question = true;
  let words = cutWords(text.replace(/[?？!！,，。.、;；:：'"“”‘’()（）【】\[\]<>《》/\\|~`@#$%^&*+=_-]+/g, ' '))
    .map((w) => w.trim()).filter((w) => w !== '');
  words = words.filter((w) => {
    if (hanQuestionForms.includes(w) || latinQuestionWords.has(w)) {
      out.question = true;
      return false;
    }
    return true;
  });

  // 6. Typos and pinyin in what is left, when nothing named a platform yet.
  if (mentioned.size === 0) {
    const fuzzy = fuzzyMention(words, dict);
    if (fuzzy) {
      mention(fuzzy.entry, fuzzy.kind, fuzzy.text);
      if (fuzzy.kind === 'typo' || fuzzy.kind === 'homophone') {
        const e = dict.entries[fuzzy.entry]!;
        out.didYouMean = { id: e.id, slug: e.slug, name: e.nameZh };
      }
      words = removeSpan(words, fuzzy.consumed);
    }
  }

  // 7. What is left, segmented like documents; generic nouns dropped when anything else was understood.
  const understood = mentioned.size > 0 || intents.size > 0;
  let residual = segmentQuery(words.join(' '));
  // A lone Han character left over (快 of 快发货, 用 of 还能用吗) says nothing once the rest was understood.
  if (understood) residual = residual.filter((w) => !genericWords.has(w) && !(ONLY_HAN_RE.test(w) && w.length === 1));
  else if (residual.some((w) => !genericWords.has(w))) residual = residual.filter((w) => !genericWords.has(w));

  out.platforms = [...mentioned.values()];
  out.intents = [...intents];
  out.literal = [...new Set(literal)];
  out.words = [...new Set(residual)];
  return out;
}

/** A Han key inside a longer run of Han characters that the cut split oddly still counts when the run is exactly the key. */
function hanRunIs(text: string, at: number, end: number): boolean {
  const before = at === 0 ? '' : text[at - 1]!;
  const after = end >= text.length ? '' : text[end]!;
  return !HAN_RE.test(before) && !HAN_RE.test(after);
}

function removeSpan(words: string[], consumed: ReadonlySet<number>): string[] {
  return words.filter((_, i) => !consumed.has(i));
}

/** Longest run of Chinese characters searched for a misspelt name. */
const maxFuzzyRunChars = 16;

interface Fuzzy { entry: number; kind: MentionKind; text: string; consumed: Set<number> }

/**
 * A near-miss name in the leftover words: Latin words (alone or two or three joined, for
 * "xing yao") against Latin names and pinyin; Han runs against Han names by sound (星瑶 for 星耀,
 * same pinyin) or by one wrong character (速达卡萌).
 */
function fuzzyMention(words: string[], dict: PlatformDictionary): Fuzzy | null {
  // Latin: exact pinyin or name when joined (xing yao → xingyao), else within the edit budget.
  for (let n = 3; n >= 1; n--) {
    for (let i = 0; i + n <= words.length; i++) {
      const slice = words.slice(i, i + n);
      if (!slice.every((w) => LATIN_WORD_RE.test(w))) continue;
      const joined = slice.join('');
      if (joined.length < 4 || joined.length > 40) continue;
      let best: { key: Key; d: number } | null = null;
      for (let len = joined.length - 2; len <= joined.length + 2; len++) {
        for (const l of dict.latinByLength.get(len) ?? []) {
          const budget = allowedEdits(l.text.length, false);
          const d = l.text === joined ? 0 : budget === 0 ? 99 : editDistance(joined, l.text, budget);
          if (d <= budget && (!best || d < best.d)) best = { key: l.key, d };
        }
      }
      const exact = n > 1 ? dict.byText.get(joined) : undefined;
      if (exact && (!best || best.d > 0)) best = { key: exact, d: 0 };
      if (best) {
        const consumed = new Set(Array.from({ length: n }, (_, k) => i + k));
        return { entry: best.key.entry, kind: best.d === 0 ? (best.key.kind === 'pinyin' ? 'pinyin' : best.key.kind) : 'typo', text: slice.join(' '), consumed };
      }
    }
  }
  // Han: join the leftover Han words into runs (the cut splits unknown names into characters).
  const runs: Array<{ text: string; idx: number[] }> = [];
  words.forEach((w, i) => {
    if (!ONLY_HAN_RE.test(w)) return;
    const last = runs[runs.length - 1];
    if (last && last.idx[last.idx.length - 1] === i - 1) {
      last.text += w;
      last.idx.push(i);
    } else runs.push({ text: w, idx: [i] });
  });
  for (const run of runs) {
    // Names are short: a long run of characters is a sentence, not a misspelt name.
    if (run.text.length < 2 || run.text.length > maxFuzzyRunChars) continue;
    const runSyl = syllablesOf(run.text);
    // Same sound, other characters: every syllable of the name, in order, inside the run.
    for (let at = 0; at < runSyl.length; at++) {
      for (const s of dict.syllablesByFirst.get(runSyl[at]!) ?? []) {
        const L = s.syllables.length;
        if (at + L <= runSyl.length && s.syllables.every((syl, k) => runSyl[at + k] === syl)) {
          return { entry: s.key.entry, kind: 'homophone', text: run.text.slice(at, at + L), consumed: consumedFor(words, run, at, L) };
        }
      }
    }
    // One wrong character (two for names of 6+): windows of the name's length ±1.
    const chars = Array.from(run.text);
    // Candidates: names sharing all but `budget` of their characters with the run.
    const shared = new Map<Key, number>();
    for (const c of new Set(chars)) for (const k of dict.hanByChar.get(c) ?? []) shared.set(k, (shared.get(k) ?? 0) + 1);
    let best: { key: Key; d: number; at: number; len: number } | null = null;
    for (const [k, n] of shared) {
      const budget = allowedEdits(k.key.length, true);
      if (n < new Set(k.key).size - budget) continue;
      for (let len = k.key.length - 1; len <= k.key.length + 1; len++) {
        for (let at = 0; at + len <= chars.length; at++) {
          const win = chars.slice(at, at + len).join('');
          const d = editDistance(win, k.key, budget);
          if (d <= budget && d > 0 && (!best || d < best.d)) best = { key: k, d, at, len };
        }
      }
    }
    if (best) return { entry: best.key.entry, kind: 'typo', text: chars.slice(best.at, best.at + best.len).join(''), consumed: consumedFor(words, run, best.at, best.len) };
  }
  return null;
}

/** The word indexes of a run covering characters [at, at + len) of the run. */
function consumedFor(words: string[], run: { idx: number[] }, at: number, len: number): Set<number> {
  const out = new Set<number>();
  let pos = 0;
  for (const i of run.idx) {
    const l = Array.from(words[i]!).length;
    if (pos + l > at && pos < at + len) out.add(i);
    pos += l;
  }
  return out;
}

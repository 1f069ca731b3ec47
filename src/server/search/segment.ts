// Chinese word segmentation for full-text search. PostgreSQL's 'simple' text
// search config splits on spaces only, and Chinese has none, so documents are
// stored pre-segmented (`to_tsvector('simple', segmentForIndex(text))`) and
// queries go through the very same cut (`segmentQuery`, `segmentQueryTerms`) —
// the one rule that makes recall work: query and document must be cut identically.
//
// jieba (dictionary + search-mode cut) with our domain words: Intl.Segmenter
// splits 卡密, 到账, 充值 into single characters and cuts across words
// (的话费 → 的话|费), see docs/STACK.md "Chinese text search".

import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { normaliseDomain } from '../platforms/validators.ts';
import { cleanText } from '../content/text.ts';

/**
 * Domain words (jieba user-dictionary lines: word, frequency, part of speech).
 * Frequencies high enough to win over the general dictionary's splits
 * (without 到账 the default dictionary cuts 到|账). Compound terms such as
 * 卡密失效 are listed whole; search-mode cut also emits their parts (卡密, 失效).
 */
export const DOMAIN_WORDS: ReadonlyArray<readonly [word: string, freq: number, tag: string]> = [
  ['卡盟', 2000, 'n'],
  ['卡密', 2000, 'n'],
  ['卡券', 1000, 'n'],
  ['卡号', 1000, 'n'],
  ['话费', 2000, 'n'],
  ['充值', 2000, 'v'],
  ['话费充值', 800, 'n'],
  ['到账', 2000, 'v'],
  ['秒到账', 500, 'v'],
  ['点卡', 1500, 'n'],
  ['游戏点卡', 800, 'n'],
  ['会员', 2000, 'n'],
  ['视频会员', 800, 'n'],
  ['音乐会员', 500, 'n'],
  ['兑换码', 1500, 'n'],
  ['激活码', 1000, 'n'],
  ['礼品卡', 800, 'n'],
  ['q币', 800, 'n'], // lowercase: text is lowercased before cutting
  ['跑路', 1500, 'v'],
  ['退款', 2000, 'v'],
  ['一键退款', 800, 'n'],
  ['售后', 2000, 'n'],
  ['售后无门', 500, 'l'],
  ['客服', 2000, 'n'],
  ['担保交易', 800, 'n'],
  ['第三方存管', 500, 'n'],
  ['黑卡', 1000, 'n'],
  ['黑卡密', 500, 'n'],
  ['回收卡', 800, 'n'],
  ['盗刷', 1000, 'v'],
  ['盗刷卡', 800, 'n'],
  ['失效', 1500, 'v'],
  ['卡密失效', 800, 'n'],
  ['增值电信', 800, 'n'],
  ['增值电信业务', 800, 'n'],
  ['营业执照', 1000, 'n'],
  ['经营范围', 800, 'n'],
  ['备案', 1500, 'n'],
  ['备案号', 800, 'n'],
  ['许可证', 1500, 'n'],
  ['经营许可证', 800, 'n'],
  ['资质', 1500, 'n'],
  ['风控', 1500, 'n'],
  ['口碑', 1500, 'n'],
  ['追评', 1000, 'n'],
  ['差评', 1000, 'n'],
  ['好评', 1000, 'n'],
  ['刷单', 1000, 'v'],
  ['托儿', 800, 'n'],
  ['货源', 1000, 'n'],
  ['供货商', 800, 'n'],
  ['下单', 1500, 'v'],
  ['发货', 1500, 'v'],
  ['秒发', 500, 'v'],
  ['自动发货', 500, 'v'],
  ['代理', 1500, 'n'],
  ['加盟', 1000, 'v'],
  ['分站', 800, 'n'],
  ['商户', 1000, 'n'],
  ['支付宝', 1500, 'n'],
  ['微信支付', 800, 'n'],
  ['对公账户', 500, 'n'],
  ['溯源', 800, 'v'],
  ['卡密溯源', 500, 'n'],
  ['未使用', 800, 'a'],
  ['已使用', 800, 'a'],
  ['停机', 800, 'v'],
  ['靠谱', 2000, 'a'],
  ['不靠谱', 800, 'a'],
  ['黑名单', 800, 'n'],
  ['二次验证', 500, 'n'],
  ['数据泄露', 500, 'n'],
];

/** Queries longer than this are cut before segmentation (a pasted essay is not a query). */
export const QUERY_MAX_CHARS = 256;
/** At most this many tokens go to the database (keeps tsquery small and its cost bounded). */
export const QUERY_MAX_TOKENS = 32;

let jieba: Jieba | null = null;

/** Loading the dictionary takes ~0.2 s: do it once, on first use. */
function getJieba(): Jieba {
  if (jieba === null) {
    const instance = Jieba.withDict(dict);
    instance.loadDict(Buffer.from(DOMAIN_WORDS.map(([w, f, t]) => `${w} ${f} ${t}`).join('\n')));
    jieba = instance;
  }
  return jieba;
}

// A URL with a scheme (its host is kept, path and query are not: they are noise
// for search and differ between pages of one site) or a bare ASCII domain.
// The scheme is anchored by a lookbehind and bounded, or a long letter run makes this quadratic.
const URL_RE = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,31}:\/\/[^\s<>"'，。；！？、（）【】「」《》]+/g;
// Labels may be Unicode (飞鱼卡铺.example); the TLD is ASCII, punycode or a common Chinese IDN TLD.
// A greedy Unicode label may swallow the preceding words of a sentence: harmless, since
// labels are cut like text below and yield the same word tokens.
const LABEL_SRC = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?';
const TLD_SRC = '(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59}|中国|中國|公司|网络|在线|商城|网店|网址|集团|游戏)';
const DOMAIN_SRC = `(?<![\\p{L}\\p{N}.@-])(?:${LABEL_SRC}\\.)+${TLD_SRC}(?![\\p{L}\\p{N}-])`;
const URL_OR_DOMAIN_RE = new RegExp(`${URL_RE.source}|${DOMAIN_SRC}`, 'gu');
// Word characters: letters, marks, digits. Everything else separates tokens.
const NON_WORD_RE = /[^\p{L}\p{M}\p{N}]+/u;
const HAS_WORD_CHAR_RE = /[\p{L}\p{N}]/u;
const HAN_RE = /\p{Script=Han}/u;

/**
 * `kami-shop.example` → ['kami-shop.example', 'kami', 'shop', 'example']: the
 * whole host (exact match on a pasted URL) and its parts (a name typed alone).
 * IDNs give their punycode and Unicode forms, and their Unicode labels are
 * cut like text so 速达.中国 matches a query for 速达.
 */
function domainTokens(candidate: string): string[] {
  const r = normaliseDomain(candidate);
  if (!r.ok) return [];
  const { ascii, unicode } = r.value;
  const tokens = [ascii];
  if (unicode !== ascii) tokens.push(unicode);
  for (const label of unicode.split(/[.-]+/)) {
    if (label === '') continue;
    if (/^[a-z0-9]+$/.test(label)) tokens.push(label);
    else tokens.push(...textTokens(label));
  }
  return tokens;
}

/**
 * Longer "words" are pasted hashes or junk: unsearchable, and PostgreSQL
 * ignores lexemes over 2047 bytes anyway. (Hosts are exempt: up to 253.)
 */
const MAX_WORD_CHARS = 64;

const ONLY_HAN_RE = /^\p{Script=Han}+$/u;

/** Words this long (in characters) also index the dictionary words inside them. */
const EXPAND_MIN_CHARS = 3;

/**
 * Search-mode tokens of a run of ordinary text, split further on punctuation.
 * Like jieba's cutForSearch, but every dictionary word inside a long word is
 * emitted (cutForSearch only adds 2- and 3-character ones, so 增值电信业务 would
 * not match a query for 增值电信). Sub-words come before their word, as in jieba.
 */
function textTokens(text: string): string[] {
  if (!HAS_WORD_CHAR_RE.test(text)) return [];
  const j = getJieba();
  const out: string[] = [];
  const push = (word: string): void => {
    for (const part of word.split(NON_WORD_RE)) {
      if (part !== '' && part.length <= MAX_WORD_CHARS) out.push(part);
    }
  };
  // HMM off: unknown words fall apart into characters the same way in every
  // context, so a query and a document containing it always cut alike.
  for (const word of j.cut(text, false)) {
    if (HAN_RE.test(word) && Array.from(word).length >= EXPAND_MIN_CHARS) {
      const seen = new Set<string>();
      for (const sub of j.cutAll(word)) {
        if (sub !== word && Array.from(sub).length >= 2 && !seen.has(sub)) {
          seen.add(sub);
          push(sub);
        }
      }
    }
    push(word);
  }
  return out;
}

// ── Latin compounds ──
// "top-up", "top up" and "topup" (TopUp, once lowercased) are one word to a reader, but cut
// alike they share no token. Documents also index the joined form of every two neighbouring
// Latin words (latinJoins); a query word may match itself or any joined form it is part of
// (segmentQueryTerms). "topup" then finds "top-up" and "top up" (their joined token), and
// "top-up" or "top up" finds "TopUp" (each word's alternative is the joined token).
// Only words with a letter join: dates, amounts and versions stay apart (2024-01-05,
// "Windows 10"). Words join across spaces or one hyphen, not across a line break (the lines
// of a platform document are separate names) nor a spaced dash ("a - b"). Hosts are left out:
// they keep their own tokens (domainTokens).
const LATIN_RUN_RE = /(?<![a-z0-9])[a-z0-9]+(?:(?:[ \t]+|[-\u2010])[a-z0-9]+)+(?![a-z0-9])/g;
const LATIN_LETTER_RE = /[a-z]/;

interface LatinJoin {
  token: string;
  parts: readonly [string, string];
}

/** Joined forms of neighbouring Latin words, from text normalised like segmentTokens' but with its line breaks kept. */
function latinJoins(text: string): LatinJoin[] {
  const lines = cleanText(text).normalize('NFKC').toLowerCase().replace(URL_OR_DOMAIN_RE, '\n');
  const out: LatinJoin[] = [];
  for (const m of lines.matchAll(LATIN_RUN_RE)) {
    const words = m[0].split(/[ \t]+|[-\u2010]/);
    for (let i = 0; i + 1 < words.length; i++) {
      const a = words[i]!, b = words[i + 1]!;
      if (LATIN_LETTER_RE.test(a) && LATIN_LETTER_RE.test(b) && a.length + b.length <= MAX_WORD_CHARS) out.push({ token: a + b, parts: [a, b] });
    }
  }
  return out;
}

/**
 * jieba's plain cut (no HMM, no search-mode sub-words), on text the caller normalised:
 * query understanding (query.ts) checks that a short platform alias such as 快发 is a word of
 * the query and not the start of another word (快发货 = 快 | 发货).
 */
export function cutWords(text: string): string[] {
  return getJieba().cut(text, false);
}

/** Words of the text as cut for search, without the Latin joins (what a query is made of). */
function wordTokens(text: string): string[] {
  const normalised = cleanText(text, { singleLine: true }).normalize('NFKC').toLowerCase();
  const tokens: string[] = [];
  let last = 0;
  for (const m of normalised.matchAll(URL_OR_DOMAIN_RE)) {
    tokens.push(...textTokens(normalised.slice(last, m.index)));
    const fromDomain = domainTokens(m[0]);
    // Not a usable host (e.g. "1.5.ab" fragments): treat it as ordinary text.
    tokens.push(...(fromDomain.length > 0 ? fromDomain : textTokens(m[0])));
    last = m.index + m[0].length;
  }
  tokens.push(...textTokens(normalised.slice(last)));
  return tokens;
}

/**
 * The shared tokenizer: cleaned, NFKC (full-width → ASCII), lowercase, in document order,
 * then the joined forms of neighbouring Latin words (top-up → top, up, topup).
 */
export function segmentTokens(text: string): string[] {
  return [...wordTokens(text), ...latinJoins(text).map((j) => j.token)];
}

/** Space-separated tokens for `to_tsvector('simple', …)`; order kept for phrase queries. */
export function segmentForIndex(text: string): string {
  return segmentTokens(text).join(' ');
}

/**
 * A query's Chinese compound whose characters are all covered by its own sub-words
 * (卡密失效 = 卡密 + 失效) is dropped: the query's terms are ANDed, and a document saying
 * 卡密一半失效 has 卡密 and 失效 but not the compound. Documents keep every token, so a
 * document with the exact compound still matches the sub-words. Domains and Latin words are kept.
 */
export function withoutCoveredCompounds(tokens: string[]): string[] {
  const unique = [...new Set(tokens)];
  const covered = (word: string): boolean => {
    const chars = Array.from(word);
    const hit = new Array<boolean>(chars.length).fill(false);
    for (const sub of unique) {
      if (sub === word || sub.length >= word.length) continue;
      for (let i = word.indexOf(sub); i !== -1; i = word.indexOf(sub, i + 1)) {
        const start = Array.from(word.slice(0, i)).length;
        for (let k = 0; k < Array.from(sub).length; k++) hit[start + k] = true;
      }
    }
    return hit.every(Boolean);
  };
  const drop = new Set(unique.filter((w) => ONLY_HAN_RE.test(w) && Array.from(w).length >= EXPAND_MIN_CHARS && covered(w)));
  return tokens.filter((w) => !drop.has(w));
}

/** Cut by code points so an emoji is not split into a lone surrogate. */
function capQuery(q: string): string {
  return Array.from(q.slice(0, QUERY_MAX_CHARS * 2)).slice(0, QUERY_MAX_CHARS).join('');
}

function queryWords(capped: string): string[] {
  return withoutCoveredCompounds(wordTokens(capped)).slice(0, QUERY_MAX_TOKENS);
}

/**
 * Words of a user query, segmented exactly like documents (without the Latin joins: these
 * are what the reader typed, and what gets highlighted). Never throws; bounded in size.
 */
export function segmentQuery(q: unknown): string[] {
  if (typeof q !== 'string') return [];
  try {
    return queryWords(capQuery(q));
  } catch {
    // A search box must degrade to "no results", never to a 500.
    return [];
  }
}

/**
 * What a query matches: one term per query word (all required), each a list of tokens any
 * of which will do — the word itself, then the joined forms of it with its Latin neighbours
 * ("top up" → [top, topup] and [up, topup]). At most QUERY_MAX_TOKENS terms of at most three
 * tokens. Never throws.
 */
export function segmentQueryTerms(q: unknown): string[][] {
  if (typeof q !== 'string') return [];
  try {
    const capped = capQuery(q);
    const joinsOf = new Map<string, string[]>();
    for (const j of latinJoins(capped)) {
      for (const part of j.parts) {
        const list = joinsOf.get(part) ?? [];
        if (!list.includes(j.token)) list.push(j.token);
        joinsOf.set(part, list);
      }
    }
    return queryWords(capped).map((w) => [w, ...(joinsOf.get(w) ?? []).filter((j) => j !== w).slice(0, 2)]);
  } catch {
    return [];
  }
}

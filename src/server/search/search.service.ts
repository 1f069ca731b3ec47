// Search: platforms (names, aliases, domains — a pasted URL finds its platform) and review
// text. Queries are segmented exactly like documents (segment.ts). PostgreSQL full-text
// by default, Meilisearch when configured (falling back to PostgreSQL if it is down).
// Any query string returns a result, never an exception.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { escapeHtml } from '../content/render.ts';
import { normaliseDomain } from '../platforms/validators.ts';
import { segmentQuery, segmentQueryTerms, QUERY_MAX_CHARS } from './segment.ts';
import * as repo from './search.repository.ts';
import { meiliSearch } from './meilisearch.ts';

export const searchPageSize = 20;
/** word_similarity (pg_trgm, 0..1) at or above which a Latin name counts as a typo of the query. */
export const fuzzyNameThreshold = 0.45;
const maxPlatformHits = 10;
const snippetChars = 120;

export interface SearchConfig {
  meilisearchUrl: string | null;
  meilisearchKey: string | null;
}

export interface PlatformResult {
  card: repo.PlatformCard;
  namesHtml: string;
  /** how it matched: exact domain, words, or a near spelling */
  matchedBy: 'domain' | 'words' | 'fuzzy';
}

export interface ReviewResult {
  reviewId: number;
  platform: repo.PlatformCard | null;
  snippetHtml: string;
}

export interface SearchResult {
  query: string;
  tokens: string[];
  platforms: PlatformResult[];
  reviews: ReviewResult[];
  totalReviews: number;
  page: number;
  pages: number;
  engine: 'postgres' | 'meilisearch';
}

/** Cuts the query to a sane size and drops lone surrogates (they cannot be encoded). */
export function cleanQuery(q: unknown): string {
  if (typeof q !== 'string') return '';
  return Array.from(q.slice(0, QUERY_MAX_CHARS * 2)).slice(0, QUERY_MAX_CHARS).join('')
    .replace(/[\uD800-\uDFFF]/g, '').replace(/[\u0000-\u001F\u007F]/g, ' ').trim();
}

/**
 * HTML-escaped excerpt of `text` around the first matched token, with every token
 * wrapped in <mark>. Matching is case-insensitive on the stored text.
 */
export function highlight(text: string, tokens: string[], maxChars = snippetChars): string {
  const chars = Array.from(text.replace(/\s+/g, ' '));
  const lower = chars.map((c) => c.toLowerCase());
  const toks = [...new Set(tokens.map((t) => Array.from(t.toLowerCase())).filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  const marked = new Array<boolean>(chars.length).fill(false);
  let first = -1;
  for (const t of toks) {
    for (let i = 0; i + t.length <= lower.length; i++) {
      let ok = true;
      for (let k = 0; k < t.length; k++) if (lower[i + k] !== t[k]) { ok = false; break; }
      if (!ok) continue;
      for (let k = 0; k < t.length; k++) marked[i + k] = true;
      if (first === -1 || i < first) first = i;
      i += t.length - 1;
    }
  }
  const start = first <= 30 ? 0 : first - 30;
  const end = Math.min(chars.length, start + maxChars);
  let html = start > 0 ? '…' : '';
  let open = false;
  for (let i = start; i < end; i++) {
    if (marked[i] && !open) { html += '<mark>'; open = true; }
    if (!marked[i] && open) { html += '</mark>'; open = false; }
    html += escapeHtml(chars[i]!);
  }
  if (open) html += '</mark>';
  if (end < chars.length) html += '…';
  return html;
}

const HAN_RE = /\p{Script=Han}/u;

/** Levenshtein distance on code points (short strings only). */
function editDistance(a: string, b: string): number {
  const x = Array.from(a), y = Array.from(b);
  const prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (x[i - 1] === y[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[y.length]!;
}

async function platformHits(db: Kysely<Database>, q: string, terms: string[][]): Promise<Array<{ hit: repo.Hit; matchedBy: PlatformResult['matchedBy'] }>> {
  const out = new Map<number, { hit: repo.Hit; matchedBy: PlatformResult['matchedBy'] }>();
  // A pasted URL or bare domain finds its platform first.
  const dom = normaliseDomain(q);
  if (dom.ok && dom.value.ascii.includes('.')) {
    const id = await repo.platformIdByDomain(db, dom.value.ascii);
    if (id !== null) out.set(id, { hit: { kind: 'platform', refId: id, platformId: id, title: '', body: '', names: '', rank: 1 }, matchedBy: 'domain' });
  }
  if (terms.length > 0) {
    const ft = await repo.fullText(db, terms, 'platform', maxPlatformHits, 0);
    for (const h of ft.hits) if (!out.has(h.platformId)) out.set(h.platformId, { hit: h, matchedBy: 'words' });
  }
  if (out.size < maxPlatformHits && q.length >= 3 && q.length <= 64) {
    if (HAN_RE.test(q)) {
      // One wrong character in a Chinese name (速达卡萌 for 速达卡盟): candidates share all but
      // one character, then an edit distance of 1 (2 for names of 6+ characters) on any name.
      const chars = [...new Set(Array.from(q).filter((c) => HAN_RE.test(c)))];
      if (chars.length >= 3 && chars.length <= 12) {
        const maxEdits = chars.length >= 6 ? 2 : 1;
        for (const h of await repo.platformsSharingChars(db, chars, chars.length - maxEdits, 50)) {
          if (out.has(h.platformId)) continue;
          if (h.names.split(' ').some((n) => editDistance(n, q) <= maxEdits)) out.set(h.platformId, { hit: h, matchedBy: 'fuzzy' });
        }
      }
    } else {
      for (const h of await repo.fuzzyPlatforms(db, q, fuzzyNameThreshold, maxPlatformHits)) {
        if (!out.has(h.platformId)) out.set(h.platformId, { hit: h, matchedBy: 'fuzzy' });
      }
    }
  }
  return [...out.values()].slice(0, maxPlatformHits);
}

export async function search(db: Kysely<Database>, config: SearchConfig, rawQuery: unknown, page: number): Promise<SearchResult> {
  const query = cleanQuery(rawQuery);
  const tokens = segmentQuery(query);
  // top-up, top up and topup find each other (segment.ts, "Latin compounds").
  const terms = segmentQueryTerms(query);
  const empty: SearchResult = { query, tokens, platforms: [], reviews: [], totalReviews: 0, page: 1, pages: 1, engine: 'postgres' };
  if (query === '') return empty;
  const offset = (page - 1) * searchPageSize;
  let engine: SearchResult['engine'] = 'postgres';
  let reviewHits: Array<{ refId: number; platformId: number; body: string }> = [];
  let totalReviews = 0;
  let pHits: Array<{ hit: { platformId: number }; matchedBy: PlatformResult['matchedBy'] }> = [];
  if (config.meilisearchUrl && tokens.length > 0) {
    try {
      const mq = tokens.join(' ');
      const [rv, pl] = await Promise.all([
        meiliSearch(config.meilisearchUrl, config.meilisearchKey, mq, 'review', searchPageSize, offset),
        meiliSearch(config.meilisearchUrl, config.meilisearchKey, query, 'platform', maxPlatformHits, 0),
      ]);
      reviewHits = rv.hits;
      totalReviews = rv.total;
      pHits = pl.hits.map((h) => ({ hit: h, matchedBy: 'words' as const }));
      // The pasted-URL rule still holds with Meilisearch.
      const dom = normaliseDomain(query);
      if (dom.ok) {
        const id = await repo.platformIdByDomain(db, dom.value.ascii);
        if (id !== null && !pHits.some((h) => h.hit.platformId === id)) pHits.unshift({ hit: { platformId: id }, matchedBy: 'domain' });
      }
      engine = 'meilisearch';
    } catch {
      engine = 'postgres'; // Meilisearch down: answer from PostgreSQL (kept in step by the same outbox)
    }
  }
  if (engine === 'postgres') {
    pHits = await platformHits(db, query, terms);
    if (terms.length > 0) {
      const ft = await repo.fullText(db, terms, 'review', searchPageSize, offset);
      reviewHits = ft.hits;
      totalReviews = ft.total;
    }
  }
  const cards = await repo.platformCards(db, [...new Set([...pHits.map((h) => h.hit.platformId), ...reviewHits.map((h) => h.platformId)])]);
  const platforms: PlatformResult[] = [];
  for (const h of pHits) {
    const card = cards.get(h.hit.platformId);
    if (!card) continue;
    platforms.push({ card, namesHtml: highlight(`${card.nameZh} · ${card.nameEn}${card.primaryDomain ? ` · ${card.primaryDomain}` : ''}`, tokens, 200), matchedBy: h.matchedBy });
  }
  const reviews: ReviewResult[] = reviewHits.map((h) => ({ reviewId: h.refId, platform: cards.get(h.platformId) ?? null, snippetHtml: highlight(h.body, tokens) }));
  return { query, tokens, platforms, reviews, totalReviews, page, pages: Math.max(1, Math.ceil(totalReviews / searchPageSize)), engine };
}

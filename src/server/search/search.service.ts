// Search that answers the question a reader typed (issue 15). query.ts reads the query — the
// platforms it names, what it asks about (intents), question forms to ignore — and this service
// answers: the named platform first with its score, status, complaint counts and the facts the
// intent asks for, then its reviews, follow-ups and complaint cases matching the intent (ranked
// OR: unmatched words lower the rank, never empty the result). A query with only an intent answers
// across platforms (跑路 → exit-scam, suspended and 预警 platforms, newest first). PostgreSQL full-text
// by default, Meilisearch for the items when configured (falling back to PostgreSQL if it is
// down). Any query string returns a result, never an exception.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { escapeHtml } from '../content/render.ts';
import { segmentQuery, segmentQueryTerms } from './segment.ts';
import * as repo from './search.repository.ts';
import { loadBands } from '../verdict/verdict.service.ts';
import type { VerdictBand } from '../verdict/verdict.ts';
import type { IncidentKind } from '../reviews/review.table.ts';
import { earlyWarningsForVerdict } from '../warnings/warning.service.ts';
import { meiliItems } from './meilisearch.ts';
import { buildPlatformDictionary, cleanQuery, understandQuery, type PlatformDictionary, type QueryUnderstanding } from './query.ts';
import { categoriesNamed, intentByKey, type IntentKey } from './dictionary.ts';

export { cleanQuery } from './query.ts';

export const searchPageSize = 20;
const maxPlatformHits = 10;
const snippetChars = 120;

export interface SearchConfig {
  meilisearchUrl: string | null;
  meilisearchKey: string | null;
  /** index name (tests use their own); default meiliIndexName */
  meilisearchIndex?: string;
}

/** What a result card shows of a platform: its row, plus the verdict's band and whether a 预警 is open. */
export interface PlatformCardView extends repo.AnswerCardRow {
  /** verdict band (靠谱 / 一般 / 谨慎 / 高风险 / 跑路 / 数据不足); null before the first ranking run */
  band?: VerdictBand | null;
  /** a public 预警 (early warning) is raised */
  earlyWarning?: boolean;
}

export interface PlatformResult {
  card: PlatformCardView;
  namesHtml: string;
  /** how it matched: named in the query (domain, name, alias, pinyin), a near spelling, the intent, or words */
  matchedBy: 'domain' | 'name' | 'fuzzy' | 'intent' | 'words';
  /** the answer to the query (named by it, or what its intent asks for), not just a match */
  answer: boolean;
}

export interface ItemResult {
  kind: 'review' | 'incident';
  refId: number;
  /** the review's id, or the case's number (its page) */
  reviewId: number | null;
  caseNo: string | null;
  incidentKind: IncidentKind | null;
  platform: repo.AnswerCardRow | null;
  snippetHtml: string;
  /** the document's whole text (a review with its follow-ups, a case with its updates) */
  body: string;
  createdAt: Date;
}

export interface SearchResult {
  query: string;
  understanding: QueryUnderstanding;
  /** words highlighted in snippets */
  tokens: string[];
  /** answer platforms first, then other matching platforms */
  platforms: PlatformResult[];
  /** reviews (with follow-ups) and complaint cases, ranked */
  items: ItemResult[];
  totalItems: number;
  /** totalItems reached a candidate cap: there are more (the page says "n+") */
  itemsCapped: boolean;
  /** the review items only (older callers) */
  reviews: ItemResult[];
  /** the intents' facts to show on answer cards */
  factKeys: string[];
  didYouMean: QueryUnderstanding['didYouMean'];
  page: number;
  pages: number;
  engine: 'postgres' | 'meilisearch';
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

const dictionaries = new WeakMap<object, { stamp: string; dict: PlatformDictionary }>();

/**
 * The platform dictionary for `db`, rebuilt when the searchable platforms change (their search
 * documents' count and newest update): one cheap query per search instead of reading every name.
 */
export async function platformDictionary(db: Kysely<Database>): Promise<PlatformDictionary> {
  const stamp = await repo.platformDictionaryStamp(db);
  const cached = dictionaries.get(db);
  if (cached && cached.stamp === stamp) return cached.dict;
  const dict = buildPlatformDictionary(await repo.platformDictionaryRows(db));
  dictionaries.set(db, { stamp, dict });
  return dict;
}

/** How many answer platforms an intent-only query lists (跑路 → the exit-scam and warned ones). */
const maxIntentPlatforms = 8;

/** Words of an intent, cut like documents (a phrase of tokens each: 打不开 → 打 不 开). */
function intentWords(key: IntentKey): string[] {
  const def = intentByKey.get(key);
  return def ? [...new Set(def.words.map((w) => segmentQuery(w).join(' ')).filter((w) => w !== ''))] : [];
}

function intentTags(key: IntentKey): string[] {
  const def = intentByKey.get(key);
  if (!def) return [];
  return [...def.outcomes.map((o) => `outcome:${o}`), ...def.incidentKinds.map((k) => `incident:${k}`), ...def.evidenceTags];
}

/**
 * The ranked-OR terms of a query: one per leftover word (with its Latin joins), one per intent
 * word as typed (literal), one per intent (any of its words, or its structured tags).
 */
export function itemTerms(u: QueryUnderstanding): repo.ItemTerm[] {
  const terms: repo.ItemTerm[] = segmentQueryTerms(u.words.join(' ')).map((alternatives) => ({ words: alternatives, tags: [] }));
  for (const typed of u.literal) {
    const words = segmentQuery(typed).join(' ');
    if (words !== '') terms.push({ words: [words], tags: [] });
  }
  for (const key of u.intents) {
    const words = intentWords(key);
    const tags = intentTags(key);
    if (words.length || tags.length) terms.push({ words, tags });
  }
  return terms;
}

export async function search(db: Kysely<Database>, config: SearchConfig, rawQuery: unknown, page: number): Promise<SearchResult> {
  const query = cleanQuery(rawQuery);
  const dict = query === '' ? buildPlatformDictionary([]) : await platformDictionary(db);
  const u = understandQuery(query, dict);
  const terms = itemTerms(u);
  // Highlighted: the leftover words, the intent words as whole phrases (不给退, not 不 and 退) and the
  // words typed for them; a lone Chinese character (了, 不) would light up every other line.
  const tokens = [...new Set([...u.words, ...u.literal, ...u.intents.flatMap((k) => intentWords(k).map((w) => w.replace(/ /g, '')))])]
    .filter((w) => w.length > 0 && !(HAN_RE.test(w) && Array.from(w).length < 2));
  const factKeys = [...new Set(u.intents.flatMap((k) => intentByKey.get(k)?.factKeys ?? []))];
  const empty: SearchResult = {
    query, understanding: u, tokens, platforms: [], items: [], totalItems: 0, itemsCapped: false, reviews: [], factKeys, didYouMean: u.didYouMean, page: 1, pages: 1, engine: 'postgres',
  };
  if (query === '') return empty;
  const offset = (page - 1) * searchPageSize;

  // 1. Answer platforms: the ones the query names; else what an intent-only query asks for.
  const answers: Array<{ id: number; matchedBy: PlatformResult['matchedBy'] }> = u.platforms.map((m) => ({
    id: m.id, matchedBy: m.kind === 'domain' || m.kind === 'registrable' ? 'domain' : m.kind === 'typo' || m.kind === 'homophone' ? 'fuzzy' : 'name',
  }));
  if (answers.length === 0 && u.intents.length > 0) {
    const statuses = [...new Set(u.intents.flatMap((k) => intentByKey.get(k)?.statuses ?? []))];
    if (statuses.length > 0) {
      const kinds = [...new Set(u.intents.flatMap((k) => (intentByKey.get(k)?.statuses.length ? intentByKey.get(k)!.incidentKinds : [])))];
      for (const id of await repo.platformsForStatusIntent(db, statuses, kinds, maxIntentPlatforms)) answers.push({ id, matchedBy: 'intent' });
    } else if (u.intents.length === 1 && u.intents[0] === 'trust') {
      // "哪家靠谱" answers with the ranking's best (band first); "话费充值哪家靠谱" with the best
      // of the platforms selling 话费. Other leftover words: a text question, not a recommendation.
      const categories = categoriesNamed(u.words);
      if (u.words.length === 0 || categories.length > 0) {
        for (const id of await repo.topRankedPlatforms(db, maxIntentPlatforms, categories)) answers.push({ id, matchedBy: 'intent' });
      }
    }
  }

  // 2. Other platforms: only for a query of plain words (话费, a name the dictionary did not know).
  const others: Array<{ id: number; matchedBy: PlatformResult['matchedBy'] }> = [];
  if (u.platforms.length === 0 && u.intents.length === 0 && u.words.length > 0) {
    const wordTerms = segmentQueryTerms(u.words.join(' '));
    for (const h of (await repo.fullText(db, wordTerms, 'platform', maxPlatformHits, 0)).hits) others.push({ id: h.platformId, matchedBy: 'words' });
    // Misspelt names were looked for already, in process, against every name (query.ts: typos,
    // homophones, pinyin); the database's trigram fallback would read every document at scale.
  }

  // 3. Items: reviews, follow-ups and cases, ranked OR; the named platforms' first.
  let engine: SearchResult['engine'] = 'postgres';
  let hits: Array<{ kind: 'review' | 'incident'; refId: number; platformId: number; body: string; createdAt: Date }> = [];
  let totalItems = 0;
  const namedIds = u.platforms.map((m) => m.id);
  if (config.meilisearchUrl && (terms.length > 0 || namedIds.length > 0)) {
    try {
      const r = await meiliItems(config.meilisearchUrl, config.meilisearchKey, u, terms, namedIds, searchPageSize, offset, config.meilisearchIndex);
      hits = r.hits;
      totalItems = r.total;
      engine = 'meilisearch';
    } catch {
      engine = 'postgres'; // Meilisearch down: answer from PostgreSQL (kept in step by the same outbox)
    }
  }
  if (engine === 'postgres') {
    const r = await repo.rankedItems(db, terms, namedIds, searchPageSize, offset);
    hits = r.hits;
    totalItems = r.total;
  }

  const seen = new Set<number>();
  const platformOrder = [...answers.map((a) => ({ ...a, answer: true })), ...others.map((o) => ({ ...o, answer: false }))].filter((p) => !seen.has(p.id) && seen.add(p.id));
  const cards = await repo.answerCards(db, [...new Set([...platformOrder.map((p) => p.id), ...hits.map((h) => h.platformId)])], factKeys);
  const nameTokens = [...u.platforms.map((m) => m.text), ...u.words];
  const platforms: PlatformResult[] = [];
  const shown = platformOrder.slice(0, maxPlatformHits);
  const [bands, warnings] = shown.length > 0 ? await Promise.all([loadBands(db), earlyWarningsForVerdict(db)]) : [null, null];
  for (const p of shown) {
    const row = cards.get(p.id);
    if (!row) continue;
    const card: PlatformCardView = { ...row, band: bands?.byId.get(p.id)?.band ?? null, earlyWarning: warnings?.has(p.id) ?? false };
    platforms.push({ card, namesHtml: highlight(`${card.nameZh} · ${card.nameEn}${card.primaryDomain ? ` · ${card.primaryDomain}` : ''}`, nameTokens, 200), matchedBy: p.matchedBy, answer: p.answer });
  }
  const incidents = await repo.incidentRefs(db, hits.filter((h) => h.kind === 'incident').map((h) => h.refId));
  const items: ItemResult[] = hits.map((h) => {
    const inc = h.kind === 'incident' ? incidents.get(h.refId) : undefined;
    return {
      kind: h.kind, refId: h.refId, reviewId: h.kind === 'review' ? h.refId : null, caseNo: inc?.caseNo ?? null, incidentKind: inc?.kind ?? null,
      platform: cards.get(h.platformId) ?? null, snippetHtml: highlight(h.body, tokens), body: h.body, createdAt: h.createdAt,
    };
  });
  // A near spelling found only by the engine's own fallback (pg_trgm) is offered too.
  const fuzzyOther = platforms.find((p) => !p.answer && p.matchedBy === 'fuzzy');
  const didYouMean = u.didYouMean ?? (fuzzyOther ? { id: fuzzyOther.card.id, slug: fuzzyOther.card.slug, name: fuzzyOther.card.nameZh } : null);
  return {
    query, understanding: u, tokens, platforms, items, totalItems, itemsCapped: totalItems >= repo.itemCandidateCap, reviews: items.filter((i) => i.kind === 'review'), factKeys, didYouMean,
    page, pages: Math.max(1, Math.ceil(totalItems / searchPageSize)), engine,
  };
}

/** True when a search found nothing at all: the page counts it (recordZeroResult). */
export function isZeroResult(r: SearchResult): boolean {
  return r.query !== '' && r.platforms.length === 0 && r.totalItems === 0;
}

/**
 * What is kept of a zero-result query: NFKC, lowercase, simplified; digit runs of 4+ (phone and
 * order numbers) and e-mail addresses masked, cut to 100 characters. No account, no IP, no time.
 */
export function missKey(r: SearchResult): string {
  return r.understanding.normalised
    .replace(/[^\s@]+@[^\s@]+/g, '@')
    .replace(/\d{4,}/g, '#')
    .replace(/\s+/g, ' ').trim().slice(0, 100);
}

/** Counts a zero-result query (the dictionary grows from these: npm run search:misses, /mod/search-misses). */
export async function recordZeroResult(db: Kysely<Database>, r: SearchResult, nowMs: number): Promise<void> {
  if (!isZeroResult(r)) return;
  const key = missKey(r);
  if (key === '') return;
  await repo.recordMiss(db, key, new Date(nowMs).toISOString().slice(0, 10));
}

export { topMisses } from './search.repository.ts';

export interface RankedEntry {
  kind: 'platform' | 'review' | 'incident';
  /** the platform's slug (for an item: the platform it is about) */
  platform: string;
  /** an item's whole text; '' for a platform */
  text: string;
}

/**
 * The page's one ranked list, in the order a reader meets it: the answer platform(s) (named by
 * the query, or what its intent asks for), then the other matching platforms, then the reviews,
 * follow-ups and complaint cases in rank order. Relevance is scored over this list.
 */
export function rankedList(r: Pick<SearchResult, 'platforms' | 'items'>): RankedEntry[] {
  return [
    ...r.platforms.filter((p) => p.answer).map((p) => ({ kind: 'platform' as const, platform: p.card.slug, text: '' })),
    ...r.platforms.filter((p) => !p.answer).map((p) => ({ kind: 'platform' as const, platform: p.card.slug, text: '' })),
    ...r.items.map((i) => ({ kind: i.kind, platform: i.platform?.slug ?? '', text: i.body })),
  ];
}

// Meilisearch adapter: used when MEILISEARCH_URL is set. Documents carry the same
// pre-segmented text as the PostgreSQL index (so Chinese words match the same way),
// plus the raw names for Meilisearch's own typo tolerance. The same query understanding
// (query.ts, dictionary.ts) sits in front of it: the settings pushed before the first write
// (meiliSettings: stop words = question forms, synonyms = intent triggers, ranking rules =
// ranked OR then proximity) and the query sent (meiliItemRequest: the same terms as the
// PostgreSQL engine, the named platforms as a filter) are pure and unit-tested.
// API: https://www.meilisearch.com/docs/reference/api/settings and …/api/search.
import { Meilisearch } from 'meilisearch';
import type { SearchEngine } from './outbox.ts';
import type { ItemTerm, SearchDoc, SearchKind } from './search.repository.ts';
import type { QueryUnderstanding } from './query.ts';
import { GENERIC_WORDS, INTENTS, QUESTION_FORMS } from './dictionary.ts';
import { segmentQuery } from './segment.ts';

export const meiliIndexName = 'kaopu';

export interface MeiliHit {
  kind: SearchKind;
  refId: number;
  platformId: number;
  title: string;
  body: string;
}

/** A SearchDoc under Meilisearch's primary key (`<kind>-<refId>`), its date as epoch ms (sortable) and its tags as words. */
type MeiliDoc = Omit<SearchDoc, 'createdAt'> & { id: string; createdAtMs: number; tagWords: string[] };

/** A tag as one searchable word: outcome:refund_refused → tagoutcomerefundrefused (no separator to split on). */
export function tagWord(tag: string): string {
  return `tag${tag.replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
}

/** The index settings: what the PostgreSQL engine does in SQL, said in Meilisearch's terms. */
export function meiliSettings() {
  // Only forms that are one word as cut (吗, 请问, 卡盟): the parts of a longer form (不 of 靠不靠谱)
  // carry meaning elsewhere (不给退), and Meilisearch drops stop words from documents too.
  const stopWords = [...new Set([...QUESTION_FORMS, ...GENERIC_WORDS].flatMap((w) => {
    const tokens = segmentQuery(w);
    return tokens.length === 1 ? tokens : [];
  }))].sort();
  const synonyms: Record<string, string[]> = {};
  for (const intent of INTENTS) {
    const words = [...new Set(intent.words.flatMap((w) => segmentQuery(w)))];
    if (words.length === 0) continue;
    // One-way: each trigger a reader types finds the words documents use for the intent.
    for (const trigger of intent.triggers) {
      const key = segmentQuery(trigger).join(' ');
      if (key === '' || stopWords.includes(key)) continue;
      synonyms[key] = [...new Set([...(synonyms[key] ?? []), ...words.filter((w) => w !== key)])];
    }
  }
  return {
    searchableAttributes: ['names', 'segmented', 'title', 'tagWords'],
    filterableAttributes: ['kind', 'platformId', 'tags'],
    sortableAttributes: ['createdAtMs'],
    displayedAttributes: ['kind', 'refId', 'platformId', 'title', 'body', 'createdAtMs'],
    // words first: documents matching more of the query's terms rank higher (ranked OR, with
    // matchingStrategy 'frequency' dropping the commonest unmatched words); proximity next; newest last.
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'exactness', 'createdAtMs:desc'],
    stopWords,
    synonyms,
  };
}

/** The search request for items (reviews, cases): the terms' words and tags, the named platforms as a filter. */
export function meiliItemRequest(u: QueryUnderstanding, terms: readonly ItemTerm[], platformIds: readonly number[], limit: number, offset: number) {
  const words = [...new Set(terms.flatMap((t) => [...t.words.flatMap((w) => w.split(' ')), ...t.tags.map(tagWord)]))];
  const filter = [`kind IN [review, incident]`];
  if (platformIds.length) filter.push(`platformId IN [${platformIds.map((id) => Math.trunc(id)).join(', ')}]`);
  void u;
  return {
    q: words.join(' '),
    filter: filter.join(' AND '),
    limit,
    offset,
    matchingStrategy: 'frequency' as const,
    // An empty q with a platform filter lists that platform's documents, newest first.
    ...(words.length === 0 ? { sort: ['createdAtMs:desc'] } : {}),
  };
}

const clients = new Map<string, Meilisearch>();
const settingsDone = new Set<string>();

function client(url: string, key: string | null): Meilisearch {
  const k = `${url} ${key ?? ''}`;
  let c = clients.get(k);
  if (!c) {
    c = new Meilisearch({ host: url, apiKey: key ?? undefined });
    clients.set(k, c);
  }
  return c;
}

const docId = (kind: SearchKind, refId: number) => `${kind}-${refId}`;

async function ensureSettings(c: Meilisearch, indexName: string): Promise<void> {
  if (settingsDone.has(indexName)) return;
  await c.index(indexName).updateSettings(meiliSettings()).waitTask({ timeout: 10_000 });
  settingsDone.add(indexName);
}

export function meilisearchEngine(url: string, key: string | null, indexName = meiliIndexName): SearchEngine {
  const c = client(url, key);
  return {
    name: 'meilisearch',
    async upsert(docs: SearchDoc[]) {
      if (docs.length === 0) return;
      await ensureSettings(c, indexName);
      const body: MeiliDoc[] = docs.map((d) => ({
        id: docId(d.kind, d.refId), kind: d.kind, refId: d.refId, platformId: d.platformId, title: d.title, body: d.body, names: d.names, segmented: d.segmented,
        tags: d.tags, tagWords: d.tags.map(tagWord), createdAtMs: (d.createdAt ?? new Date()).getTime(),
      }));
      const task = await c.index(indexName).addDocuments(body, { primaryKey: 'id' }).waitTask({ timeout: 10_000 });
      if (task.status === 'failed') throw new Error(`meilisearch task failed: ${task.error?.message ?? ''}`);
    },
    async remove(keys) {
      if (keys.length === 0) return;
      await c.index(indexName).deleteDocuments(keys.map((k) => docId(k.kind, k.refId))).waitTask({ timeout: 10_000 });
    },
  };
}

export async function meiliSearch(url: string, key: string | null, q: string, kind: SearchKind, limit: number, offset: number, indexName = meiliIndexName): Promise<{ hits: MeiliHit[]; total: number }> {
  const c = client(url, key);
  const r = await c.index(indexName).search<MeiliDoc>(q, { filter: `kind = ${kind}`, limit, offset });
  return {
    total: r.estimatedTotalHits ?? r.hits.length,
    hits: r.hits.map((h) => ({ kind: h.kind, refId: h.refId, platformId: h.platformId, title: h.title, body: h.body })),
  };
}

/** Items (reviews, cases) for a understood query, from Meilisearch. */
export async function meiliItems(url: string, key: string | null, u: QueryUnderstanding, terms: readonly ItemTerm[], platformIds: readonly number[], limit: number, offset: number, indexName = meiliIndexName): Promise<{ hits: Array<{ kind: 'review' | 'incident'; refId: number; platformId: number; body: string; createdAt: Date }>; total: number }> {
  const c = client(url, key);
  const { q, ...params } = meiliItemRequest(u, terms, platformIds, limit, offset);
  const r = await c.index(indexName).search<MeiliDoc>(q, params);
  return {
    total: r.estimatedTotalHits ?? r.hits.length,
    hits: r.hits.map((h) => ({ kind: h.kind as 'review' | 'incident', refId: h.refId, platformId: h.platformId, body: h.body, createdAt: new Date(h.createdAtMs ?? 0) })),
  };
}

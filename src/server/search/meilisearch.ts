// Meilisearch adapter: used when MEILISEARCH_URL is set. Documents carry the same
// pre-segmented text as the PostgreSQL index (so Chinese words match the same way),
// plus the raw names for Meilisearch's own typo tolerance.
import { Meilisearch } from 'meilisearch';
import type { SearchEngine } from './outbox.ts';
import type { SearchDoc, SearchKind } from './search.repository.ts';

export const meiliIndexName = 'kaopu';

export interface MeiliHit {
  kind: SearchKind;
  refId: number;
  platformId: number;
  title: string;
  body: string;
}

/** A SearchDoc under Meilisearch's primary key (`<kind>-<refId>`). */
type MeiliDoc = SearchDoc & { id: string };

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
  await c.index(indexName).updateSettings({
    searchableAttributes: ['names', 'segmented', 'title'],
    filterableAttributes: ['kind', 'platformId'],
    displayedAttributes: ['kind', 'refId', 'platformId', 'title', 'body'],
  }).waitTask({ timeout: 10_000 });
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

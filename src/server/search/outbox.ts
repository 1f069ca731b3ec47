// The search outbox: a write that changes something searchable inserts an outbox row in
// its own transaction (enqueueSearch); after commit, drainOutbox builds the documents and
// hands them to the engine. While the engine is down the rows stay pending, with their
// attempts and last error, and the next drain delivers them: nothing is lost.
// Shape after atproto ozone's event pusher (src/daemon/event-pusher.ts).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { segmentForIndex } from './segment.ts';
import { t } from '../../i18n/index.ts';
import type { PlatformCategory } from '../platforms/platform.table.ts';
import * as repo from './search.repository.ts';
import type { SearchDoc, SearchKind } from './search.repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Where documents go: the PostgreSQL tables, Meilisearch, or a test double. */
export interface SearchEngine {
  readonly name: string;
  upsert(docs: SearchDoc[]): Promise<void>;
  remove(keys: Array<{ kind: SearchKind; refId: number }>): Promise<void>;
}

/**
 * Call inside the transaction of the write: one outbox row per id. The drain rebuilds each
 * document from its current rows, so 'upsert' also takes a removed review or a rejected
 * platform out of the index; 'delete' only says so up front.
 */
export async function enqueueSearch(trx: Db, kind: SearchKind, refIds: number | readonly number[], op: 'upsert' | 'delete' = 'upsert'): Promise<void> {
  await repo.insertOutbox(trx, kind, typeof refIds === 'number' ? [refIds] : refIds, op);
}

/** Call inside the transaction that publishes, removes or restores a follow-up (追评). */
export async function enqueueFollowUpReview(trx: Db, followUpId: number): Promise<void> {
  await repo.insertOutboxForFollowUp(trx, followUpId);
}

/** Builds the document of a platform or review; null when it must not be searchable (pending, removed, gone). */
export async function buildDocument(db: Db, kind: SearchKind, refId: number): Promise<SearchDoc | null> {
  if (kind === 'platform') {
    const p = await repo.loadPlatformSource(db, refId);
    if (!p || !p.approved) return null;
    const domains = p.domains.flatMap((d) => (d.display === d.domain ? [d.domain] : [d.domain, d.display]));
    const names = [p.nameZh, p.nameEn, ...p.aliases, ...domains].join(' ');
    const title = `${p.nameZh} ${p.nameEn}`;
    return {
      kind, refId, platformId: p.id, title, body: p.description, names,
      segmented: segmentForIndex([p.nameZh, p.nameEn, ...p.aliases, ...domains, p.description, ...categoryWords(p.categories)].join('\n')),
      tags: [], createdAt: null,
    };
  }
  if (kind === 'incident') {
    const i = await repo.loadIncidentSource(db, refId);
    if (!i || !i.visible) return null;
    // The case's kind in both languages' words (退款被拒 / Refund refused), so the text says what the tag says.
    const kindWords = [t('zh-CN', `reviews.incident.kind.${i.kind}`), t('en', `reviews.incident.kind.${i.kind}`)];
    return {
      kind, refId, platformId: i.platformId, title: `${i.platformName} ${i.caseNo}`, body: i.body, names: '',
      segmented: segmentForIndex([...kindWords, i.body].join('\n')),
      tags: [`incident:${i.kind}`, `incident_status:${i.status}`], createdAt: i.createdAt,
    };
  }
  const r = await repo.loadReviewSource(db, refId);
  if (!r || !r.visible) return null;
  return {
    kind, refId, platformId: r.platformId, title: r.platformName, body: r.body, names: '', segmented: segmentForIndex(r.body),
    tags: [...r.outcomes.map((o) => `outcome:${o}`), ...(r.followUps > 0 ? ['follow_up'] : []), ...(r.currentRating <= lowRating ? ['rating:low'] : [])],
    createdAt: r.createdAt,
  };
}

/** A review rated this or lower now is a 差评 (negative review) for the trust intent (of 1–5 stars). */
const lowRating = 2;

/**
 * What a platform sells, in both languages' words (话费充值 / Phone top-up), so a search for
 * 话费 or 点卡 also finds the platforms of that category. 'other' says nothing and is left out.
 */
function categoryWords(categories: readonly PlatformCategory[]): string[] {
  return categories.filter((c) => c !== 'other').flatMap((c) => [t('zh-CN', `platforms.category.${c}`), t('en', `platforms.category.${c}`)]);
}

/** The PostgreSQL engine: search_document rows with a 'simple' tsvector of the segmented text. */
export function postgresEngine(db: Db): SearchEngine {
  return {
    name: 'postgres',
    upsert: (docs) => repo.upsertDocuments(db, docs),
    remove: (keys) => repo.deleteDocuments(db, keys),
  };
}

export interface DrainResult {
  processed: number;
  failed: number;
  pending: number;
}

const drainBatch = 200;

/**
 * Processes pending outbox rows, oldest first, in batches. Rows of one (kind, id) are
 * collapsed: the document is rebuilt from the current rows, so order within a batch does
 * not matter. Safe to run concurrently (upserts are idempotent).
 */
export async function drainOutbox(db: Kysely<Database>, engines: SearchEngine | SearchEngine[], opts: { maxBatches?: number } = {}): Promise<DrainResult> {
  const list = Array.isArray(engines) ? engines : [engines];
  let processed = 0;
  let failed = 0;
  const maxBatches = opts.maxBatches ?? 50;
  for (let b = 0; b < maxBatches; b++) {
    const rows = await repo.pendingOutbox(db, drainBatch);
    if (rows.length === 0) break;
    const byKey = new Map<string, { kind: SearchKind; refId: number; ids: number[] }>();
    for (const r of rows) {
      const k = `${r.kind}:${r.refId}`;
      const entry = byKey.get(k) ?? { kind: r.kind, refId: r.refId, ids: [] };
      entry.ids.push(r.id);
      byKey.set(k, entry);
    }
    const upserts: SearchDoc[] = [];
    const removals: Array<{ kind: SearchKind; refId: number }> = [];
    for (const e of byKey.values()) {
      const doc = e.kind === 'platform' || e.kind === 'review' || e.kind === 'incident' ? await buildDocument(db, e.kind, e.refId) : null;
      if (doc) upserts.push(doc);
      else removals.push({ kind: e.kind, refId: e.refId });
    }
    const ids = rows.map((r) => r.id);
    try {
      for (const engine of list) {
        await engine.upsert(upserts);
        await engine.remove(removals);
      }
      await repo.markProcessed(db, ids);
      processed += ids.length;
    } catch (e) {
      await repo.markFailed(db, ids, e instanceof Error ? `${e.name}: ${e.message}` : 'engine error');
      failed += ids.length;
      break; // the engine is down: leave the rest pending for the next drain
    }
    if (rows.length < drainBatch) break;
  }
  return { processed, failed, pending: await repo.countPendingOutbox(db) };
}

/** Queues every platform and published review (after a restore, or to fill a new engine). */
export async function enqueueFullReindex(db: Kysely<Database>): Promise<number> {
  const all = await repo.allSourceIds(db);
  for (let i = 0; i < all.length; i += 1000) await repo.insertOutboxRows(db, all.slice(i, i + 1000), 'upsert');
  return all.length;
}

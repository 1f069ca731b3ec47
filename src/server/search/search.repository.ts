// The only SQL of search: documents (PostgreSQL full-text on pre-segmented words,
// pg_trgm on names), the outbox, and the sources documents are built from.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type SearchKind = 'platform' | 'review';

/** What an engine indexes: one platform or one review. */
export interface SearchDoc {
  kind: SearchKind;
  refId: number;
  platformId: number;
  title: string;
  body: string;
  /** names, aliases and domains (trigram matching for typos); '' for reviews */
  names: string;
  /** segmentForIndex(everything searchable) */
  segmented: string;
}

export interface SourcePlatform {
  id: number;
  approved: boolean;
  nameZh: string;
  nameEn: string;
  aliases: string[];
  domains: Array<{ domain: string; display: string }>;
  description: string;
  /** what it sells (platform.categories): a reader searching 话费 wants the phone top-up platforms */
  categories: string[];
}

export async function loadPlatformSource(db: Db, id: number): Promise<SourcePlatform | null> {
  const p = await db.selectFrom('platform').select(['id', 'approval', 'name_zh', 'name_en', 'aliases', 'description_source', 'categories'])
    .where('id', '=', id).executeTakeFirst();
  if (!p) return null;
  const domains = await db.selectFrom('platform_domain').select(['domain', 'display']).where('platform_id', '=', id)
    .orderBy('is_primary', 'desc').orderBy('id').execute();
  return {
    id: Number(p.id), approved: p.approval === 'approved', nameZh: p.name_zh, nameEn: p.name_en, aliases: p.aliases ?? [],
    domains, description: p.description_source, categories: [...(p.categories ?? [])],
  };
}

export interface SourceReview {
  id: number;
  platformId: number;
  visible: boolean;
  platformName: string;
  body: string;
}

export async function loadReviewSource(db: Db, id: number): Promise<SourceReview | null> {
  const r = await db.selectFrom('review').innerJoin('platform', 'platform.id', 'review.platform_id')
    .select(['review.id', 'review.platform_id', 'review.state', 'review.body_source', 'platform.name_zh', 'platform.approval'])
    .where('review.id', '=', id).executeTakeFirst();
  if (!r) return null;
  // 追评 are part of the review's text: "一个月后卡密失效" is often only in a follow-up.
  const followUps = await db.selectFrom('review_follow_up').select('body_source')
    .where('review_id', '=', id).where('state', '=', 'published').orderBy('created_at').orderBy('id').execute();
  return {
    id: Number(r.id), platformId: Number(r.platform_id), visible: r.state === 'published' && r.approval === 'approved',
    platformName: r.name_zh, body: [r.body_source, ...followUps.map((f) => f.body_source)].join('\n'),
  };
}

/** Queue the review a follow-up belongs to (its document includes the follow-ups). */
export async function insertOutboxForFollowUp(db: Db, followUpId: number): Promise<void> {
  await db.insertInto('search_outbox')
    .columns(['kind', 'ref_id', 'op'])
    .expression((eb) => eb.selectFrom('review_follow_up').select([sql<string>`'review'`.as('kind'), 'review_id', sql<string>`'upsert'`.as('op')]).where('id', '=', followUpId))
    .execute();
}

export async function upsertDocuments(db: Db, docs: SearchDoc[]): Promise<void> {
  if (docs.length === 0) return;
  await db.insertInto('search_document').values(docs.map((d) => ({
    kind: d.kind, ref_id: d.refId, platform_id: d.platformId, title: d.title, body: d.body, names: d.names,
    tokens: sql<string>`to_tsvector('simple', ${d.segmented})`,
    updated_at: sql<Date>`now()`,
  }))).onConflict((oc) => oc.columns(['kind', 'ref_id']).doUpdateSet((eb) => ({
    platform_id: eb.ref('excluded.platform_id'), title: eb.ref('excluded.title'), body: eb.ref('excluded.body'),
    names: eb.ref('excluded.names'), tokens: eb.ref('excluded.tokens'), updated_at: eb.ref('excluded.updated_at'),
  }))).execute();
}

export async function deleteDocuments(db: Db, keys: Array<{ kind: SearchKind; refId: number }>): Promise<void> {
  for (const k of keys) {
    await db.deleteFrom('search_document').where('kind', '=', k.kind).where('ref_id', '=', k.refId).execute();
  }
}

// ── outbox ──

export async function insertOutbox(db: Db, kind: SearchKind, refId: number, op: 'upsert' | 'delete'): Promise<void> {
  await db.insertInto('search_outbox').values({ kind, ref_id: refId, op, last_error: null, processed_at: null }).execute();
}

export interface OutboxRow {
  id: number;
  kind: SearchKind;
  refId: number;
  op: 'upsert' | 'delete';
  attempts: number;
}

export async function pendingOutbox(db: Db, limit: number): Promise<OutboxRow[]> {
  const rows = await db.selectFrom('search_outbox').select(['id', 'kind', 'ref_id', 'op', 'attempts'])
    .where('processed_at', 'is', null).orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ id: Number(r.id), kind: r.kind as SearchKind, refId: Number(r.ref_id), op: r.op, attempts: r.attempts }));
}

export async function markProcessed(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('search_outbox').set({ processed_at: sql<Date>`now()`, last_error: null }).where('id', 'in', ids).execute();
}

export async function markFailed(db: Db, ids: number[], error: string): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('search_outbox').set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error.slice(0, 500) }))
    .where('id', 'in', ids).execute();
}

export async function countPendingOutbox(db: Db): Promise<number> {
  const r = await db.selectFrom('search_outbox').select(sql<number>`count(*)`.as('n')).where('processed_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Every indexable thing, for a full reindex. */
export async function allSourceIds(db: Db): Promise<Array<{ kind: SearchKind; refId: number }>> {
  const p = await db.selectFrom('platform').select('id').where('approval', '=', 'approved').execute();
  const r = await db.selectFrom('review').select('id').where('state', '=', 'published').execute();
  return [...p.map((x) => ({ kind: 'platform' as const, refId: Number(x.id) })), ...r.map((x) => ({ kind: 'review' as const, refId: Number(x.id) }))];
}

// ── queries ──

export interface Hit {
  kind: SearchKind;
  refId: number;
  platformId: number;
  title: string;
  body: string;
  names: string;
  rank: number;
}

/**
 * Rank cap: at most this many matching documents are ranked per query. A very common
 * word (话费 in a large corpus) would otherwise make ts_rank read every match's tsvector;
 * the newest matches win the cap, which is what a reader of reviews wants anyway.
 */
export const rankCandidateCap = 2000;

/**
 * The tsquery of segmentQueryTerms: every term required (&&), any token of a term will do (||).
 * Each token goes through `plainto_tsquery('simple', …)` as a parameter: no syntax to inject.
 */
function termsQuery(terms: readonly (readonly string[])[]) {
  const term = (tokens: readonly string[]) => sql`(${sql.join(tokens.map((t) => sql`plainto_tsquery('simple', ${t})`), sql` || `)})`;
  return sql.join(terms.filter((t) => t.length > 0).map(term), sql` && `);
}

/** Full-text match on pre-segmented words (`terms` non-empty: one list of alternative tokens per query word). */
export async function fullText(db: Db, terms: readonly (readonly string[])[], kind: SearchKind, limit: number, offset: number): Promise<{ hits: Hit[]; total: number }> {
  if (!terms.some((t) => t.length > 0)) return { hits: [], total: 0 };
  const rows = await sql<{ kind: SearchKind; ref_id: number; platform_id: number; title: string; body: string; names: string; rank: number; total: number }>`
    WITH q AS (SELECT ${termsQuery(terms)} AS q),
    m AS (
      SELECT d.kind, d.ref_id, d.platform_id, d.title, d.body, d.names, d.tokens
      FROM search_document d, q
      WHERE d.kind = ${kind} AND d.tokens @@ q.q
      ORDER BY d.updated_at DESC
      LIMIT ${rankCandidateCap}
    )
    SELECT m.kind, m.ref_id, m.platform_id, m.title, m.body, m.names, ts_rank(m.tokens, q.q) AS rank, count(*) OVER () AS total
    FROM m, q
    ORDER BY rank DESC, m.ref_id DESC
    LIMIT ${limit} OFFSET ${offset}`.execute(db);
  return {
    total: rows.rows[0] ? Number(rows.rows[0].total) : 0,
    hits: rows.rows.map((r) => ({ kind: r.kind, refId: Number(r.ref_id), platformId: Number(r.platform_id), title: r.title, body: r.body, names: r.names, rank: Number(r.rank) })),
  };
}

/** Typos in Latin names: pg_trgm word_similarity of the query against the names (0..1). */
export async function fuzzyPlatforms(db: Db, q: string, threshold: number, limit: number): Promise<Hit[]> {
  const rows = await sql<{ ref_id: number; platform_id: number; title: string; body: string; names: string; sim: number }>`
    SELECT ref_id, platform_id, title, body, names, word_similarity(lower(${q}), lower(names)) AS sim
    FROM search_document
    WHERE kind = 'platform' AND word_similarity(lower(${q}), lower(names)) >= ${threshold}
    ORDER BY sim DESC, ref_id LIMIT ${limit}`.execute(db);
  return rows.rows.map((r) => ({ kind: 'platform', refId: Number(r.ref_id), platformId: Number(r.platform_id), title: r.title, body: r.body, names: r.names, rank: Number(r.sim) }));
}

/** Chinese names with one wrong character: platforms whose names contain at least `minShared` of the characters. */
export async function platformsSharingChars(db: Db, chars: string[], minShared: number, limit: number): Promise<Hit[]> {
  if (chars.length === 0) return [];
  const score = sql.join(chars.map((c) => sql`(strpos(names, ${c}) > 0)::int`), sql` + `);
  const rows = await sql<{ ref_id: number; platform_id: number; title: string; body: string; names: string; shared: number }>`
    SELECT ref_id, platform_id, title, body, names, (${score}) AS shared
    FROM search_document
    WHERE kind = 'platform' AND (${score}) >= ${minShared}
    ORDER BY shared DESC, ref_id LIMIT ${limit}`.execute(db);
  return rows.rows.map((r) => ({ kind: 'platform', refId: Number(r.ref_id), platformId: Number(r.platform_id), title: r.title, body: r.body, names: r.names, rank: Number(r.shared) }));
}

export async function platformIdByDomain(db: Db, ascii: string): Promise<number | null> {
  const r = await db.selectFrom('platform_domain').innerJoin('platform', 'platform.id', 'platform_domain.platform_id')
    .select('platform.id').where('platform_domain.domain', '=', ascii).where('platform.approval', '=', 'approved').executeTakeFirst();
  return r ? Number(r.id) : null;
}

export interface PlatformCard {
  id: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  status: string;
  primaryDomain: string | null;
}

export async function platformCards(db: Db, ids: number[]): Promise<Map<number, PlatformCard>> {
  const out = new Map<number, PlatformCard>();
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('platform')
    .leftJoin('platform_domain', (j) => j.onRef('platform_domain.platform_id', '=', 'platform.id').on('platform_domain.is_primary', '=', true))
    .select(['platform.id', 'platform.slug', 'platform.name_zh', 'platform.name_en', 'platform.status', 'platform_domain.display'])
    .where('platform.id', 'in', ids).where('platform.approval', '=', 'approved').execute();
  for (const r of rows) out.set(Number(r.id), { id: Number(r.id), slug: r.slug, nameZh: r.name_zh, nameEn: r.name_en, status: r.status, primaryDomain: r.display ?? null });
  return out;
}

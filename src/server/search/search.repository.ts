// The only SQL of search: documents (PostgreSQL full-text on pre-segmented words,
// pg_trgm on names), the outbox, and the sources documents are built from.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { PlatformCategory, PlatformStatus, Provenance } from '../platforms/platform.table.ts';
import { isFactKey, type FactKey } from '../platforms/facts.ts';
import type { IncidentKind, IncidentStatus } from '../reviews/review.table.ts';
import type { SearchKind } from './search.table.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type { SearchKind };

/** What an engine indexes: one platform, one review (with its follow-ups) or one complaint case. */
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
  /** structured evidence intents match (outcome:refund_refused, incident:exit_scam, status:…) */
  tags: string[];
  /** when the content was written (null: now) */
  createdAt: Date | null;
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
  categories: PlatformCategory[];
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
  /** outcomes of its published follow-ups (refund_refused, key_replaced …) */
  outcomes: string[];
  followUps: number;
  /** the rating now (a follow-up's supersedes the original) */
  currentRating: number;
  createdAt: Date;
}

export async function loadReviewSource(db: Db, id: number): Promise<SourceReview | null> {
  const r = await db.selectFrom('review').innerJoin('platform', 'platform.id', 'review.platform_id')
    .select(['review.id', 'review.platform_id', 'review.state', 'review.body_source', 'review.created_at', 'review.current_rating', 'platform.name_zh', 'platform.approval'])
    .where('review.id', '=', id).executeTakeFirst();
  if (!r) return null;
  // 追评 are part of the review's text: "一个月后卡密失效" is often only in a follow-up.
  const followUps = await db.selectFrom('review_follow_up').select(['body_source', 'outcome'])
    .where('review_id', '=', id).where('state', '=', 'published').orderBy('created_at').orderBy('id').execute();
  return {
    id: Number(r.id), platformId: Number(r.platform_id), visible: r.state === 'published' && r.approval === 'approved',
    platformName: r.name_zh, body: [r.body_source, ...followUps.map((f) => f.body_source)].join('\n'),
    outcomes: [...new Set(followUps.flatMap((f) => (f.outcome ? [f.outcome] : [])))], followUps: followUps.length, currentRating: Number(r.current_rating), createdAt: new Date(r.created_at),
  };
}

export interface SourceIncident {
  id: number;
  platformId: number;
  /** searchable: on an approved platform and not rejected by a moderator (a duplicate, not a complaint) */
  visible: boolean;
  platformName: string;
  caseNo: string;
  kind: IncidentKind;
  status: IncidentStatus;
  /** the complaint, then the reporter's and the platform's public updates */
  body: string;
  createdAt: Date;
}

export async function loadIncidentSource(db: Db, id: number): Promise<SourceIncident | null> {
  const i = await db.selectFrom('incident').innerJoin('platform', 'platform.id', 'incident.platform_id')
    .select(['incident.id', 'incident.platform_id', 'incident.case_no', 'incident.kind', 'incident.status', 'incident.body_source', 'incident.created_at', 'platform.name_zh', 'platform.approval'])
    .where('incident.id', '=', id).executeTakeFirst();
  if (!i) return null;
  const updates = await db.selectFrom('incident_update').select('body_source')
    .where('incident_id', '=', id).where('author_role', 'in', ['reporter', 'platform']).where('body_source', '<>', '')
    .orderBy('created_at').orderBy('id').execute();
  return {
    id: Number(i.id), platformId: Number(i.platform_id), visible: i.approval === 'approved' && i.status !== 'rejected', platformName: i.name_zh,
    caseNo: i.case_no, kind: i.kind, status: i.status, body: [i.body_source, ...updates.map((u) => u.body_source)].join('\n'), createdAt: new Date(i.created_at),
  };
}

/** Queue the review a follow-up belongs to (its document includes the follow-ups). */
export async function insertOutboxForFollowUp(db: Db, followUpId: number): Promise<void> {
  await db.insertInto('search_outbox')
    .columns(['kind', 'ref_id', 'op'])
    .expression((eb) => eb.selectFrom('review_follow_up').select([sql<string>`'review'`.as('kind'), 'review_id', sql<string>`'upsert'`.as('op')]).where('id', '=', followUpId))
    .execute();
}

/** A text[] literal built from parameters ('{}' when empty). */
function textArray(values: readonly string[]) {
  return values.length ? sql<string[]>`ARRAY[${sql.join(values)}]::text[]` : sql<string[]>`'{}'::text[]`;
}

export async function upsertDocuments(db: Db, docs: SearchDoc[]): Promise<void> {
  if (docs.length === 0) return;
  await db.insertInto('search_document').values(docs.map((d) => ({
    kind: d.kind, ref_id: d.refId, platform_id: d.platformId, title: d.title, body: d.body, names: d.names,
    tokens: sql<string>`to_tsvector('simple', ${d.segmented})`,
    tags: textArray(d.tags),
    created_at: d.createdAt ?? sql<Date>`now()`,
    updated_at: sql<Date>`now()`,
  }))).onConflict((oc) => oc.columns(['kind', 'ref_id']).doUpdateSet((eb) => ({
    platform_id: eb.ref('excluded.platform_id'), title: eb.ref('excluded.title'), body: eb.ref('excluded.body'),
    names: eb.ref('excluded.names'), tokens: eb.ref('excluded.tokens'), updated_at: eb.ref('excluded.updated_at'),
    tags: eb.ref('excluded.tags'), created_at: eb.ref('excluded.created_at'),
  }))).execute();
}

export async function deleteDocuments(db: Db, keys: Array<{ kind: SearchKind; refId: number }>): Promise<void> {
  for (const k of keys) {
    await db.deleteFrom('search_document').where('kind', '=', k.kind).where('ref_id', '=', k.refId).execute();
  }
}

// ── outbox ──

/** One outbox row per id (none for no ids). */
export async function insertOutbox(db: Db, kind: SearchKind, refIds: readonly number[], op: 'upsert' | 'delete'): Promise<void> {
  if (refIds.length === 0) return;
  await db.insertInto('search_outbox').values(refIds.map((id) => ({ kind, ref_id: id, op, last_error: null, processed_at: null }))).execute();
}

/** Outbox rows of mixed kinds (a full reindex). */
export async function insertOutboxRows(db: Db, rows: ReadonlyArray<{ kind: SearchKind; refId: number }>, op: 'upsert' | 'delete'): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('search_outbox').values(rows.map((x) => ({ kind: x.kind, ref_id: x.refId, op, last_error: null, processed_at: null }))).execute();
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
  return rows.map((r) => ({ id: Number(r.id), kind: r.kind, refId: Number(r.ref_id), op: r.op, attempts: r.attempts }));
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
  const i = await db.selectFrom('incident').select('id').where('status', '<>', 'rejected').execute();
  return [
    ...p.map((x) => ({ kind: 'platform' as const, refId: Number(x.id) })), ...r.map((x) => ({ kind: 'review' as const, refId: Number(x.id) })),
    ...i.map((x) => ({ kind: 'incident' as const, refId: Number(x.id) })),
  ];
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
export function termsQuery(terms: readonly (readonly string[])[]) {
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

// ── answers (issue 15): the platform dictionary, answer cards, intent platforms, ranked OR items ──

export interface DictionaryRow {
  id: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  aliases: string[];
  domains: string[];
}

/** A cheap fingerprint of the searchable platforms: the dictionary is rebuilt when it changes. */
export async function platformDictionaryStamp(db: Db): Promise<string> {
  const r = await sql<{ n: number; at: Date | null }>`
    SELECT count(*) AS n, max(updated_at) AS at FROM search_document WHERE kind = 'platform'`.execute(db);
  const row = r.rows[0];
  return `${row ? Number(row.n) : 0}:${row?.at ? new Date(row.at).getTime() : 0}`;
}

/** Names, aliases and domains of every searchable (approved) platform. */
export async function platformDictionaryRows(db: Db): Promise<DictionaryRow[]> {
  const rows = await sql<{ id: number; slug: string; name_zh: string; name_en: string; aliases: string[] | null; domains: string[] | null }>`
    SELECT p.id, p.slug, p.name_zh, p.name_en, p.aliases,
      ARRAY(SELECT d.domain FROM platform_domain d WHERE d.platform_id = p.id ORDER BY d.is_primary DESC, d.id) AS domains
    FROM platform p
    WHERE p.approval = 'approved'
    ORDER BY p.id`.execute(db);
  return rows.rows.map((r) => ({ id: Number(r.id), slug: r.slug, nameZh: r.name_zh, nameEn: r.name_en, aliases: r.aliases ?? [], domains: r.domains ?? [] }));
}

export interface AnswerCardRow {
  id: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  status: PlatformStatus;
  statusChangedAt: Date | null;
  primaryDomain: string | null;
  /** latest score snapshot (1–5), null before the first ranking */
  score: number | null;
  reviewCount: number;
  /** open or confirmed complaint cases by kind (rejected ones left out) */
  incidents: Array<{ kind: IncidentKind; n: number }>;
  facts: Array<{ key: FactKey; value: string; provenance: Provenance }>;
}

/** Cards for answer platforms: status, latest score, complaint counts and the facts asked for. */
export async function answerCards(db: Db, ids: readonly number[], factKeys: readonly string[]): Promise<Map<number, AnswerCardRow>> {
  const out = new Map<number, AnswerCardRow>();
  if (ids.length === 0) return out;
  const rows = await sql<{ id: number; slug: string; name_zh: string; name_en: string; status: PlatformStatus; status_changed_at: Date | null; display: string | null; score: number | null; review_count: number | null }>`
    SELECT p.id, p.slug, p.name_zh, p.name_en, p.status, p.status_changed_at,
      (SELECT d.display FROM platform_domain d WHERE d.platform_id = p.id AND d.is_primary LIMIT 1) AS display,
      s.score, s.review_count
    FROM platform p
    LEFT JOIN LATERAL (SELECT score, review_count FROM score_snapshot WHERE platform_id = p.id ORDER BY computed_at DESC, id DESC LIMIT 1) s ON true
    WHERE p.id IN (${sql.join(ids)}) AND p.approval = 'approved'`.execute(db);
  for (const r of rows.rows) {
    out.set(Number(r.id), {
      id: Number(r.id), slug: r.slug, nameZh: r.name_zh, nameEn: r.name_en, status: r.status, statusChangedAt: r.status_changed_at ? new Date(r.status_changed_at) : null,
      primaryDomain: r.display, score: r.score === null ? null : Number(r.score), reviewCount: Number(r.review_count ?? 0), incidents: [], facts: [],
    });
  }
  const inc = await db.selectFrom('incident').select(['platform_id', 'kind', sql<number>`count(*)`.as('n')])
    .where('platform_id', 'in', ids).where('status', '<>', 'rejected').groupBy(['platform_id', 'kind']).execute();
  for (const r of inc) {
    const c = out.get(Number(r.platform_id));
    c?.incidents.push({ kind: r.kind, n: Number(r.n) });
  }
  if (factKeys.length > 0) {
    const facts = await db.selectFrom('platform_fact').select(['platform_id', 'fact_key', 'value', 'provenance'])
      .where('platform_id', 'in', ids).where('fact_key', 'in', factKeys).orderBy('fact_key').execute();
    // A key off the closed list (none is written: the form checks it) has no label to show.
    for (const f of facts) if (isFactKey(f.fact_key)) out.get(Number(f.platform_id))?.facts.push({ key: f.fact_key, value: f.value, provenance: f.provenance });
  }
  return out;
}

/**
 * Platforms that answer a status question (跑路): in one of `statuses`, with an open 预警 (early
 * warning: established customers' complaints surging, src/server/warnings/), or with a complaint
 * case of `incidentKinds` that a moderator has not rejected — newest first (the status change, the
 * warning or the latest such case). Exit scams first: what a reader with a balance needs most.
 */
export async function platformsForStatusIntent(db: Db, statuses: readonly string[], incidentKinds: readonly string[], limit: number): Promise<number[]> {
  if (statuses.length === 0 && incidentKinds.length === 0) return [];
  const rows = await sql<{ id: number }>`
    SELECT p.id FROM platform p
    LEFT JOIN LATERAL (
      SELECT max(i.created_at) AS at FROM incident i
      WHERE i.platform_id = p.id AND i.status <> 'rejected' AND i.kind IN (${sql.join(incidentKinds.length ? incidentKinds : [''])})
    ) c ON true
    LEFT JOIN early_warning w ON w.platform_id = p.id AND w.ended_at IS NULL
    WHERE p.approval = 'approved'
      AND (p.status IN (${sql.join(statuses.length ? statuses : [''])}) OR c.at IS NOT NULL OR w.id IS NOT NULL)
    ORDER BY (p.status = 'exit_scam') DESC, (w.id IS NOT NULL) DESC,
      greatest(CASE WHEN p.status IN (${sql.join(statuses.length ? statuses : [''])}) THEN p.status_changed_at END, c.at, w.started_at) DESC NULLS LAST, p.id
    LIMIT ${limit}`.execute(db);
  return rows.rows.map((r) => Number(r.id));
}

/**
 * Best-ranked active platforms, in the ranking's order (the verdict's band first, then the
 * lower bound: src/server/verdict/), optionally only those selling one of `categories`: the
 * answer to "哪家靠谱" / "话费充值哪家靠谱".
 */
export async function topRankedPlatforms(db: Db, limit: number, categories: readonly string[] = []): Promise<number[]> {
  const rows = await sql<{ id: number }>`
    SELECT p.id FROM platform p
    JOIN platform_verdict v ON v.platform_id = p.id
    WHERE p.approval = 'approved' AND p.status = 'active' AND v.rank IS NOT NULL
      ${categories.length > 0 ? sql`AND p.categories && ${sql.val(categories)}::text[]` : sql``}
    ORDER BY v.rank, p.id LIMIT ${limit}`.execute(db);
  return rows.rows.map((r) => Number(r.id));
}

/** One term of a ranked-OR query: any of its words, or any of its tags, satisfies it. */
export interface ItemTerm {
  words: readonly string[];
  tags: readonly string[];
}

export interface ItemHit {
  kind: 'review' | 'incident';
  refId: number;
  platformId: number;
  title: string;
  body: string;
  createdAt: Date;
  /** terms satisfied (of terms.length) */
  matched: number;
  score: number;
}

/**
 * How many of the newest candidate documents are ranked per query (and, separately, how many of
 * the named platforms' own): a very common word (话费 over a million reviews) would otherwise make
 * every match's tsvector be read. The newest win the cap, which is what a reader of reviews and
 * cases wants anyway. 300: the 1M-document bench reads ~3 000 rows for the commonest words (p95 137 ms
 * at 500 on a loaded machine).
 */
export const itemCandidateCap = 300;

/** Any of `words`, each a phrase of tokens cut like documents (打 不 开 → 打 <-> 不 <-> 开); parameters only, no syntax to inject. */
const anyWord = (words: readonly string[]) => sql.join(words.map((w) => sql`phraseto_tsquery('simple', ${w})`), sql` || `);

/**
 * Reviews (with their follow-ups) and complaint cases, ranked OR: a document need not match every
 * term — each satisfied term raises its rank, words that match nothing only lower it. Within equal
 * matches, cover density (ts_rank_cd: how close together the matched words are, Clarke et al.
 * 2000) and then recency order them. Documents of `platformIds` (the platforms the query names)
 * come first, whether or not they match a term.
 *
 * The query is written out in the WHERE clause (no CTE) so the planner sees it: for words found
 * in a large share of a million documents it walks the newest documents (created_at index) and
 * stops at the cap; for rare ones it reads the GIN indexes.
 */
export async function rankedItems(db: Db, terms: readonly ItemTerm[], platformIds: readonly number[], limit: number, offset: number): Promise<{ hits: ItemHit[]; total: number }> {
  const usable = terms.filter((t) => t.words.length > 0 || t.tags.length > 0);
  if (usable.length === 0 && platformIds.length === 0) return { hits: [], total: 0 };
  const allWords = [...new Set(usable.flatMap((t) => t.words))];
  const allTags = [...new Set(usable.flatMap((t) => t.tags))];
  const conds = [];
  if (allWords.length) conds.push(sql`d.tokens @@ (${anyWord(allWords)})`);
  if (allTags.length) conds.push(sql`d.tags && ${textArray(allTags)}`);
  const termMatch = (t: ItemTerm) => {
    const parts = [];
    if (t.words.length) parts.push(sql`m.tokens @@ (${anyWord(t.words)})`);
    if (t.tags.length) parts.push(sql`m.tags && ${textArray(t.tags)}`);
    return sql`(${sql.join(parts, sql` OR `)})::int`;
  };
  const tagMatch = (t: ItemTerm) => (t.tags.length ? sql`(m.tags && ${textArray(t.tags)})::int` : sql`0`);
  const matched = usable.length ? sql.join(usable.map(termMatch), sql` + `) : sql`0`;
  const tagHits = usable.length ? sql.join(usable.map(tagMatch), sql` + `) : sql`0`;
  const onPlatform = platformIds.length ? sql`(m.platform_id IN (${sql.join(platformIds)}))::int` : sql`0`;
  const proximity = allWords.length ? sql`coalesce(ts_rank_cd(m.tokens, (${anyWord(allWords)}), 1), 0)` : sql`0`;
  const cols = sql`d.kind, d.ref_id, d.platform_id, d.title, d.body, d.tokens, d.tags, d.created_at`;
  // Two candidate sets, each the newest up to the cap: the named platforms' own documents (their
  // index), and the documents matching any term. Apart, so a platform's documents are never
  // crowded out by a million others that match a common word.
  const branches = [];
  if (platformIds.length) {
    branches.push(sql`(SELECT ${cols} FROM search_document d WHERE d.kind <> 'platform' AND d.platform_id IN (${sql.join(platformIds)}) ORDER BY d.created_at DESC LIMIT ${itemCandidateCap})`);
  }
  if (conds.length) {
    branches.push(sql`(SELECT ${cols} FROM search_document d WHERE d.kind <> 'platform' AND (${sql.join(conds, sql` OR `)}) ORDER BY d.created_at DESC LIMIT ${itemCandidateCap})`);
  }
  const rows = await sql<{ kind: 'review' | 'incident'; ref_id: number; platform_id: number; title: string; body: string; created_at: Date; matched: number; score: number; total: number }>`
    WITH c AS (${sql.join(branches, sql` UNION ALL `)}),
    m AS (SELECT DISTINCT ON (kind, ref_id) * FROM c ORDER BY kind, ref_id),
    s AS (
      SELECT m.kind, m.ref_id, m.platform_id, m.title, m.body, m.created_at, ${onPlatform} AS on_platform, ${matched} AS matched,
        -- a structured match (a refund outcome, a case of that kind) is stronger evidence than a word
        (${matched}) + 0.5 * (${tagHits}) + least(${proximity}, 1) * 0.5 AS score
      FROM m
    )
    SELECT s.kind, s.ref_id, s.platform_id, s.title, s.body, s.created_at, s.matched, s.score, count(*) OVER () AS total
    FROM s
    ORDER BY s.on_platform DESC, s.score DESC, s.created_at DESC, s.ref_id DESC
    LIMIT ${limit} OFFSET ${offset}`.execute(db);
  return {
    total: rows.rows[0] ? Number(rows.rows[0].total) : 0,
    hits: rows.rows.map((r) => ({
      kind: r.kind, refId: Number(r.ref_id), platformId: Number(r.platform_id), title: r.title, body: r.body, createdAt: new Date(r.created_at),
      matched: Number(r.matched), score: Number(r.score),
    })),
  };
}

/** Case numbers and kinds of complaint cases (for their result links). */
export async function incidentRefs(db: Db, ids: readonly number[]): Promise<Map<number, { caseNo: string; kind: IncidentKind; status: IncidentStatus }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('incident').select(['id', 'case_no', 'kind', 'status']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), { caseNo: r.case_no, kind: r.kind, status: r.status }]));
}

// ── zero-result queries (counts only) ──

/** Counts one zero-result query for the day `day` (YYYY-MM-DD). */
export async function recordMiss(db: Db, query: string, day: string): Promise<void> {
  await db.insertInto('search_miss').values({ query, first_seen_on: day, last_seen_on: day })
    .onConflict((oc) => oc.column('query').doUpdateSet((eb) => ({ hits: eb('search_miss.hits', '+', 1), last_seen_on: eb.ref('excluded.last_seen_on') })))
    .execute();
}

export async function topMisses(db: Db, limit: number): Promise<Array<{ query: string; hits: number; firstSeenOn: string; lastSeenOn: string }>> {
  const rows = await db.selectFrom('search_miss').select(['query', 'hits', sql<string>`to_char(first_seen_on, 'YYYY-MM-DD')`.as('first'), sql<string>`to_char(last_seen_on, 'YYYY-MM-DD')`.as('last')])
    .orderBy('hits', 'desc').orderBy('last_seen_on', 'desc').orderBy('query').limit(limit).execute();
  return rows.map((r) => ({ query: r.query, hits: Number(r.hits), firstSeenOn: r.first, lastSeenOn: r.last }));
}

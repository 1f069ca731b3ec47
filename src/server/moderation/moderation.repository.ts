// The only Kysely code for moderation: flags, the append-only log, claims, appeals, alerts,
// and the moderator-triggered state changes on other domains' tables (posts, proofs,
// evidence, incidents, platforms, accounts). lock* functions take a Transaction.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { FlagTargetKind, PostKind } from './flag-reasons.ts';
import type { IncidentStatus, PostState } from '../reviews/review.table.ts';
import type { PlatformStatus } from '../platforms/platform.table.ts';
import { sanctions, type ModSubjectKind } from './moderation.table.ts';
import { isModAction, type ModAction, type StatusEvent } from './status.ts';

type Db = Kysely<Database> | Transaction<Database>;
type Trx = Transaction<Database>;

// ── posts ──
const postTable = { review: 'review', follow_up: 'review_follow_up', case_report: 'case_report', reply: 'official_reply' } as const;

export interface PostRow {
  id: number;
  authorId: number;
  platformId: number;
  state: PostState;
  body: string;
  createdAt: Date;
}

/** Lock a post FOR UPDATE (two moderators at once: the second waits, then sees the new state). */
export async function lockPost(trx: Trx, kind: PostKind, id: number): Promise<PostRow | undefined> {
  if (kind === 'follow_up') {
    const r = await sql<{ id: number; author_id: number; platform_id: number; state: PostState; body: string; created_at: Date }>`
      SELECT f.id, f.account_id AS author_id, r.platform_id, f.state, f.body_source AS body, f.created_at
      FROM review_follow_up f JOIN review r ON r.id = f.review_id WHERE f.id = ${id} FOR UPDATE OF f`.execute(trx);
    const row = r.rows[0];
    return row && { id: row.id, authorId: row.author_id, platformId: row.platform_id, state: row.state, body: row.body, createdAt: row.created_at };
  }
  const table = postTable[kind];
  const r = await sql<{ id: number; account_id: number; platform_id: number; state: PostState; body_source: string; created_at: Date }>`
    SELECT id, account_id, platform_id, state, body_source, created_at FROM ${sql.table(table)} WHERE id = ${id} FOR UPDATE`.execute(trx);
  const row = r.rows[0];
  return row && { id: row.id, authorId: row.account_id, platformId: row.platform_id, state: row.state, body: row.body_source, createdAt: row.created_at };
}

export async function setPostState(trx: Trx, kind: PostKind, id: number, state: 'published' | 'removed', reason: string | null, nowMs: number): Promise<void> {
  if (kind === 'reply') {
    await trx.updateTable('official_reply').set({ state }).where('id', '=', id).execute();
    return;
  }
  if (kind === 'follow_up') {
    await trx.updateTable('review_follow_up').set({ state, state_reason: reason }).where('id', '=', id).execute();
    return;
  }
  await trx.updateTable(postTable[kind]).set({ state, state_reason: reason, updated_at: new Date(nowMs) }).where('id', '=', id).execute();
}

// ── the log ──
export interface NewEvent {
  moderatorId: number | null;
  action: ModAction;
  subjectKind: ModSubjectKind;
  subjectId: number;
  platformId: number | null;
  reason: string | null;
  note: string;
  batchId?: number | null;
  createdAt: Date;
}

export async function insertEvent(trx: Db, e: NewEvent): Promise<number> {
  const row = await trx.insertInto('moderation_event').values({
    moderator_id: e.moderatorId, action: e.action, subject_kind: e.subjectKind, subject_id: e.subjectId,
    platform_id: e.platformId, reason: e.reason, note: e.note, batch_id: e.batchId ?? null, created_at: e.createdAt,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function eventsFor(trx: Db, subjectKind: ModSubjectKind, subjectId: number): Promise<StatusEvent[]> {
  const rows = await trx.selectFrom('moderation_event').select(['action', 'created_at', 'moderator_id', 'reason'])
    .where('subject_kind', '=', subjectKind).where('subject_id', '=', subjectId).orderBy('id').execute();
  // A row whose action this build does not know (written by a newer one) cannot change a status: skipped.
  return rows.flatMap((r) => (isModAction(r.action) ? [{ action: r.action, createdAtMs: r.created_at.getTime(), moderatorId: r.moderator_id, reason: r.reason }] : []));
}

export interface LogFilter {
  action?: ModAction;
  moderatorId?: number;
  platformId?: number;
  eventId?: number;
  /** Hide the members of a batch (a ring's per-post events); the batch's own event stays. */
  topLevelOnly?: boolean;
}

export interface LogRow {
  id: number;
  action: ModAction;
  subjectKind: ModSubjectKind;
  subjectId: number;
  platformId: number | null;
  platformSlug: string | null;
  platformName: string | null;
  moderatorHandle: string | null;
  reason: string | null;
  note: string;
  batchId: number | null;
  createdAt: Date;
}

/** Newest first, keyset-free offset paging (the log index serves created_at DESC, id DESC). */
export async function listEvents(db: Db, f: LogFilter, limit: number, offset: number): Promise<LogRow[]> {
  let q = db.selectFrom('moderation_event as e')
    .leftJoin('account as a', 'a.id', 'e.moderator_id')
    .leftJoin('platform as p', 'p.id', 'e.platform_id')
    .select(['e.id', 'e.action', 'e.subject_kind', 'e.subject_id', 'e.platform_id', 'e.reason', 'e.note', 'e.batch_id', 'e.created_at',
      'a.handle as moderator_handle', 'p.slug as platform_slug', 'p.name_zh as platform_name']);
  if (f.action) q = q.where('e.action', '=', f.action);
  if (f.moderatorId) q = q.where('e.moderator_id', '=', f.moderatorId);
  if (f.platformId) q = q.where('e.platform_id', '=', f.platformId);
  if (f.eventId) q = q.where((eb) => eb.or([eb('e.id', '=', f.eventId!), eb('e.batch_id', '=', f.eventId!)]));
  if (f.topLevelOnly) q = q.where('e.batch_id', 'is', null);
  const rows = await q.orderBy('e.created_at', 'desc').orderBy('e.id', 'desc').limit(limit).offset(offset).execute();
  return rows.map((r) => ({
    id: r.id, action: r.action, subjectKind: r.subject_kind, subjectId: r.subject_id, platformId: r.platform_id,
    platformSlug: r.platform_slug, platformName: r.platform_name, moderatorHandle: r.moderator_handle,
    reason: r.reason, note: r.note, batchId: r.batch_id, createdAt: r.created_at,
  }));
}

/** Public page paths for log subjects that live on another page (follow-up → its review, reply → the review or follow-up it answers, incident → its case, account → its profile). */
export async function subjectPaths(db: Db, rows: ReadonlyArray<{ subjectKind: string; subjectId: number }>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const ids = (kind: string) => [...new Set(rows.filter((r) => r.subjectKind === kind).map((r) => r.subjectId))];
  const fu = ids('follow_up');
  if (fu.length) for (const r of await db.selectFrom('review_follow_up').select(['id', 'review_id']).where('id', 'in', fu).execute()) out.set(`follow_up:${r.id}`, `/reviews/${r.review_id}#follow-up-${r.id}`);
  const inc = ids('incident');
  if (inc.length) for (const r of await db.selectFrom('incident').select(['id', 'case_no']).where('id', 'in', inc).execute()) out.set(`incident:${r.id}`, `/incidents/${encodeURIComponent(r.case_no)}`);
  const acc = ids('account');
  if (acc.length) for (const r of await db.selectFrom('account').select(['id', 'handle']).where('id', 'in', acc).execute()) out.set(`account:${r.id}`, `/u/${encodeURIComponent(r.handle)}`);
  const rep = ids('reply');
  if (rep.length) {
    // A reply shows under the review it answers, or under the follow-up it answers (that follow-up's place on its review page).
    const rows = await db.selectFrom('official_reply as o')
      .leftJoin('review_follow_up as f', (j) => j.onRef('f.id', '=', 'o.target_id').on('o.target_kind', '=', 'follow_up'))
      .select(['o.id', 'o.target_kind', 'o.target_id', 'f.review_id']).where('o.id', 'in', rep).execute();
    for (const r of rows) {
      if (r.target_kind === 'review') out.set(`reply:${r.id}`, `/reviews/${r.target_id}`);
      else if (r.review_id !== null) out.set(`reply:${r.id}`, `/reviews/${r.review_id}#follow-up-${r.target_id}`);
    }
  }
  return out;
}

/** Handles of the accounts a log page acts on (an account entry reads "账号 lili_gamer", not "账号 #5"). */
export async function subjectHandles(db: Db, rows: ReadonlyArray<{ subjectKind: string; subjectId: number }>): Promise<Map<number, string>> {
  const ids = [...new Set(rows.filter((r) => r.subjectKind === 'account').map((r) => r.subjectId))];
  if (ids.length === 0) return new Map();
  const found = await db.selectFrom('account').select(['id', 'handle']).where('id', 'in', ids).execute();
  return new Map(found.map((r) => [r.id, r.handle]));
}

/** How many events of each action a batch holds (a ring: posts removed, accounts banned). */
export async function batchCounts(db: Db, batchIds: readonly number[]): Promise<Map<number, Record<string, number>>> {
  const out = new Map<number, Record<string, number>>();
  if (batchIds.length === 0) return out;
  const rows = await db.selectFrom('moderation_event').select(['batch_id', 'action', (eb) => eb.fn.countAll<number>().as('n')])
    .where('batch_id', 'in', [...batchIds]).groupBy(['batch_id', 'action']).execute();
  for (const r of rows) {
    const m = out.get(r.batch_id!) ?? {};
    m[r.action] = Number(r.n);
    out.set(r.batch_id!, m);
  }
  return out;
}

// ── guards' data ──
export async function representsPlatform(db: Db, accountId: number, platformIds: readonly number[]): Promise<boolean> {
  if (platformIds.length === 0) return false;
  const r = await db.selectFrom('platform_representative').select('id')
    .where('account_id', '=', accountId).where('state', '=', 'verified').where('platform_id', 'in', [...platformIds]).executeTakeFirst();
  return !!r;
}

// ── claims ──
export interface ClaimRow { itemKey: string; moderatorId: number; handle: string; expiresAt: Date }

export async function findClaim(db: Db, itemKey: string, nowMs: number): Promise<ClaimRow | undefined> {
  const r = await db.selectFrom('queue_claim as c').innerJoin('account as a', 'a.id', 'c.moderator_id')
    .select(['c.item_key', 'c.moderator_id', 'a.handle', 'c.expires_at'])
    .where('c.item_key', '=', itemKey).where('c.expires_at', '>', new Date(nowMs)).executeTakeFirst();
  return r && { itemKey: r.item_key, moderatorId: r.moderator_id, handle: r.handle, expiresAt: r.expires_at };
}

export async function claimsFor(db: Db, itemKeys: readonly string[], nowMs: number): Promise<Map<string, ClaimRow>> {
  if (itemKeys.length === 0) return new Map();
  const rows = await db.selectFrom('queue_claim as c').innerJoin('account as a', 'a.id', 'c.moderator_id')
    .select(['c.item_key', 'c.moderator_id', 'a.handle', 'c.expires_at'])
    .where('c.item_key', 'in', [...itemKeys]).where('c.expires_at', '>', new Date(nowMs)).execute();
  return new Map(rows.map((r) => [r.item_key, { itemKey: r.item_key, moderatorId: r.moderator_id, handle: r.handle, expiresAt: r.expires_at }]));
}

/** Take the claim if it is free or expired or already ours; returns the holder afterwards. */
export async function upsertClaim(db: Db, itemKey: string, moderatorId: number, nowMs: number, expiresAtMs: number): Promise<number> {
  const r = await sql<{ moderator_id: number }>`
    INSERT INTO queue_claim (item_key, moderator_id, claimed_at, expires_at)
    VALUES (${itemKey}, ${moderatorId}, ${new Date(nowMs)}, ${new Date(expiresAtMs)})
    ON CONFLICT (item_key) DO UPDATE SET moderator_id = EXCLUDED.moderator_id, claimed_at = EXCLUDED.claimed_at, expires_at = EXCLUDED.expires_at
      WHERE queue_claim.expires_at <= ${new Date(nowMs)} OR queue_claim.moderator_id = ${moderatorId}
    RETURNING moderator_id`.execute(db);
  if (r.rows[0]) return r.rows[0].moderator_id;
  const held = await db.selectFrom('queue_claim').select('moderator_id').where('item_key', '=', itemKey).executeTakeFirst();
  return held?.moderator_id ?? moderatorId;
}

export async function deleteClaim(db: Db, itemKey: string, moderatorId?: number): Promise<void> {
  let q = db.deleteFrom('queue_claim').where('item_key', '=', itemKey);
  if (moderatorId !== undefined) q = q.where('moderator_id', '=', moderatorId);
  await q.execute();
}

// ── flags ──
export async function insertFlag(db: Db, v: { reporterId: number; targetKind: FlagTargetKind; targetId: number; reason: string; note: string; weight: number; createdAt: Date }): Promise<number> {
  const r = await db.insertInto('flag').values({
    reporter_id: v.reporterId, target_kind: v.targetKind, target_id: v.targetId, reason: v.reason, note: v.note,
    reporter_weight: v.weight, created_at: v.createdAt, resolved_at: null, resolved_by: null,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function trustBand(db: Db, accountId: number): Promise<'low' | 'medium' | 'high' | null> {
  const r = await db.selectFrom('account_trust').select('band').where('account_id', '=', accountId).executeTakeFirst();
  return r?.band ?? null;
}

/** Resolve the open flags on one target; returns how many changed. */
export async function resolveOpenFlags(trx: Db, targetKind: FlagTargetKind, targetId: number, state: 'upheld' | 'dismissed' | 'abusive', byId: number, nowMs: number): Promise<{ reporterIds: number[] }> {
  const rows = await trx.updateTable('flag').set({ state, resolved_by: byId, resolved_at: new Date(nowMs) })
    .where('target_kind', '=', targetKind).where('target_id', '=', targetId).where('state', '=', 'open')
    .returning('reporter_id').execute();
  return { reporterIds: rows.map((r) => r.reporter_id) };
}

/** Resolve every open flag of one reporter; returns how many. */
export async function resolveReporterFlags(trx: Db, reporterId: number, state: 'dismissed' | 'abusive', byId: number, nowMs: number): Promise<number> {
  const rows = await trx.updateTable('flag').set({ state, resolved_by: byId, resolved_at: new Date(nowMs) })
    .where('reporter_id', '=', reporterId).where('state', '=', 'open').returning('id').execute();
  return rows.length;
}

/** A member's own removed posts (for their profile: why, and the appeal link). */
export async function removedPostsOf(db: Db, accountId: number, limit: number) {
  const r = await sql<{ kind: PostKind; id: number; body: string; created_at: Date }>`
    SELECT 'review' AS kind, id, body_source AS body, created_at FROM review WHERE account_id = ${accountId} AND state = 'removed'
    UNION ALL SELECT 'follow_up', id, body_source, created_at FROM review_follow_up WHERE account_id = ${accountId} AND state = 'removed'
    UNION ALL SELECT 'case_report', id, body_source, created_at FROM case_report WHERE account_id = ${accountId} AND state = 'removed'
    UNION ALL SELECT 'reply', id, body_source, created_at FROM official_reply WHERE account_id = ${accountId} AND state = 'removed'
    ORDER BY created_at DESC LIMIT ${limit}`.execute(db);
  return r.rows;
}

/** Where a flag target lives: its platform, author and a short text (for the queue and checks). */
export async function targetInfo(db: Db, kind: string, id: number): Promise<{ platformId: number | null; authorId: number | null; text: string } | undefined> {
  switch (kind) {
    case 'review':
      return db.selectFrom('review').select(['platform_id as platformId', 'account_id as authorId', 'body_source as text']).where('id', '=', id).executeTakeFirst();
    case 'follow_up':
      return db.selectFrom('review_follow_up as f').innerJoin('review as r', 'r.id', 'f.review_id')
        .select(['r.platform_id as platformId', 'f.account_id as authorId', 'f.body_source as text']).where('f.id', '=', id).executeTakeFirst();
    case 'case_report':
      return db.selectFrom('case_report').select(['platform_id as platformId', 'account_id as authorId', 'body_source as text']).where('id', '=', id).executeTakeFirst();
    case 'reply':
      return db.selectFrom('official_reply').select(['platform_id as platformId', 'account_id as authorId', 'body_source as text']).where('id', '=', id).executeTakeFirst();
    case 'evidence': {
      const r = await db.selectFrom('platform_qualification').select(['platform_id', 'submitted_by', 'kind', 'number', 'holder_name']).where('id', '=', id).executeTakeFirst();
      return r && { platformId: r.platform_id, authorId: r.submitted_by, text: `${r.kind} ${r.number} ${r.holder_name}`.trim() };
    }
    case 'incident':
      return db.selectFrom('incident').select(['platform_id as platformId', 'reporter_id as authorId', 'body_source as text']).where('id', '=', id).executeTakeFirst();
    case 'account': {
      const r = await db.selectFrom('account').select(['id', 'handle']).where('id', '=', id).executeTakeFirst();
      return r && { platformId: null, authorId: r.id, text: r.handle };
    }
    default:
      return undefined;
  }
}

// ── queues (each served by a partial index on the pending state) ──
export interface FlagGroupRow { targetKind: string; targetId: number; flagCount: number; weighted: number; firstAt: Date; reasons: string[] }

export async function flagGroups(db: Db, limit: number, offset: number): Promise<FlagGroupRow[]> {
  // Aggregates over the covering partial index (flag_open_group_idx); the reasons of the
  // page's items come from openFlagsOn, so no per-group array here.
  const r = await sql<{ target_kind: string; target_id: number; n: number; w: number; first_at: Date }>`
    SELECT target_kind, target_id, count(*)::int AS n, sum(reporter_weight)::float8 AS w, min(created_at) AS first_at
    FROM flag WHERE state = 'open'
    GROUP BY target_kind, target_id
    ORDER BY w DESC, first_at ASC, target_kind, target_id
    LIMIT ${limit} OFFSET ${offset}`.execute(db);
  return r.rows.map((x) => ({ targetKind: x.target_kind, targetId: x.target_id, flagCount: x.n, weighted: x.w, firstAt: x.first_at, reasons: [] }));
}

export async function openFlagsOn(db: Db, targets: ReadonlyArray<{ kind: FlagTargetKind; id: number }>): Promise<Array<{ targetKind: FlagTargetKind; targetId: number; reason: string; note: string; weight: number; reporter: string }>> {
  if (targets.length === 0) return [];
  const rows = await db.selectFrom('flag as f').innerJoin('account as a', 'a.id', 'f.reporter_id')
    .select(['f.target_kind', 'f.target_id', 'f.reason', 'f.note', 'f.reporter_weight', 'a.handle'])
    .where('f.state', '=', 'open')
    .where((eb) => eb.or(targets.map((t) => eb.and([eb('f.target_kind', '=', t.kind), eb('f.target_id', '=', t.id)]))))
    .orderBy('f.created_at').limit(targets.length * 20).execute();
  return rows.map((r) => ({ targetKind: r.target_kind, targetId: r.target_id, reason: r.reason, note: r.note, weight: r.reporter_weight, reporter: r.handle }));
}

export async function queueCounts(db: Db): Promise<Record<string, number>> {
  const r = await sql<{ q: string; n: number }>`
    SELECT 'flags' AS q, (SELECT count(*) FROM (SELECT 1 FROM flag WHERE state = 'open' GROUP BY target_kind, target_id) g)::int AS n
    UNION ALL SELECT 'proofs', count(*)::int FROM purchase_proof WHERE state = 'pending'
    UNION ALL SELECT 'evidence', count(*)::int FROM platform_qualification WHERE state = 'pending'
    UNION ALL SELECT 'incidents', count(*)::int FROM incident i WHERE i.status IN ('submitted', 'accepted', 'unresolved')
      AND NOT EXISTS (SELECT 1 FROM moderation_event e WHERE e.subject_kind = 'incident' AND e.subject_id = i.id AND e.action = 'confirm')
    UNION ALL SELECT 'submissions', count(*)::int FROM platform WHERE approval = 'pending'
    UNION ALL SELECT 'claims', count(*)::int FROM platform_representative WHERE state = 'pending'
    UNION ALL SELECT 'appeals', count(*)::int FROM appeal WHERE state = 'pending'
    UNION ALL SELECT 'findings', count(*)::int FROM model_finding WHERE state = 'open'`.execute(db);
  return Object.fromEntries(r.rows.map((x) => [x.q, x.n]));
}

export async function pendingProofs(db: Db, limit: number, offset: number) {
  return db.selectFrom('purchase_proof as pp')
    .leftJoin('review as r', 'r.id', 'pp.review_id')
    .leftJoin('case_report as c', 'c.id', 'pp.case_report_id')
    .innerJoin('account as a', 'a.id', 'pp.account_id')
    .leftJoin('platform as p', (j) => j.on(sql<boolean>`p.id = coalesce(r.platform_id, c.platform_id)`))
    .select(['pp.id', 'pp.review_id', 'pp.case_report_id', 'pp.upload_id', 'pp.order_number', 'pp.created_at', 'a.handle',
      'r.rating', 'r.body_html as review_html', 'c.body_html as case_html', 'c.state as case_state', 'p.slug', 'p.name_zh', 'p.id as platform_id'])
    .where('pp.state', '=', 'pending').orderBy('pp.created_at').limit(limit).offset(offset).execute();
}

export async function pendingEvidence(db: Db, limit: number, offset: number) {
  return db.selectFrom('platform_qualification as q').innerJoin('platform as p', 'p.id', 'q.platform_id')
    .leftJoin('account as a', 'a.id', 'q.submitted_by')
    .select(['q.id', 'q.kind', 'q.number', 'q.holder_name', 'q.scope_text', 'q.upload_id', 'q.created_at', 'p.slug', 'p.name_zh', 'p.id as platform_id', 'a.handle'])
    .where('q.state', '=', 'pending').orderBy('q.created_at').limit(limit).offset(offset).execute();
}

export async function pendingIncidents(db: Db, limit: number, offset: number) {
  // 跑路 first: money is at stake for everyone still buying there.
  return db.selectFrom('incident as i').innerJoin('platform as p', 'p.id', 'i.platform_id').innerJoin('account as a', 'a.id', 'i.reporter_id')
    .select(['i.id', 'i.case_no', 'i.kind', 'i.status', 'i.occurred_on', 'i.amount_cents', 'i.body_html', 'i.upload_id', 'i.created_at', 'p.slug', 'p.name_zh', 'p.id as platform_id', 'p.status as platform_status', 'a.handle'])
    .where('i.status', 'in', ['submitted', 'accepted', 'unresolved'])
    // confirmed incidents are done (the confirmation lives in the log, not in a column)
    .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM moderation_event e WHERE e.subject_kind = 'incident' AND e.subject_id = i.id AND e.action = 'confirm')`)
    .orderBy(sql`CASE WHEN i.kind = 'exit_scam' THEN 0 ELSE 1 END`).orderBy('i.created_at').limit(limit).offset(offset).execute();
}

export async function pendingSubmissions(db: Db, limit: number, offset: number) {
  return db.selectFrom('platform as p').leftJoin('account as a', 'a.id', 'p.submitted_by')
    .select(['p.id', 'p.slug', 'p.name_zh', 'p.name_en', 'p.description_html', 'p.operator_type', 'p.created_at', 'a.handle'])
    .where('p.approval', '=', 'pending').orderBy('p.created_at').limit(limit).offset(offset).execute();
}

export async function pendingClaims(db: Db, limit: number, offset: number) {
  return db.selectFrom('platform_representative as r').innerJoin('platform as p', 'p.id', 'r.platform_id').innerJoin('account as a', 'a.id', 'r.account_id')
    .select(['r.id', 'r.evidence', 'r.created_at', 'p.slug', 'p.name_zh', 'p.id as platform_id', 'a.handle'])
    .where('r.state', '=', 'pending').orderBy('r.created_at').limit(limit).offset(offset).execute();
}

export async function pendingAppeals(db: Db, limit: number, offset: number) {
  return db.selectFrom('appeal as ap').innerJoin('account as a', 'a.id', 'ap.account_id').leftJoin('account as m', 'm.id', 'ap.removed_by')
    .select(['ap.id', 'ap.subject_kind', 'ap.subject_id', 'ap.body', 'ap.removed_by', 'ap.created_at', 'a.handle', 'm.handle as removed_by_handle'])
    .where('ap.state', '=', 'pending').orderBy('ap.created_at').limit(limit).offset(offset).execute();
}

export async function openFindings(db: Db, limit: number, offset: number) {
  return db.selectFrom('model_finding').selectAll().where('state', '=', 'open')
    .orderBy('score', 'desc').orderBy('id').limit(limit).offset(offset).execute();
}

export async function accountsByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('account').select(['id', 'handle', 'registration_fingerprint', 'created_at', 'status']).where('id', 'in', [...ids]).execute();
}

export async function reviewsByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('review as r').innerJoin('account as a', 'a.id', 'r.account_id')
    .select(['r.id', 'r.platform_id', 'r.rating', 'r.body_source', 'r.state', 'r.created_at', 'a.handle']).where('r.id', 'in', [...ids]).execute();
}

export async function platformsByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('platform').select(['id', 'slug', 'name_zh', 'name_en', 'status', 'approval']).where('id', 'in', [...ids]).execute();
}

/** The post a follow-up or an official reply is shown under (a follow-up's review; a reply's review or follow-up). */
export async function parentPost(db: Db, kind: string, id: number): Promise<{ kind: 'review' | 'follow_up'; id: number } | undefined> {
  if (kind === 'follow_up') {
    const r = await db.selectFrom('review_follow_up').select('review_id').where('id', '=', id).executeTakeFirst();
    return r && { kind: 'review', id: r.review_id };
  }
  if (kind === 'reply') {
    const r = await db.selectFrom('official_reply').select(['target_kind', 'target_id']).where('id', '=', id).executeTakeFirst();
    return r && { kind: r.target_kind, id: r.target_id };
  }
  return undefined;
}

/** Short texts for flagged targets, batched per kind (one query per kind present). */
export async function targetTexts(db: Db, targets: ReadonlyArray<{ kind: string; id: number }>): Promise<Map<string, { text: string; platformId: number | null; state: string; author: string | null }>> {
  const out = new Map<string, { text: string; platformId: number | null; state: string; author: string | null }>();
  const byKind = new Map<string, number[]>();
  for (const t of targets) byKind.set(t.kind, [...(byKind.get(t.kind) ?? []), t.id]);
  for (const [kind, ids] of byKind) {
    let rows: Array<{ id: number; text: string; platform_id: number | null; state: string; author: string | null }> = [];
    if (kind === 'review') {
      rows = await db.selectFrom('review as x').innerJoin('account as a', 'a.id', 'x.account_id')
        .select(['x.id', 'x.body_source as text', 'x.platform_id', 'x.state', 'a.handle as author']).where('x.id', 'in', ids).execute();
    } else if (kind === 'case_report') {
      rows = await db.selectFrom('case_report as x').innerJoin('account as a', 'a.id', 'x.account_id')
        .select(['x.id', 'x.body_source as text', 'x.platform_id', 'x.state', 'a.handle as author']).where('x.id', 'in', ids).execute();
    } else if (kind === 'follow_up') {
      rows = await db.selectFrom('review_follow_up as x').innerJoin('review as r', 'r.id', 'x.review_id').innerJoin('account as a', 'a.id', 'x.account_id')
        .select(['x.id', 'x.body_source as text', 'r.platform_id', 'x.state', 'a.handle as author']).where('x.id', 'in', ids).execute();
    } else if (kind === 'reply') {
      rows = await db.selectFrom('official_reply as x').innerJoin('account as a', 'a.id', 'x.account_id')
        .select(['x.id', 'x.body_source as text', 'x.platform_id', 'x.state', 'a.handle as author']).where('x.id', 'in', ids).execute();
    } else if (kind === 'incident') {
      rows = await db.selectFrom('incident as x').innerJoin('account as a', 'a.id', 'x.reporter_id')
        .select(['x.id', 'x.body_source as text', 'x.platform_id', 'x.status as state', 'a.handle as author']).where('x.id', 'in', ids).execute();
    } else if (kind === 'evidence') {
      rows = (await db.selectFrom('platform_qualification as x').select(['x.id', 'x.kind', 'x.number', 'x.platform_id', 'x.state']).where('x.id', 'in', ids).execute())
        .map((r) => ({ id: r.id, text: `${r.kind} ${r.number}`, platform_id: r.platform_id, state: r.state, author: null }));
    } else if (kind === 'account') {
      rows = (await db.selectFrom('account').select(['id', 'handle', 'status']).where('id', 'in', ids).execute())
        .map((r) => ({ id: r.id, text: r.handle, platform_id: null, state: r.status, author: r.handle }));
    }
    for (const r of rows) out.set(`${kind}:${r.id}`, { text: r.text, platformId: r.platform_id, state: r.state, author: r.author });
  }
  return out;
}

// ── alerts ──
export async function insertAlert(db: Db, a: { platformId: number; kind: 'ring_removed' | 'brushing' | 'flag_abuse' | 'exit_scam'; summary: string; eventId: number; createdAt: Date }): Promise<void> {
  await db.insertInto('platform_alert').values({ platform_id: a.platformId, kind: a.kind, summary: a.summary, event_id: a.eventId, created_at: a.createdAt }).execute();
}

export async function platformStatusRow(db: Db, platformId: number) {
  return db.selectFrom('platform').select(['status', 'status_changed_at', 'status_evidence']).where('id', '=', platformId).executeTakeFirst();
}

export async function alertsFor(db: Db, platformId: number) {
  return db.selectFrom('platform_alert').select(['id', 'kind', 'summary', 'event_id', 'created_at'])
    .where('platform_id', '=', platformId).orderBy('created_at', 'desc').limit(50).execute();
}

// ── appeals ──
export async function findAppeal(db: Db, subjectKind: PostKind, subjectId: number) {
  return db.selectFrom('appeal').selectAll().where('subject_kind', '=', subjectKind).where('subject_id', '=', subjectId).executeTakeFirst();
}

export async function lockAppeal(trx: Trx, id: number) {
  return trx.selectFrom('appeal').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertAppeal(db: Db, a: { subjectKind: PostKind; subjectId: number; accountId: number; body: string; removedBy: number | null; createdAt: Date }): Promise<number> {
  const r = await db.insertInto('appeal').values({
    subject_kind: a.subjectKind, subject_id: a.subjectId, account_id: a.accountId, body: a.body, removed_by: a.removedBy,
    decided_by: null, decision_note: null, created_at: a.createdAt, decided_at: null,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function decideAppealRow(trx: Trx, id: number, state: 'upheld' | 'overturned', by: number, note: string, nowMs: number): Promise<void> {
  await trx.updateTable('appeal').set({ state, decided_by: by, decision_note: note, decided_at: new Date(nowMs) }).where('id', '=', id).execute();
}

/** The latest removal event of a post (reason, note, moderator) for the author's notice. */
export async function lastRemoval(db: Db, kind: ModSubjectKind, id: number) {
  return db.selectFrom('moderation_event as e').leftJoin('account as a', 'a.id', 'e.moderator_id')
    .select(['e.id', 'e.reason', 'e.note', 'e.created_at', 'e.moderator_id', 'a.handle'])
    .where('e.subject_kind', '=', kind).where('e.subject_id', '=', id).where('e.action', 'in', ['remove', 'ring_remove'])
    .orderBy('e.id', 'desc').executeTakeFirst();
}

/** The latest sanction event on an account (warn / suspend / ban / reinstate), for its owner. */
export async function lastAccountSanction(db: Db, accountId: number) {
  return db.selectFrom('moderation_event').select(['id', 'action', 'reason', 'note', 'created_at'])
    .where('subject_kind', '=', 'account').where('subject_id', '=', accountId).where('action', 'in', sanctions)
    .orderBy('id', 'desc').executeTakeFirst();
}

// ── staff ──
export async function staffList(db: Db) {
  return db.selectFrom('account').select(['id', 'handle', 'role', 'totp_enabled_at', 'created_at']).where('role', 'in', ['moderator', 'admin']).orderBy('role').orderBy('handle').execute();
}

export async function lockAccountRow(trx: Trx, id: number) {
  return trx.selectFrom('account').select(['id', 'handle', 'role', 'status', 'created_at']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setAccountRole(trx: Trx, id: number, role: 'member' | 'moderator'): Promise<void> {
  await trx.updateTable('account').set({ role }).where('id', '=', id).execute();
}

export async function setAccountStanding(trx: Trx, id: number, status: 'active' | 'suspended' | 'banned', reason: string | null): Promise<void> {
  await trx.updateTable('account').set({ status, status_reason: reason }).where('id', '=', id).execute();
  // a banned account is signed out everywhere; a suspended one may still read and appeal
  if (status === 'banned') await trx.deleteFrom('session').where('account_id', '=', id).execute();
}

// ── ring removal: batch SQL, one statement per post kind (no loop of round trips) ──
/**
 * Remove every published post of these accounts and log one 'remove' event per post,
 * each in one statement (UPDATE … RETURNING feeding INSERT … SELECT). Returns the
 * removed posts' platform ids per kind.
 */
export async function removePostsOfAccounts(trx: Trx, kind: PostKind, accountIds: readonly number[], ev: { moderatorId: number; reason: string; note: string; batchId: number; createdAt: Date }): Promise<Array<{ id: number; platformId: number }>> {
  const ids = sql`${sql.val([...accountIds])}::bigint[]`;
  let r;
  if (kind === 'follow_up') {
    r = await sql<{ id: number; platform_id: number }>`
      WITH removed AS (
        UPDATE review_follow_up f SET state = 'removed', state_reason = ${ev.reason}
        FROM review r WHERE r.id = f.review_id AND f.account_id = ANY(${ids}) AND f.state = 'published'
        RETURNING f.id, r.platform_id),
      logged AS (
        INSERT INTO moderation_event (moderator_id, action, subject_kind, subject_id, platform_id, reason, note, batch_id, created_at)
        SELECT ${ev.moderatorId}, 'remove', 'follow_up', id, platform_id, ${ev.reason}, ${ev.note}, ${ev.batchId}, ${ev.createdAt} FROM removed)
      SELECT id, platform_id FROM removed`.execute(trx);
  } else if (kind === 'reply') {
    r = await sql<{ id: number; platform_id: number }>`
      WITH removed AS (
        UPDATE official_reply SET state = 'removed' WHERE account_id = ANY(${ids}) AND state = 'published' RETURNING id, platform_id),
      logged AS (
        INSERT INTO moderation_event (moderator_id, action, subject_kind, subject_id, platform_id, reason, note, batch_id, created_at)
        SELECT ${ev.moderatorId}, 'remove', 'reply', id, platform_id, ${ev.reason}, ${ev.note}, ${ev.batchId}, ${ev.createdAt} FROM removed)
      SELECT id, platform_id FROM removed`.execute(trx);
  } else {
    const table = kind === 'review' ? 'review' : 'case_report';
    r = await sql<{ id: number; platform_id: number }>`
      WITH removed AS (
        UPDATE ${sql.table(table)} SET state = 'removed', state_reason = ${ev.reason}, updated_at = ${ev.createdAt}
        WHERE account_id = ANY(${ids}) AND state = 'published' RETURNING id, platform_id),
      logged AS (
        INSERT INTO moderation_event (moderator_id, action, subject_kind, subject_id, platform_id, reason, note, batch_id, created_at)
        SELECT ${ev.moderatorId}, 'remove', ${kind}, id, platform_id, ${ev.reason}, ${ev.note}, ${ev.batchId}, ${ev.createdAt} FROM removed)
      SELECT id, platform_id FROM removed`.execute(trx);
  }
  return r.rows.map((x) => ({ id: x.id, platformId: x.platform_id }));
}

/** The platforms a set of accounts has published posts on (to file a ring event under its platform). */
export async function platformsOfAccounts(trx: Db, accountIds: readonly number[]): Promise<number[]> {
  const ids = sql`${sql.val([...accountIds])}::bigint[]`;
  const r = await sql<{ platform_id: number }>`
    SELECT platform_id FROM review WHERE account_id = ANY(${ids}) AND state = 'published'
    UNION SELECT platform_id FROM case_report WHERE account_id = ANY(${ids}) AND state = 'published'
    UNION SELECT platform_id FROM official_reply WHERE account_id = ANY(${ids}) AND state = 'published'
    UNION SELECT r.platform_id FROM review_follow_up f JOIN review r ON r.id = f.review_id WHERE f.account_id = ANY(${ids}) AND f.state = 'published'`.execute(trx);
  return r.rows.map((x) => x.platform_id);
}

/** Ban every active account of a ring in one statement, logging one 'ban' event each. */
export async function banAccounts(trx: Trx, accountIds: readonly number[], ev: { moderatorId: number; reason: string; note: string; batchId: number; createdAt: Date }): Promise<number> {
  const ids = sql`${sql.val([...accountIds])}::bigint[]`;
  const r = await sql<{ id: number }>`
    WITH banned AS (
      UPDATE account SET status = 'banned', status_reason = ${ev.reason}
      WHERE id = ANY(${ids}) AND status <> 'banned' AND role = 'member' RETURNING id),
    logged AS (
      INSERT INTO moderation_event (moderator_id, action, subject_kind, subject_id, platform_id, reason, note, batch_id, created_at)
      SELECT ${ev.moderatorId}, 'ban', 'account', id, NULL, ${ev.reason}, ${ev.note}, ${ev.batchId}, ${ev.createdAt} FROM banned),
    signed_out AS (DELETE FROM session WHERE account_id IN (SELECT id FROM banned))
    SELECT id FROM banned`.execute(trx);
  return r.rows.length;
}

export async function upholdFlagsOnPosts(trx: Trx, kind: string, ids: readonly number[], byId: number, nowMs: number): Promise<void> {
  if (ids.length === 0) return;
  await sql`UPDATE flag SET state = 'upheld', resolved_by = ${byId}, resolved_at = ${new Date(nowMs)}
    WHERE state = 'open' AND target_kind = ${kind} AND target_id = ANY(${sql.val([...ids])}::bigint[])`.execute(trx);
}

export async function lockFinding(trx: Trx, id: number) {
  return trx.selectFrom('model_finding').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Every review of a platform (their search documents follow the platform's approval). */
export async function reviewIdsOfPlatform(trx: Trx, platformId: number): Promise<number[]> {
  return (await trx.selectFrom('review').select('id').where('platform_id', '=', platformId).execute()).map((r) => Number(r.id));
}

/** Open burst findings whose every review is among these (just removed with a ring): nothing is left to act on. */
export async function actionBurstsCoveredBy(trx: Trx, reviewIds: readonly number[], nowMs: number): Promise<number[]> {
  if (reviewIds.length === 0) return [];
  const r = await sql<{ id: number }>`UPDATE model_finding SET state = 'actioned', updated_at = ${new Date(nowMs)}
    WHERE state = 'open' AND kind = 'burst' AND cardinality(review_ids) > 0 AND review_ids <@ ${[...reviewIds]}::bigint[]
    RETURNING id`.execute(trx);
  return r.rows.map((x) => Number(x.id));
}

export async function setFindingState(trx: Trx, id: number, state: 'actioned' | 'dismissed', nowMs: number): Promise<void> {
  await trx.updateTable('model_finding').set({ state, updated_at: new Date(nowMs) }).where('id', '=', id).execute();
}

// ── submissions: proofs, evidence, platforms, claims, incidents, facts ──
export async function lockProof(trx: Trx, id: number) {
  const r = await sql<{ id: number; account_id: number; review_id: number | null; case_report_id: number | null; state: 'pending' | 'verified' | 'rejected'; platform_id: number }>`
    SELECT pp.id, pp.account_id, pp.review_id, pp.case_report_id, pp.state, coalesce(r.platform_id, c.platform_id) AS platform_id
    FROM purchase_proof pp LEFT JOIN review r ON r.id = pp.review_id LEFT JOIN case_report c ON c.id = pp.case_report_id
    WHERE pp.id = ${id} FOR UPDATE OF pp`.execute(trx);
  return r.rows[0];
}

export async function setProofState(trx: Trx, p: { id: number; reviewId: number | null; caseReportId: number | null }, state: 'verified' | 'rejected', reason: string | null, by: number, nowMs: number): Promise<void> {
  await trx.updateTable('purchase_proof').set({ state, state_reason: reason, reviewed_by: by, reviewed_at: new Date(nowMs) }).where('id', '=', p.id).execute();
  if (p.reviewId) await trx.updateTable('review').set({ proof_state: state }).where('id', '=', p.reviewId).execute();
  if (p.caseReportId) await trx.updateTable('case_report').set({ proof_state: state }).where('id', '=', p.caseReportId).execute();
}

export async function lockEvidence(trx: Trx, id: number) {
  return trx.selectFrom('platform_qualification').select(['id', 'platform_id', 'submitted_by', 'state']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setEvidenceState(trx: Trx, id: number, state: 'verified' | 'rejected', reason: string | null, by: number, nowMs: number): Promise<void> {
  await trx.updateTable('platform_qualification').set({ state, state_reason: reason, reviewed_by: by, reviewed_at: new Date(nowMs) }).where('id', '=', id).execute();
}

export async function lockPlatform(trx: Trx, id: number) {
  return trx.selectFrom('platform').select(['id', 'slug', 'name_zh', 'approval', 'status', 'submitted_by']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setPlatformApproval(trx: Trx, id: number, approval: 'approved' | 'rejected', reason: string | null, nowMs: number): Promise<void> {
  await trx.updateTable('platform').set({ approval, approval_reason: reason, updated_at: new Date(nowMs) }).where('id', '=', id).execute();
}

export async function setPlatformStatus(trx: Trx, p: { id: number; from: PlatformStatus; to: PlatformStatus; evidence: string; by: number; nowMs: number }): Promise<void> {
  await trx.updateTable('platform').set({ status: p.to, status_changed_at: new Date(p.nowMs), status_evidence: p.evidence, updated_at: new Date(p.nowMs) })
    .where('id', '=', p.id).execute();
  await trx.insertInto('platform_status_change').values({
    platform_id: p.id, from_status: p.from, to_status: p.to, evidence: p.evidence, changed_by: p.by, created_at: new Date(p.nowMs),
  }).execute();
}

export async function lockClaim(trx: Trx, id: number) {
  return trx.selectFrom('platform_representative').select(['id', 'platform_id', 'account_id', 'state']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setClaimState(trx: Trx, id: number, state: 'verified' | 'rejected', by: number, nowMs: number): Promise<void> {
  await trx.updateTable('platform_representative').set({ state, decided_by: by, decided_at: new Date(nowMs) }).where('id', '=', id).execute();
}

export async function lockIncident(trx: Trx, id: number) {
  return trx.selectFrom('incident').select(['id', 'case_no', 'platform_id', 'reporter_id', 'kind', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setIncidentStatus(trx: Trx, i: { id: number; status: 'accepted' | 'rejected'; reason: string | null; byId: number; note: string; nowMs: number }): Promise<void> {
  const now = new Date(i.nowMs);
  await trx.updateTable('incident').set({
    status: i.status, status_reason: i.reason, updated_at: now,
    ...(i.status === 'accepted' ? { accepted_at: now } : { closed_at: now }),
  }).where('id', '=', i.id).execute();
  await insertIncidentNote(trx, { incidentId: i.id, byId: i.byId, note: i.note, statusTo: i.status, nowMs: i.nowMs });
}

export async function insertIncidentNote(trx: Trx, n: { incidentId: number; byId: number; note: string; statusTo: IncidentStatus | null; nowMs: number }): Promise<void> {
  const esc = n.note.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  await trx.insertInto('incident_update').values({
    incident_id: n.incidentId, author_id: n.byId, author_role: 'moderator', body_source: n.note, body_html: n.note ? `<p>${esc}</p>` : '',
    status_to: n.statusTo, created_at: new Date(n.nowMs),
  }).execute();
}

export async function findFactId(db: Db, platformId: number, factKey: string): Promise<number | undefined> {
  const r = await db.selectFrom('platform_fact').select('id').where('platform_id', '=', platformId).where('fact_key', '=', factKey).executeTakeFirst();
  return r?.id;
}

export async function lockFact(trx: Trx, id: number) {
  return trx.selectFrom('platform_fact').select(['id', 'platform_id', 'asserted_by', 'provenance']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setFactProvenance(trx: Trx, id: number, provenance: 'verified' | 'contradicted', note: string, nowMs: number): Promise<void> {
  await trx.updateTable('platform_fact').set({ provenance, note, updated_at: new Date(nowMs) }).where('id', '=', id).execute();
}

// ── demo seed ──

/** A ring finding as the model would have written it at `at`; undefined when one with this dedupe key exists. */
export async function insertRingFindingIfAbsent(db: Db, v: { dedupeKey: string; platformIds: number[]; accountIds: number[]; reviewIds: number[]; evidence: object; score: number; at: Date }): Promise<{ id: number } | undefined> {
  return db.insertInto('model_finding').values({
    kind: 'ring', dedupe_key: v.dedupeKey, platform_ids: v.platformIds, account_ids: v.accountIds, review_ids: v.reviewIds,
    evidence: JSON.stringify(v.evidence), score: v.score, created_at: v.at, updated_at: v.at,
  }).onConflict((oc) => oc.column('dedupe_key').doNothing()).returning('id').executeTakeFirst();
}

// The only Kysely code for incidents (complaint cases) and their status history.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { openIncidentStatuses, type IncidentKind, type IncidentStatus, type IncidentUpdateRole } from '../reviews/review.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Serialises case-number allocation (KP-YYYYMMDD-NNNN) across servers for one transaction. */
export async function lockCaseNumbers(trx: Transaction<Database>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('kaopu.incident.case_no'))`.execute(trx);
}

export async function maxCaseNoWithPrefix(trx: Db, prefix: string): Promise<string | null> {
  const r = await trx.selectFrom('incident').select((eb) => eb.fn.max('case_no').as('m')).where('case_no', 'like', `${prefix}%`).executeTakeFirst();
  return (r?.m as string | null | undefined) ?? null;
}

export async function insertIncident(trx: Transaction<Database>, v: {
  caseNo: string; platformId: number; reporterId: number; kind: IncidentKind; occurredOn: string; orderNumber: string;
  amountCents: number | null; bodySource: string; bodyHtml: string; at: Date;
}): Promise<number> {
  const r = await trx.insertInto('incident').values({
    case_no: v.caseNo, platform_id: v.platformId, reporter_id: v.reporterId, kind: v.kind, occurred_on: v.occurredOn,
    order_number: v.orderNumber, amount_cents: v.amountCents, body_source: v.bodySource, body_html: v.bodyHtml, upload_id: null,
    status_reason: null, created_at: v.at, updated_at: v.at, accepted_at: null, closed_at: null,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertUpdate(trx: Transaction<Database>, v: { incidentId: number; authorId: number | null; role: IncidentUpdateRole; bodySource: string; bodyHtml: string; statusTo: IncidentStatus | null; at: Date }): Promise<number> {
  const r = await trx.insertInto('incident_update').values({
    incident_id: v.incidentId, author_id: v.authorId, author_role: v.role, body_source: v.bodySource, body_html: v.bodyHtml, status_to: v.statusTo, created_at: v.at,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

const coreCols = ['id', 'case_no', 'platform_id', 'reporter_id', 'status', 'upload_id', 'created_at', 'accepted_at', 'closed_at'] as const;
export async function findIncidentRef(db: Db, caseNo: string): Promise<{ id: number; caseNo: string; platformId: number } | null> {
  const r = await db.selectFrom('incident').select(['id', 'case_no', 'platform_id']).where('case_no', '=', caseNo).executeTakeFirst();
  return r ? { id: Number(r.id), caseNo: r.case_no, platformId: Number(r.platform_id) } : null;
}

export async function lockIncidentByCaseNo(trx: Transaction<Database>, caseNo: string) {
  return trx.selectFrom('incident').select(coreCols).where('case_no', '=', caseNo).forUpdate().executeTakeFirst();
}
export async function lockIncident(trx: Transaction<Database>, id: number) {
  return trx.selectFrom('incident').select(coreCols).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setStatus(trx: Transaction<Database>, id: number, status: IncidentStatus, at: Date, closedAt: Date | null): Promise<void> {
  await trx.updateTable('incident').set({ status, updated_at: at, closed_at: closedAt }).where('id', '=', id).execute();
}

export async function setEvidence(trx: Transaction<Database>, id: number, uploadId: number, at: Date): Promise<void> {
  await trx.updateTable('incident').set({ upload_id: uploadId, updated_at: at }).where('id', '=', id).execute();
}

export async function touch(trx: Transaction<Database>, id: number, at: Date): Promise<void> {
  await trx.updateTable('incident').set({ updated_at: at }).where('id', '=', id).execute();
}

/** Accepted or answered cases whose 15 days started before `cutoff`, locked for the 15-day rule. */
export async function lockStale(trx: Transaction<Database>, cutoff: Date) {
  return trx.selectFrom('incident').select(['id', 'platform_id', 'accepted_at', 'created_at'])
    .where('status', 'in', ['accepted', 'platform_replied'])
    .where(sql<boolean>`coalesce(accepted_at, created_at) < ${cutoff}`)
    .orderBy('id').forUpdate().execute();
}

/** The 15-day rule's status change, dated `at`; updated_at never goes back (an update after day 15 keeps its time). */
export async function markUnresolved(trx: Transaction<Database>, id: number, at: Date): Promise<void> {
  await trx.updateTable('incident').set({ status: 'unresolved', updated_at: sql<Date>`greatest(updated_at, ${at})` }).where('id', '=', id).execute();
}

export async function findIncidentPage(db: Db, caseNo: string) {
  return db.selectFrom('incident as i').innerJoin('platform as p', 'p.id', 'i.platform_id').innerJoin('account as a', 'a.id', 'i.reporter_id')
    .select([
      'i.id', 'i.case_no', 'i.platform_id', 'i.reporter_id', 'i.kind', 'i.occurred_on', 'i.amount_cents', 'i.body_html', 'i.upload_id',
      'i.status', 'i.status_reason', 'i.created_at', 'i.updated_at', 'i.accepted_at', 'i.closed_at', 'i.order_number',
      'p.slug', 'p.name_zh', 'p.name_en', 'a.handle',
    ])
    .where('i.case_no', '=', caseNo).executeTakeFirst();
}

export async function updatesOf(db: Db, incidentId: number) {
  return db.selectFrom('incident_update as u').leftJoin('account as a', 'a.id', 'u.author_id')
    .select(['u.id', 'u.author_role', 'u.body_html', 'u.status_to', 'u.created_at', 'a.handle'])
    .where('u.incident_id', '=', incidentId).orderBy('u.created_at').orderBy('u.id').execute();
}

export async function incidentsOfPlatform(db: Db, platformId: number) {
  return db.selectFrom('incident').select(['id', 'case_no', 'kind', 'status', 'created_at', 'accepted_at', 'closed_at', 'occurred_on'])
    .where('platform_id', '=', platformId).orderBy('created_at', 'desc').execute();
}

// ── demo seed: a moderator's decision on a case, dated in the past and without its moderation
// event (users' cases are decided through the moderation service) ──

/** Accepted for handling at `at`, with the status line in the case's history. */
export async function writeIncidentAccepted(db: Db, v: { incidentId: number; moderatorId: number; at: Date }): Promise<void> {
  await db.updateTable('incident').set({ status: 'accepted', accepted_at: v.at, updated_at: v.at }).where('id', '=', v.incidentId).execute();
  await db.insertInto('incident_update').values({ incident_id: v.incidentId, author_id: v.moderatorId, author_role: 'moderator', body_source: '', body_html: '', status_to: 'accepted', created_at: v.at }).execute();
}

/** Rejected (and closed) at `at` for `reason`, with the status line in the case's history. */
export async function writeIncidentRejected(db: Db, v: { incidentId: number; moderatorId: number; reason: string; at: Date }): Promise<void> {
  await db.updateTable('incident').set({ status: 'rejected', status_reason: v.reason, updated_at: v.at, closed_at: v.at }).where('id', '=', v.incidentId).execute();
  await db.insertInto('incident_update').values({ incident_id: v.incidentId, author_id: v.moderatorId, author_role: 'moderator', body_source: '', body_html: '', status_to: 'rejected', created_at: v.at }).execute();
}

/** The oldest case of this kind on the platform that is still open (not resolved, rejected or closed). */
export async function firstOpenIncidentId(db: Db, platformId: number, kind: IncidentKind): Promise<number | null> {
  const r = await db.selectFrom('incident').select(['id']).where('platform_id', '=', platformId).where('kind', '=', kind)
    .where('status', 'in', openIncidentStatuses).orderBy('id').executeTakeFirst();
  return r?.id ?? null;
}

/** A case as filed at `createdAt` (the seed picks its number; no order number, no file). */
export async function insertSeedIncident(db: Db, v: {
  caseNo: string; platformId: number; reporterId: number; kind: IncidentKind; occurredOn: Date; amountCents: number | null; bodySource: string; bodyHtml: string; createdAt: Date;
}): Promise<number> {
  const r = await db.insertInto('incident').values({
    case_no: v.caseNo, platform_id: v.platformId, reporter_id: v.reporterId, kind: v.kind, occurred_on: v.occurredOn,
    order_number: '', amount_cents: v.amountCents, body_source: v.bodySource, body_html: v.bodyHtml, upload_id: null, status_reason: null,
    created_at: v.createdAt, updated_at: v.createdAt, accepted_at: null, closed_at: null,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

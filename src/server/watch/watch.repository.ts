// The only SQL of watchlists and notifications: follows, preferences, events, inbox rows and
// the delivery job table (claimed with FOR UPDATE SKIP LOCKED; see watch.worker.ts).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { EmailMode, NotifyEventKind, NotifyEventPayload, NotifyJobKind, WatchSubjectKind } from './watch.table.ts';
import { isVerdictBand } from '../verdict/verdict.ts';
import { isPlatformStatus } from '../platforms/platform.table.ts';
import { isIncidentStatus } from '../reviews/review.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

// ── follows ──
export async function addWatch(db: Db, accountId: number, kind: WatchSubjectKind, subjectId: number, at: Date): Promise<boolean> {
  const r = await db.insertInto('watch').values({ account_id: accountId, subject_kind: kind, subject_id: subjectId, created_at: at })
    .onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function removeWatch(db: Db, accountId: number, kind: WatchSubjectKind, subjectId: number): Promise<boolean> {
  const r = await db.deleteFrom('watch').where('account_id', '=', accountId).where('subject_kind', '=', kind).where('subject_id', '=', subjectId).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0) > 0;
}

export async function isWatching(db: Db, accountId: number, kind: WatchSubjectKind, subjectId: number): Promise<boolean> {
  const r = await db.selectFrom('watch').select('subject_id').where('account_id', '=', accountId).where('subject_kind', '=', kind).where('subject_id', '=', subjectId).executeTakeFirst();
  return r !== undefined;
}

export interface WatchRow {
  kind: WatchSubjectKind;
  subjectId: number;
  createdAt: Date;
  slug: string;
  nameZh: string;
  nameEn: string;
  caseNo: string | null;
}

export async function listWatches(db: Db, accountId: number): Promise<WatchRow[]> {
  const r = await sql<{ subject_kind: WatchSubjectKind; subject_id: number; created_at: Date; slug: string; name_zh: string; name_en: string; case_no: string | null }>`
    SELECT w.subject_kind, w.subject_id, w.created_at, p.slug, p.name_zh, p.name_en, i.case_no
    FROM watch w
    LEFT JOIN incident i ON w.subject_kind = 'incident' AND i.id = w.subject_id
    JOIN platform p ON p.id = CASE WHEN w.subject_kind = 'platform' THEN w.subject_id ELSE i.platform_id END
    WHERE w.account_id = ${accountId}
    ORDER BY w.created_at DESC, w.subject_id DESC`.execute(db);
  return r.rows.map((x) => ({
    kind: x.subject_kind, subjectId: Number(x.subject_id), createdAt: new Date(x.created_at), slug: x.slug, nameZh: x.name_zh, nameEn: x.name_en, caseNo: x.case_no,
  }));
}

export async function countWatches(db: Db, accountId: number): Promise<number> {
  const r = await db.selectFrom('watch').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
  return Number(r.n);
}

// ── preferences and the private feed token ──
export interface PrefRow { emailMode: EmailMode; feedTokenId: string | null; feedSecretHash: Uint8Array | null }

export async function findPref(db: Db, accountId: number): Promise<PrefRow | undefined> {
  const r = await db.selectFrom('notify_pref').select(['email_mode', 'feed_token_id', 'feed_secret_hash']).where('account_id', '=', accountId).executeTakeFirst();
  return r ? { emailMode: r.email_mode, feedTokenId: r.feed_token_id, feedSecretHash: r.feed_secret_hash ? new Uint8Array(r.feed_secret_hash) : null } : undefined;
}

export async function setEmailMode(db: Db, accountId: number, mode: EmailMode, at: Date): Promise<void> {
  await db.insertInto('notify_pref').values({ account_id: accountId, email_mode: mode, updated_at: at })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ email_mode: mode, updated_at: at })).execute();
}

export async function setFeedToken(db: Db, accountId: number, tokenId: string | null, secretHash: Uint8Array | null, at: Date): Promise<void> {
  await db.insertInto('notify_pref').values({ account_id: accountId, feed_token_id: tokenId, feed_secret_hash: secretHash, updated_at: at })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ feed_token_id: tokenId, feed_secret_hash: secretHash, updated_at: at })).execute();
}

export async function findAccountByFeedTokenId(db: Db, tokenId: string): Promise<{ accountId: number; secretHash: Uint8Array; handle: string; locale: 'zh-CN' | 'en'; status: string } | undefined> {
  const r = await db.selectFrom('notify_pref as n').innerJoin('account as a', 'a.id', 'n.account_id')
    .select(['n.account_id', 'n.feed_secret_hash', 'a.handle', 'a.locale', 'a.status']).where('n.feed_token_id', '=', tokenId).executeTakeFirst();
  if (!r || !r.feed_secret_hash) return undefined;
  return { accountId: Number(r.account_id), secretHash: new Uint8Array(r.feed_secret_hash), handle: r.handle, locale: r.locale, status: r.status };
}

// ── events and jobs ──
export type EventValues = NotifyEventPayload & {
  eventKey: string;
  platformId: number;
  incidentId: number | null;
  actorId: number | null;
  at: Date;
};

/** The event's id when it is new; null when an event with this key was already recorded. */
export async function insertEvent(db: Db, v: EventValues): Promise<number | null> {
  const r = await db.insertInto('notify_event').values({
    event_key: v.eventKey, kind: v.kind, platform_id: v.platformId, incident_id: v.incidentId, actor_id: v.actorId,
    data: JSON.stringify(v.data), created_at: v.at,
  }).onConflict((oc) => oc.column('event_key').doNothing()).returning('id').executeTakeFirst();
  return r ? Number(r.id) : null;
}

export interface JobValues {
  jobKey: string;
  kind: NotifyJobKind;
  eventId?: number | null;
  notificationId?: number | null;
  accountId?: number | null;
  runAt: Date;
}

export async function insertJob(db: Db, v: JobValues): Promise<boolean> {
  const r = await db.insertInto('notify_job').values({
    job_key: v.jobKey, kind: v.kind, event_id: v.eventId ?? null, notification_id: v.notificationId ?? null, account_id: v.accountId ?? null,
    run_at: v.runAt, created_at: v.runAt,
  }).onConflict((oc) => oc.column('job_key').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export interface ClaimedJob {
  id: number;
  kind: NotifyJobKind;
  eventId: number | null;
  notificationId: number | null;
  accountId: number | null;
  runAt: Date;
  attempts: number;
}

/**
 * Claims up to `limit` due jobs for `leaseMs`: SKIP LOCKED lets several workers (servers) claim
 * side by side without waiting on each other's rows; the lease (locked_until) replaces a lock
 * held for the whole delivery, which on PGlite's single connection would stall every request
 * while an SMTP server answers. A worker that dies leaves its lease to run out, and the job runs again.
 */
export async function claimJobs(db: Db, now: Date, leaseMs: number, limit: number): Promise<ClaimedJob[]> {
  const r = await sql<{ id: number; kind: NotifyJobKind; event_id: number | null; notification_id: number | null; account_id: number | null; run_at: Date; attempts: number }>`
    UPDATE notify_job j SET locked_until = ${new Date(now.getTime() + leaseMs)}, attempts = j.attempts + 1
    WHERE j.id IN (
      SELECT id FROM notify_job
      WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= ${now} AND (locked_until IS NULL OR locked_until <= ${now})
      ORDER BY run_at, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING j.id, j.kind, j.event_id, j.notification_id, j.account_id, j.run_at, j.attempts`.execute(db);
  return r.rows
    .map((x) => ({ id: Number(x.id), kind: x.kind, eventId: x.event_id === null ? null : Number(x.event_id), notificationId: x.notification_id === null ? null : Number(x.notification_id), accountId: x.account_id === null ? null : Number(x.account_id), runAt: new Date(x.run_at), attempts: x.attempts }))
    .sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
}

export async function completeJob(db: Db, id: number, at: Date): Promise<void> {
  await db.updateTable('notify_job').set({ done_at: at, locked_until: null, last_error: null }).where('id', '=', id).execute();
}

/** A failed attempt: try again at `retryAt`, or give up (failed_at) when retryAt is null. */
export async function failJob(db: Db, id: number, error: string, retryAt: Date | null, at: Date): Promise<void> {
  await db.updateTable('notify_job')
    .set(retryAt ? { run_at: retryAt, locked_until: null, last_error: error } : { failed_at: at, locked_until: null, last_error: error })
    .where('id', '=', id).execute();
}

export async function findEvent(db: Db, id: number) {
  const r = await db.selectFrom('notify_event').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? { ...r, id: Number(r.id), platform_id: Number(r.platform_id), incident_id: r.incident_id === null ? null : Number(r.incident_id), actor_id: r.actor_id === null ? null : Number(r.actor_id) } : undefined;
}

export interface Follower { accountId: number; emailMode: EmailMode }

/**
 * Who hears of an event: the active followers of its platform or case who followed before it
 * happened (a new follower is not sent the platform's back catalogue), never the actor.
 */
export async function followers(db: Db, platformId: number, incidentId: number | null, actorId: number | null, eventAt: Date): Promise<Follower[]> {
  const r = await sql<{ account_id: number; email_mode: EmailMode | null }>`
    SELECT DISTINCT w.account_id, n.email_mode
    FROM watch w
    JOIN account a ON a.id = w.account_id AND a.status = 'active'
    LEFT JOIN notify_pref n ON n.account_id = w.account_id
    WHERE ((w.subject_kind = 'platform' AND w.subject_id = ${platformId})
        OR (w.subject_kind = 'incident' AND w.subject_id = ${incidentId ?? -1}))
      AND w.account_id IS DISTINCT FROM ${actorId}::bigint
      AND w.created_at <= ${eventAt}
    ORDER BY w.account_id`.execute(db);
  return r.rows.map((x) => ({ accountId: Number(x.account_id), emailMode: x.email_mode ?? 'immediate' }));
}

/** Inbox rows for these members; returns only the rows that are new (a re-run adds none). */
export async function insertNotifications(db: Db, eventId: number, accountIds: readonly number[], at: Date): Promise<Array<{ id: number; accountId: number }>> {
  if (accountIds.length === 0) return [];
  const r = await db.insertInto('notification').values(accountIds.map((a) => ({ account_id: a, event_id: eventId, created_at: at })))
    .onConflict((oc) => oc.columns(['account_id', 'event_id']).doNothing()).returning(['id', 'account_id']).execute();
  return r.map((x) => ({ id: Number(x.id), accountId: Number(x.account_id) }));
}

// ── reading notifications ──
export type NotificationRow = NotifyEventPayload & {
  id: number;
  accountId: number;
  createdAt: Date;
  readAt: Date | null;
  mailedAt: Date | null;
  platformId: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  caseNo: string | null;
};

function notificationQuery(db: Db) {
  return db.selectFrom('notification as n')
    .innerJoin('notify_event as e', 'e.id', 'n.event_id')
    .innerJoin('platform as p', 'p.id', 'e.platform_id')
    .leftJoin('incident as i', 'i.id', 'e.incident_id')
    .select(['n.id', 'n.account_id', 'n.created_at', 'n.read_at', 'n.mailed_at', 'e.kind', 'e.data', 'e.platform_id', 'p.slug', 'p.name_zh', 'p.name_en', 'i.case_no']);
}

/** How each kind's data is checked when read back (the mapped type makes the table list every kind). */
const DATA_CHECKS: { [K in NotifyEventKind]: (data: ReadonlyMap<string, unknown>) => boolean } = {
  band_changed: (d) => isVerdictBand(d.get('from')) && isVerdictBand(d.get('to')),
  early_warning: (d) => typeof d.get('complainants') === 'number',
  status_changed: (d) => isPlatformStatus(d.get('from')) && isPlatformStatus(d.get('to')),
  official_reply: (d) => d.get('reviewId') === undefined || typeof d.get('reviewId') === 'number',
  case_status: (d) => isIncidentStatus(d.get('status')),
};
const dataChecksByKind = new Map<string, (data: ReadonlyMap<string, unknown>) => boolean>(Object.entries(DATA_CHECKS));

/** An event's kind and data as stored: a known kind with the data watch.events.ts writes for it. */
export function isNotifyEventPayload(x: { kind: unknown; data: unknown }): x is NotifyEventPayload {
  const check = typeof x.kind === 'string' ? dataChecksByKind.get(x.kind) : undefined;
  return !!check && typeof x.data === 'object' && x.data !== null && !Array.isArray(x.data) && check(new Map(Object.entries(x.data)));
}

type NotificationQueryRow = Awaited<ReturnType<ReturnType<typeof notificationQuery>['executeTakeFirstOrThrow']>>;

/** A notification read back; null when its event's data does not fit its kind (left out, so one bad row never breaks the inbox). */
function toNotification(r: NotificationQueryRow): NotificationRow | null {
  const event = { kind: r.kind, data: r.data ?? {} };
  if (!isNotifyEventPayload(event)) return null;
  return {
    id: Number(r.id), accountId: Number(r.account_id), createdAt: new Date(r.created_at), readAt: r.read_at, mailedAt: r.mailed_at, ...event,
    platformId: Number(r.platform_id), slug: r.slug, nameZh: r.name_zh, nameEn: r.name_en, caseNo: r.case_no,
  };
}

function toNotifications(rows: readonly NotificationQueryRow[]): NotificationRow[] {
  return rows.map(toNotification).filter((n) => n !== null);
}

export async function findNotification(db: Db, id: number): Promise<NotificationRow | undefined> {
  const r = await notificationQuery(db).where('n.id', '=', id).executeTakeFirst();
  return (r && toNotification(r)) ?? undefined;
}

/** A page of a member's inbox, newest first; `beforeId` pages on. */
export async function inbox(db: Db, accountId: number, limit: number, beforeId?: number): Promise<NotificationRow[]> {
  let q = notificationQuery(db).where('n.account_id', '=', accountId);
  if (beforeId !== undefined) q = q.where('n.id', '<', beforeId);
  const rows = await q.orderBy('n.id', 'desc').limit(limit).execute();
  return toNotifications(rows);
}

/** What a digest still has to tell: inbox rows not yet mailed, created before `upTo`. */
export async function unmailed(db: Db, accountId: number, upTo: Date): Promise<NotificationRow[]> {
  const rows = await notificationQuery(db).where('n.account_id', '=', accountId).where('n.mailed_at', 'is', null).where('n.created_at', '<=', upTo)
    .orderBy('n.id', 'asc').limit(500).execute();
  return toNotifications(rows);
}

export async function markMailed(db: Db, ids: readonly number[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('notification').set({ mailed_at: at }).where('id', 'in', ids).where('mailed_at', 'is', null).execute();
}

export async function unreadCount(db: Db, accountId: number): Promise<number> {
  const r = await db.selectFrom('notification').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Marks a member's own rows read (all when `ids` is null); rows of others are untouched. */
export async function markRead(db: Db, accountId: number, ids: readonly number[] | null, at: Date): Promise<number> {
  let q = db.updateTable('notification').set({ read_at: at }).where('account_id', '=', accountId).where('read_at', 'is', null);
  if (ids) {
    if (ids.length === 0) return 0;
    q = q.where('id', 'in', ids);
  }
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0);
}

export async function mailRecipient(db: Db, accountId: number): Promise<{ email: string; handle: string; locale: 'zh-CN' | 'en'; verified: boolean; status: string } | undefined> {
  const r = await db.selectFrom('account').select(['email', 'handle', 'locale', 'email_verified_at', 'status']).where('id', '=', accountId).executeTakeFirst();
  return r ? { email: r.email, handle: r.handle, locale: r.locale, verified: r.email_verified_at !== null, status: r.status } : undefined;
}

export async function watchedAmong(db: Db, accountId: number, kind: WatchSubjectKind, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('watch').select('subject_id').where('account_id', '=', accountId).where('subject_kind', '=', kind)
    .where('subject_id', 'in', ids).execute();
  return rows.map((r) => Number(r.subject_id));
}

export async function deleteFinishedJobs(db: Db, before: Date): Promise<number> {
  const r = await db.deleteFrom('notify_job').where('done_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}

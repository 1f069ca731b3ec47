// Delivery of watch notifications: a job table (notify_job) drained by a worker loop in each
// server process. Jobs are claimed with FOR UPDATE SKIP LOCKED plus a lease (watch.repository.ts
// claimJobs), retried with exponential backoff, and idempotent: a fan-out adds inbox rows only
// where none exists (UNIQUE (account_id, event_id)), a mail job skips a row already mailed.
//
// Why not graphile-worker or pg-boss: both need a real PostgreSQL server (LISTEN/NOTIFY, their
// own schema and advisory-lock conventions) and neither runs on PGlite, the embedded database the
// site starts with when DATABASE_URL is unset; and a separate queue service (Redis-backed BullMQ)
// would be one more thing to run. Five tables' worth of SQL on the database we already have does it.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Mailer, OutgoingMail } from '../mail/mailer.ts';
import { t, localePath, type Locale } from '../../i18n/index.ts';
import * as repo from './watch.repository.ts';
import { invalidatePages } from '../http/invalidation.ts';
import { cacheTags, type CacheTag } from '../http/cache-tags.ts';
import { groupByPlatform, notificationPath, notificationTitle, platformName } from './watch.format.ts';
import { unsubscribeToken } from './watch.service.ts';
import { secondMs, minuteMs, hourMs } from '../time.ts';

type Db = Kysely<Database>;

export interface DeliveryDeps {
  db: Db;
  mailer: Pick<Mailer, 'deliver'>;
  /** Absolute origin for links in mail (configuration, never a request's Host). */
  origin: string;
  appSecret: string;
  log?: (m: string) => void;
}

/** A claimed job is someone else's for this long; a worker that died gives it up after it. */
export const leaseMs = 5 * minuteMs;
/** After this many failed attempts a job is kept as failed (last_error says why) and not retried. */
export const maxAttempts = 8;
const batchSize = 20;

/** Backoff after the n-th failed attempt: 30 s, 1 min, 2 min … capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(hourMs, 30 * secondMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * When a daily digest goes out: 00:00 UTC, which is 08:00 in China (UTC+8, no daylight saving),
 * the start of a reader's morning. Pure.
 */
export function nextDigestAt(nowMs: number): Date {
  const d = new Date(nowMs);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1));
}

function errorText(e: unknown): string {
  return String((e as Error)?.message ?? e).slice(0, 500);
}

/**
 * Runs every due job once (up to a batch per round) and returns how many ran and failed. This is
 * the controller of the delivery path (no request is behind it): the jobs return the page tags
 * they changed, and it invalidates them once the job's transaction has committed.
 */
export async function drainOnce(deps: DeliveryDeps, nowMs: number, maxRounds = 10): Promise<{ ran: number; failed: number }> {
  let ran = 0;
  let failed = 0;
  for (let round = 0; round < maxRounds; round++) {
    const jobs = await repo.claimJobs(deps.db, new Date(nowMs), leaseMs, batchSize);
    if (jobs.length === 0) break;
    for (const job of jobs) {
      try {
        if (job.kind === 'fanout') invalidatePages(await fanOut(deps, job.eventId!, nowMs));
        else if (job.kind === 'mail') await mailOne(deps, job.notificationId!, nowMs);
        else await mailDigest(deps, job.accountId!, job.runAt, nowMs);
        await repo.completeJob(deps.db, job.id, new Date(nowMs));
        ran++;
      } catch (e) {
        failed++;
        const retryAt = job.attempts >= maxAttempts ? null : new Date(nowMs + retryDelayMs(job.attempts));
        await repo.failJob(deps.db, job.id, errorText(e), retryAt, new Date(nowMs));
        // The job's kind and id only: an error text can carry an address.
        deps.log?.(`watch: ${job.kind} job ${job.id} failed (attempt ${job.attempts}${retryAt ? ', will retry' : ', giving up'})`);
      }
    }
  }
  return { ran, failed };
}

/** One event → an inbox row per follower, and a mail job (now, or the next digest) per row. Returns the page tags to drop. */
async function fanOut(deps: DeliveryDeps, eventId: number, nowMs: number): Promise<CacheTag[]> {
  const told = await deps.db.transaction().execute(async (trx) => {
    const event = await repo.findEvent(trx, eventId);
    if (!event) return [];
    const list = await repo.followers(trx, event.platform_id, event.incident_id, event.actor_id, event.created_at);
    const mode = new Map(list.map((f) => [f.accountId, f.emailMode]));
    const at = new Date(nowMs);
    const rows = await repo.insertNotifications(trx, eventId, list.map((f) => f.accountId), at);
    for (const r of rows) {
      const m = mode.get(r.accountId);
      if (m === 'immediate') {
        await repo.insertJob(trx, { jobKey: `mail:${r.id}`, kind: 'mail', notificationId: r.id, accountId: r.accountId, runAt: at });
      } else if (m === 'daily') {
        const due = nextDigestAt(nowMs);
        await repo.insertJob(trx, { jobKey: `digest:${r.accountId}:${due.toISOString().slice(0, 10)}`, kind: 'digest', accountId: r.accountId, runAt: due });
      }
    }
    return rows.map((r) => r.accountId);
  });
  // viewer:<id>: the unread count in the header of each follower's shared member renders.
  return told.map((id) => cacheTags.viewer(id));
}

function footer(deps: DeliveryDeps, locale: Locale, accountId: number): { text: string; headers: Record<string, string> } {
  const unsubscribe = `${deps.origin}${localePath(locale, '/watch/unsubscribe')}?token=${encodeURIComponent(unsubscribeToken(deps.appSecret, accountId))}`;
  return {
    text: t(locale, 'watch.mail.footer', { settings: `${deps.origin}${localePath(locale, '/settings')}#watch`, unsubscribe }),
    // RFC 8058: a mail client may POST "List-Unsubscribe=One-Click" to this URL, no log-in needed.
    headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

async function recipientFor(deps: DeliveryDeps, accountId: number) {
  const who = await repo.mailRecipient(deps.db, accountId);
  // Only confirmed addresses of active members get mail; the inbox and feed still have it all.
  if (!who || !who.verified || who.status !== 'active') return null;
  const pref = await repo.findPref(deps.db, accountId);
  if (pref?.emailMode === 'off') return null;
  return who;
}

async function mailOne(deps: DeliveryDeps, notificationId: number, nowMs: number): Promise<void> {
  const n = await repo.findNotification(deps.db, notificationId);
  if (!n || n.mailedAt) return;
  const who = await recipientFor(deps, n.accountId);
  if (!who) return;
  const locale = who.locale;
  const title = notificationTitle(locale, n);
  const f = footer(deps, locale, n.accountId);
  const mail: OutgoingMail = {
    to: who.email,
    subject: t(locale, 'watch.mail.subject', { title }),
    text: `${t(locale, 'watch.mail.greeting', { handle: who.handle })}\n\n${title}\n${deps.origin}${notificationPath(locale, n)}\n\n${f.text}`,
    headers: f.headers,
  };
  await deps.mailer.deliver(mail);
  await repo.markMailed(deps.db, [n.id], new Date(nowMs));
}

/** Everything not yet mailed up to the digest's time, grouped by platform, in one message. */
async function mailDigest(deps: DeliveryDeps, accountId: number, upTo: Date, nowMs: number): Promise<void> {
  const who = await recipientFor(deps, accountId);
  if (!who) return;
  const rows = await repo.unmailed(deps.db, accountId, upTo);
  if (rows.length === 0) return;
  const locale = who.locale;
  const lines: string[] = [t(locale, 'watch.mail.greeting', { handle: who.handle }), ''];
  for (const g of groupByPlatform(rows)) {
    lines.push(`■ ${platformName(locale, g.rows[0]!)}`);
    for (const r of g.rows) lines.push(`- ${notificationTitle(locale, r)}`, `  ${deps.origin}${notificationPath(locale, r)}`);
    lines.push('');
  }
  const f = footer(deps, locale, accountId);
  await deps.mailer.deliver({
    to: who.email,
    subject: t(locale, 'watch.mail.digestSubject', { n: rows.length }),
    text: `${lines.join('\n')}\n${f.text}`,
    headers: f.headers,
  });
  await repo.markMailed(deps.db, rows.map((r) => r.id), new Date(nowMs));
}

/** Polling interval of the worker loop; events wait at most this long before fan-out. */
export const pollIntervalMs = 2_000;

/** Starts the worker loop (one per server process; SKIP LOCKED lets several run side by side). */
export function scheduleWatchDelivery(deps: DeliveryDeps, closers: Array<() => Promise<void> | void>): () => Promise<void> {
  let inFlight: Promise<void> | null = null;
  let stopped = false;
  const timer = setInterval(() => {
    if (inFlight || stopped) return;
    inFlight = drainOnce(deps, Date.now())
      .then(() => {}, (e: unknown) => {
        if (!stopped) deps.log?.(`watch: delivery round failed: ${errorText(e)}`);
      })
      .finally(() => {
        inFlight = null;
      });
  }, pollIntervalMs);
  timer.unref();
  const stop = async () => {
    stopped = true;
    clearInterval(timer);
    if (inFlight) await inFlight;
  };
  closers.push(stop);
  return stop;
}

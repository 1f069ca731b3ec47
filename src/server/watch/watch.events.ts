// Where things happen (the ranking run, moderation, replies, cases), one call records a watch
// event in the producer's own transaction and enqueues its fan-out job: the event exists iff the
// write committed, and nothing is sent from the request. The event key names the change itself,
// so a producer that runs again over the same change records nothing new (issue 17 item 5).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import * as repo from './watch.repository.ts';
import type { NotifyEventPayload } from './watch.table.ts';
import type { PlatformStatus } from '../platforms/platform.table.ts';
import type { IncidentStatus } from '../reviews/review.table.ts';
import type { VerdictBand } from '../verdict/verdict.ts';

type Db = Kysely<Database> | Transaction<Database>;

async function record(db: Db, e: NotifyEventPayload & { key: string; platformId: number; incidentId?: number | null; actorId?: number | null; nowMs: number }): Promise<number | null> {
  const at = new Date(e.nowMs);
  const id = await repo.insertEvent(db, { ...e, eventKey: e.key, incidentId: e.incidentId ?? null, actorId: e.actorId ?? null, at });
  if (id !== null) await repo.insertJob(db, { jobKey: `fanout:${id}`, kind: 'fanout', eventId: id, runAt: at });
  return id;
}

/**
 * The verdict band moved (the ranking run's BAND_CHANGED). Keyed by the snapshot the change is
 * measured from: the same transition found again is the same event.
 */
export function bandChanged(db: Db, e: { platformId: number; fromBand: VerdictBand; toBand: VerdictBand; sinceMs: number; nowMs: number }) {
  return record(db, { key: `band:${e.platformId}:${e.sinceMs}:${e.toBand}`, kind: 'band_changed', platformId: e.platformId, data: { from: e.fromBand, to: e.toBand }, nowMs: e.nowMs });
}

/** A 预警 early-warning episode opened (warnings/warning.service.ts). */
export function earlyWarningOpened(db: Db, e: { platformId: number; episodeId: number; complainants: number; nowMs: number }) {
  return record(db, { key: `warning:${e.episodeId}`, kind: 'early_warning', platformId: e.platformId, data: { complainants: e.complainants }, nowMs: e.nowMs });
}

/** A moderator set the platform's status (跑路, suspended, closed, active again). */
export function statusChanged(db: Db, e: { platformId: number; from: PlatformStatus; to: PlatformStatus; actorId: number | null; nowMs: number }) {
  return record(db, { key: `status:${e.platformId}:${e.to}:${e.nowMs}`, kind: 'status_changed', platformId: e.platformId, actorId: e.actorId, data: { from: e.from, to: e.to }, nowMs: e.nowMs });
}

/** The platform's verified representative replied: under a review (`replyId`) or on a case (`updateId`). */
export function officialReply(db: Db, e: { platformId: number; actorId: number; nowMs: number } & ({ replyId: number; reviewId: number } | { updateId: number; incidentId: number })) {
  if ('replyId' in e) {
    return record(db, { key: `reply:${e.replyId}`, kind: 'official_reply', platformId: e.platformId, actorId: e.actorId, data: { reviewId: e.reviewId }, nowMs: e.nowMs });
  }
  return record(db, { key: `case-reply:${e.updateId}`, kind: 'official_reply', platformId: e.platformId, incidentId: e.incidentId, actorId: e.actorId, data: {}, nowMs: e.nowMs });
}

/** A case (complaint) moved to a new status. */
export function caseStatus(db: Db, e: { platformId: number; incidentId: number; status: IncidentStatus; actorId: number | null; nowMs: number }) {
  return record(db, { key: `case:${e.incidentId}:${e.status}:${e.nowMs}`, kind: 'case_status', platformId: e.platformId, incidentId: e.incidentId, actorId: e.actorId, data: { status: e.status }, nowMs: e.nowMs });
}

// Complaint cases: filing (case number KP-YYYYMMDD-NNNN), reporter updates, the verified
// representative's reply, the reporter's "resolved", and the 15-day "unresolved" rule.
// Moderator steps (accept, reject, confirm 跑路) live in src/server/moderation/.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError, FieldErrors } from '../errors.ts';
import { validateText } from '../content/text.ts';
import { dayRules, validateDay } from '../content/day.ts';
import { requestRecompute } from '../ranking/recompute.ts';
import { storeUpload } from '../uploads/upload.service.ts';
import { isIncidentKind, openIncidentStatuses, type IncidentKind, type IncidentStatus, type IncidentUpdateRole } from '../reviews/review.table.ts';
import { isOneOf } from '../one-of.ts';
import { bodyMaxChars, renderBody, type UploadRuntime } from '../reviews/review.service.ts';
import * as reviewRepo from '../reviews/review.repository.ts';
import * as repo from './incident.repository.ts';
import { findPlatformRef } from '../platforms/platform.service.ts';
import { enqueueSearch } from '../search/outbox.ts';
import * as watchEvents from '../watch/watch.events.ts';
import { hourMs, dayMs } from '../time.ts';
import { cacheTags, type CacheTag, type WithTags } from '../http/cache-tags.ts';

type Db = Kysely<Database>;

/** The one list of case kinds is the table's; the form and the API read it from here. */
export { incidentKinds } from '../reviews/review.table.ts';
/** A case accepted by a moderator with no resolution after 15 days is shown as unresolved (complaint-desk practice). */
export const unresolvedAfterMs = 15 * dayMs;
/** Amounts above 10 million yuan are typos, not complaints. */
const maxAmountCents = 10_000_000 * 100;
/** Case numbers use the date in China (UTC+8, no daylight saving). */
const chinaOffsetMs = 8 * hourMs;

export function caseNoPrefix(nowMs: number): string {
  return `KP-${new Date(nowMs + chinaOffsetMs).toISOString().slice(0, 10).replace(/-/g, '')}-`;
}

/** The moment an accepted case without resolution becomes unresolved: 15 days after acceptance (after filing, for a case with no acceptance time). */
export function unresolvedAtMs(i: { acceptedAt: Date | null; createdAt: Date }): number {
  return (i.acceptedAt ?? i.createdAt).getTime() + unresolvedAfterMs;
}

/** The status a reader sees: accepted cases past the deadline read as unresolved even before the job persists it. */
export function effectiveStatus(i: { status: IncidentStatus; acceptedAt: Date | null; createdAt: Date }, nowMs: number): IncidentStatus {
  if ((i.status === 'accepted' || i.status === 'platform_replied') && nowMs > unresolvedAtMs(i)) return 'unresolved';
  return i.status;
}

export interface IncidentInput {
  platformId: number; kind: unknown; occurredOn: string | null; orderNumber?: string | null; amountYuan?: unknown; body: unknown; file?: File | Blob | null;
}

export async function fileIncident(db: Db, rt: UploadRuntime, accountId: number, input: IncidentInput, nowMs: number): Promise<WithTags<{ id: number; caseNo: string; evidenceError: { messageKey: string; params?: Record<string, string | number> } | null }>> {
  const errors = new FieldErrors();
  const kind = isIncidentKind(input.kind) ? input.kind : null;
  if (!kind) errors.add('kind', 'field.choice');
  const day = validateDay(errors, 'occurredOn', input.occurredOn, dayRules.occurredOn, nowMs);
  const orderNumber = validateText(errors, 'orderNumber', input.orderNumber, { max: 64, required: false, singleLine: true }) ?? '';
  let amountCents: number | null = null;
  if (input.amountYuan !== null && input.amountYuan !== undefined && input.amountYuan !== '') {
    const n = typeof input.amountYuan === 'number' ? input.amountYuan : Number(String(input.amountYuan).trim());
    if (!Number.isFinite(n) || n < 0 || Math.round(n * 100) > maxAmountCents) errors.add('amountYuan', 'reviews.error.amount');
    else amountCents = Math.round(n * 100);
  }
  const body = renderBody(errors, 'body', input.body, { max: bodyMaxChars, min: 20 });
  errors.throwIfAny();
  const platform = await findPlatformRef(db, { id: input.platformId });
  if (!platform || platform.approval !== 'approved') throw new DomainError('not_found', { messageKey: 'reviews.error.platformNotFound' });
  const at = new Date(nowMs);
  const { id, caseNo } = await db.transaction().execute(async (trx) => {
    await repo.lockCaseNumbers(trx);
    const prefix = caseNoPrefix(nowMs);
    const max = await repo.maxCaseNoWithPrefix(trx, prefix);
    const next = (max ? Number(max.slice(prefix.length)) : 0) + 1;
    const caseNo = `${prefix}${String(next).padStart(4, '0')}`;
    const id = await repo.insertIncident(trx, {
      caseNo, platformId: platform.id, reporterId: accountId, kind: kind!, occurredOn: day!, orderNumber, amountCents,
      bodySource: body!.source, bodyHtml: body!.html, at,
    });
    await repo.insertUpdate(trx, { incidentId: id, authorId: accountId, role: 'reporter', bodySource: '', bodyHtml: '', statusTo: 'submitted', at });
    await enqueueSearch(trx, 'incident', id); // complaint cases are searchable (跑路, 退款被拒 …)
    // a new case may be part of a complaint wave: the ranking job re-evaluates the 预警
    await requestRecompute(trx, `incident:${id}`);
    return { id, caseNo };
  });
  const tags: CacheTag[] = [cacheTags.platform(platform.id), cacheTags.user(accountId)];
  let evidenceError: { messageKey: string; params?: Record<string, string | number> } | null = null;
  if (input.file && input.file.size > 0) {
    try {
      await attachEvidence(db, rt, accountId, caseNo, input.file, nowMs);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      evidenceError = { messageKey: e.messageKey, params: e.params };
    }
  }
  return { id, caseNo, evidenceError, tags };
}

/**
 * The reporter's evidence file (private: reporter and moderators only). Also how a reporter
 * whose file was refused at filing time adds it later; one file per case, never replaced.
 */
export async function attachEvidence(db: Db, rt: UploadRuntime, accountId: number, caseNo: string, file: File | Blob | null, nowMs: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const i = await repo.lockIncidentByCaseNo(trx, caseNo);
    if (!i) throw new DomainError('not_found');
    if (i.reporter_id !== accountId) throw new DomainError('forbidden', { messageKey: 'reviews.error.notReporter' });
    if (!file || file.size === 0) throw new DomainError('invalid_input', { field: 'file', messageKey: 'reviews.incident.evidence.empty' });
    if (i.upload_id !== null) throw new DomainError('conflict', { messageKey: 'reviews.incident.evidence.exists', status: 'CONFLICT' });
    if (i.status === 'rejected') throw new DomainError('conflict', { messageKey: 'reviews.error.incidentClosed', status: 'CONFLICT' });
    const upload = await storeUpload(trx, rt, { ownerId: accountId, purpose: 'incident', file });
    await repo.setEvidence(trx, i.id, upload.id, new Date(nowMs));
  });
}

async function addUpdateAs(db: Db, accountId: number, caseNo: string, rawBody: unknown, role: 'reporter' | 'platform', nowMs: number): Promise<WithTags<{ id: number; status: IncidentStatus }>> {
  const errors = new FieldErrors();
  const body = renderBody(errors, 'body', rawBody, { max: bodyMaxChars, min: 2 });
  const at = new Date(nowMs);
  let platformId = 0;
  const out = await db.transaction().execute(async (trx) => {
    const i = await repo.lockIncidentByCaseNo(trx, caseNo);
    if (!i) throw new DomainError('not_found');
    platformId = i.platform_id;
    if (role === 'reporter' && i.reporter_id !== accountId) throw new DomainError('forbidden', { messageKey: 'reviews.error.notReporter' });
    if (role === 'platform' && !(await reviewRepo.isVerifiedRepresentative(trx, accountId, i.platform_id))) {
      throw new DomainError('forbidden', { messageKey: 'reviews.error.notRepresentative' });
    }
    errors.throwIfAny();
    if (i.status === 'rejected') throw new DomainError('conflict', { messageKey: 'reviews.error.incidentClosed', status: 'CONFLICT' });
    let statusTo: IncidentStatus | null = null;
    if (role === 'platform' && (i.status === 'accepted' || i.status === 'unresolved')) statusTo = 'platform_replied';
    const id = await repo.insertUpdate(trx, { incidentId: i.id, authorId: accountId, role, bodySource: body!.source, bodyHtml: body!.html, statusTo, at });
    if (statusTo) await repo.setStatus(trx, i.id, statusTo, at, null);
    else await repo.touch(trx, i.id, at);
    if (role === 'platform') await watchEvents.officialReply(trx, { platformId: i.platform_id, updateId: id, incidentId: i.id, actorId: accountId, nowMs });
    if (statusTo) await watchEvents.caseStatus(trx, { platformId: i.platform_id, incidentId: i.id, status: statusTo, actorId: accountId, nowMs });
    await enqueueSearch(trx, 'incident', i.id); // the update's text and the new status join the case's document
    return { id, status: statusTo ?? i.status };
  });
  return { ...out, tags: [cacheTags.platform(platformId)] };
}

export function addReporterUpdate(db: Db, accountId: number, input: { caseNo: string; body: unknown }, nowMs: number) {
  return addUpdateAs(db, accountId, input.caseNo, input.body, 'reporter', nowMs);
}

/** The platform's verified representative replies; an accepted case moves to platform_replied. */
export function addPlatformReply(db: Db, accountId: number, input: { caseNo: string; body: unknown }, nowMs: number) {
  return addUpdateAs(db, accountId, input.caseNo, input.body, 'platform', nowMs);
}

/** Only the reporter can say a case is resolved. */
export async function resolveIncident(db: Db, accountId: number, input: { caseNo: string; note?: unknown }, nowMs: number): Promise<WithTags> {
  const errors = new FieldErrors();
  const hasNote = typeof input.note === 'string' && input.note.trim() !== '';
  const note = hasNote ? renderBody(errors, 'note', input.note, { max: bodyMaxChars, min: 1 }) : null;
  const at = new Date(nowMs);
  let platformId = 0;
  await db.transaction().execute(async (trx) => {
    const i = await repo.lockIncidentByCaseNo(trx, input.caseNo);
    if (!i) throw new DomainError('not_found');
    if (i.reporter_id !== accountId) throw new DomainError('forbidden', { messageKey: 'reviews.error.notReporter' });
    errors.throwIfAny();
    if (i.status === 'resolved' || i.status === 'rejected') throw new DomainError('conflict', { messageKey: 'reviews.error.incidentClosed', status: 'CONFLICT' });
    platformId = i.platform_id;
    await repo.insertUpdate(trx, { incidentId: i.id, authorId: accountId, role: 'reporter', bodySource: note?.source ?? '', bodyHtml: note?.html ?? '', statusTo: 'resolved', at });
    await repo.setStatus(trx, i.id, 'resolved', at, at);
    await watchEvents.caseStatus(trx, { platformId: i.platform_id, incidentId: i.id, status: 'resolved', actorId: accountId, nowMs });
    await enqueueSearch(trx, 'incident', i.id);
    await requestRecompute(trx, `incident_resolved:${i.id}`);
  });
  return { tags: [cacheTags.platform(platformId), cacheTags.ranking] };
}

/**
 * Persists the 15-day rule; the maintenance job and the seed call it with their clock, which
 * only decides which cases are due. The change is dated when the 15 days ran out
 * (unresolvedAtMs), not when the job noticed: the public timeline shows day 15 whether the
 * job ran a minute or a week later (a server that was down). Returns how many cases moved.
 */
export async function closeStaleIncidents(db: Db, nowMs: number): Promise<WithTags<{ moved: number }>> {
  const moved = await db.transaction().execute(async (trx) => {
    const rows = await repo.lockStale(trx, new Date(nowMs - unresolvedAfterMs));
    for (const r of rows) {
      const at = new Date(unresolvedAtMs({ acceptedAt: r.accepted_at, createdAt: r.created_at }));
      await repo.markUnresolved(trx, r.id, at);
      await repo.insertUpdate(trx, { incidentId: r.id, authorId: null, role: 'system', bodySource: '', bodyHtml: '', statusTo: 'unresolved', at });
      await watchEvents.caseStatus(trx, { platformId: r.platform_id, incidentId: r.id, status: 'unresolved', actorId: null, nowMs: at.getTime() });
      await enqueueSearch(trx, 'incident', r.id);
    }
    return rows;
  });
  return { moved: moved.length, tags: [...new Set(moved.map((r) => cacheTags.platform(r.platform_id)))] };
}

// ── reading ──
/** A case as other domains name it (watchlists follow a case by its number); null when there is none. */
export function findIncidentRef(db: Db, caseNo: string): Promise<{ id: number; caseNo: string; platformId: number } | null> {
  return repo.findIncidentRef(db, caseNo);
}

export interface IncidentView {
  id: number; caseNo: string; platformId: number; platformSlug: string; platformNameZh: string; platformNameEn: string;
  reporterId: number; reporterHandle: string; kind: IncidentKind; occurredOn: Date; amountCents: number | null;
  bodyHtml: string; uploadId: number | null; hasOrderNumber: boolean; status: IncidentStatus; statusReason: string | null;
  createdAt: Date; acceptedAt: Date | null; closedAt: Date | null;
  updates: Array<{ id: number; role: IncidentUpdateRole; handle: string | null; bodyHtml: string; statusTo: IncidentStatus | null; createdAt: Date }>;
}

export async function loadIncident(db: Db, caseNo: string, nowMs: number): Promise<IncidentView | null> {
  if (!/^KP-\d{8}-\d{4,6}$/.test(caseNo)) return null;
  const i = await repo.findIncidentPage(db, caseNo);
  if (!i) return null;
  const status = effectiveStatus({ status: i.status, acceptedAt: i.accepted_at, createdAt: i.created_at }, nowMs);
  const updates: IncidentView['updates'] = (await repo.updatesOf(db, i.id))
    .map((u) => ({ id: u.id, role: u.author_role, handle: u.handle, bodyHtml: u.body_html, statusTo: u.status_to, createdAt: u.created_at }));
  if (status === 'unresolved' && !updates.some((u) => u.statusTo === 'unresolved')) {
    // Past day 15 before the job persisted it: the entry the job will write (id 0: not stored yet), in its place.
    const at = new Date(unresolvedAtMs({ acceptedAt: i.accepted_at, createdAt: i.created_at }));
    const index = updates.findIndex((u) => u.createdAt.getTime() > at.getTime());
    updates.splice(index < 0 ? updates.length : index, 0, { id: 0, role: 'system', handle: null, bodyHtml: '', statusTo: 'unresolved', createdAt: at });
  }
  return {
    id: i.id, caseNo: i.case_no, platformId: i.platform_id, platformSlug: i.slug, platformNameZh: i.name_zh, platformNameEn: i.name_en,
    reporterId: i.reporter_id, reporterHandle: i.handle, kind: i.kind, occurredOn: i.occurred_on, amountCents: i.amount_cents,
    bodyHtml: i.body_html, uploadId: i.upload_id, hasOrderNumber: i.order_number !== '',
    status, statusReason: i.status_reason, createdAt: i.created_at, acceptedAt: i.accepted_at, closedAt: i.closed_at, updates,
  };
}

export interface IncidentSummaryView {
  /** submitted, accepted or answered, not yet past the deadline (unresolved ones are counted apart) */
  open: number; resolved: number; unresolved: number; rejected: number;
  medianDaysToResolution: number | null;
  /** Newest cases first; rejected reports are never listed. */
  recent: Array<{ caseNo: string; kind: IncidentKind; status: Exclude<IncidentStatus, 'rejected'>; createdAt: Date }>;
}

/** Median of resolved cases' (closed − filed) in days; the middle value, or the mean of the two middle ones. */
export function medianDays(durationsMs: number[]): number | null {
  if (durationsMs.length === 0) return null;
  const s = [...durationsMs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const ms = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return Math.round((ms / dayMs) * 10) / 10;
}

export async function loadIncidentSummary(db: Db, platformId: number, nowMs: number, recentLimit = 5): Promise<IncidentSummaryView> {
  const rows = await repo.incidentsOfPlatform(db, platformId);
  let open = 0, resolved = 0, unresolved = 0, rejected = 0;
  const durations: number[] = [];
  const recent: IncidentSummaryView['recent'] = [];
  for (const r of rows) {
    const status = effectiveStatus({ status: r.status, acceptedAt: r.accepted_at, createdAt: r.created_at }, nowMs);
    if (status === 'resolved') {
      resolved++;
      if (r.closed_at) durations.push(r.closed_at.getTime() - r.created_at.getTime());
    } else if (status === 'rejected') rejected++;
    else if (status === 'unresolved') unresolved++;
    else open++;
    if (recent.length < recentLimit && status !== 'rejected') recent.push({ caseNo: r.case_no, kind: r.kind, status, createdAt: r.created_at });
  }
  return { open, resolved, unresolved, rejected, medianDaysToResolution: medianDays(durations), recent };
}

export function isOpen(status: IncidentStatus): boolean {
  return isOneOf(openIncidentStatuses, status);
}

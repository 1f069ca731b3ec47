// Moderation commands: every moderator-triggered state change. Each one checks the role (guards.ts),
// locks the item FOR UPDATE, refuses if it is the moderator's own or someone else holds the claim,
// asks the pure rules (status.ts `transition`) whether the action may run on the item's current
// status (its log, with the facet its state column caches taken from the column) and refuses with
// their reason, then writes the change AND its moderation_event in one transaction. Returns the
// page-cache tags the caller invalidates after commit. Page reads (notices, alerts, the flag
// page's target) are in moderation.read.ts; the queues and the public log in queue.service.ts.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError, FieldErrors } from '../errors.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { cleanText, validateText } from '../content/text.ts';
import { normaliseIdentifier } from '../content/text.ts';
import { requestRecompute } from '../ranking/recompute.ts';
import { enqueueFollowUpReview, enqueueSearch } from '../search/outbox.ts';
import { sanctions, type ModSubjectKind, type Sanction } from './moderation.table.ts';
import { flagNoteMaxChars, isFlagReason, isFlagTargetKind, isPostKind, postKinds, reasonsNeedingNote, type FlagReason, type PostKind } from './flag-reasons.ts';
import { guardAdmin, guardModerator, guardSignedIn, guardWriter, type Actor } from './guards.ts';
import {
  accountStanding, findingReview, incidentReview, isPlatformStatus, postVisibility, reduceStatus, submissionReview, transition,
  type ItemStatus, type ModAction, type PlatformStatus, type Refusal,
} from './status.ts';
import { flagTarget } from './moderation.read.ts';
import * as repo from './moderation.repository.ts';
import { findPlatformRefBySlugOrId } from '../platforms/platform.service.ts';
import { findAccountRef } from '../accounts/account.service.ts';
import { confirmReseller } from '../reviews/review.service.ts';
import * as watchEvents from '../watch/watch.events.ts';
import { minuteMs, dayMs } from '../time.ts';
import { cacheTags, type CacheTag } from '../http/cache-tags.ts';
import { isOneOf } from '../one-of.ts';

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

export interface ModResult {
  eventId: number;
  /** Page-cache tags to drop after commit. */
  tags: CacheTag[];
}

export const noteMaxChars = 2000;
/** A claim lasts this long; a moderator who walks away frees the item by itself. */
export const claimTtlMs = 15 * minuteMs;

function conflict(messageKey: MessageKey, params?: Record<string, string | number>): DomainError {
  return new DomainError('conflict', { messageKey, status: 'CONFLICT', ...(params ? { params } : {}) });
}
function forbidden(messageKey: MessageKey): DomainError {
  return new DomainError('forbidden', { messageKey, status: 'FORBIDDEN' });
}
function notFound(): DomainError {
  return new DomainError('not_found', { messageKey: 'mod.error.notFound', status: 'NOT_FOUND' });
}

/** A moderator's note: one cleaned text, bounded. */
export function cleanNote(note: string | undefined, field = 'note', max = noteMaxChars): string {
  const errors = new FieldErrors();
  const s = validateText(errors, field, note, { max, required: false, tooLongKey: 'mod.error.noteTooLong' });
  errors.throwIfAny();
  return s ?? '';
}

function reasonOf(reason: string, field = 'reason'): FlagReason {
  if (!isFlagReason(reason)) throw new DomainError('invalid_input', { field, messageKey: 'mod.error.unknownReason' });
  return reason;
}

/** The checks every action on an item shares: not your own, not your platform, not claimed by someone else. */
async function checkActor(trx: Trx, actor: Actor, itemKey: string, who: { authorIds: ReadonlyArray<number | null>; platformIds: ReadonlyArray<number | null> }, nowMs: number): Promise<void> {
  if (who.authorIds.includes(actor.id)) throw forbidden('mod.error.ownPost');
  const pids = who.platformIds.filter((p): p is number => p !== null);
  if (await repo.representsPlatform(trx, actor.id, pids)) throw forbidden('mod.error.ownPlatform');
  const claim = await repo.findClaim(trx, itemKey, nowMs);
  if (claim && claim.moderatorId !== actor.id) throw conflict('mod.error.claimedBy', { handle: claim.handle });
}

/** Each refusal of the rules as the error the moderator sees (all are conflicts: the item moved on). */
const refusalMessages: Record<Refusal, MessageKey> = {
  already_handled: 'mod.error.alreadyHandled',
  not_removed: 'mod.appeal.notRemoved',
  appeal_exists: 'mod.appeal.already',
  not_active: 'mod.staff.notActive',
  not_applicable: 'mod.error.alreadyHandled',
};

/** The one check every command makes on the item's state: the next status, or the refusal as an error. */
function step(current: ItemStatus, action: ModAction, to?: PlatformStatus): ItemStatus {
  const t = transition(current, action, to);
  if (!t.ok) throw conflict(refusalMessages[t.refusal]);
  return t.status;
}

/** The status from the log alone (facets with a column are overruled by the caller). */
async function logStatus(trx: Trx, kind: ModSubjectKind, id: number): Promise<ItemStatus> {
  return reduceStatus(await repo.eventsFor(trx, kind, id));
}

async function logEvent(trx: Trx, actor: Actor, e: Omit<repo.NewEvent, 'moderatorId' | 'createdAt'>, nowMs: number): Promise<number> {
  const eventId = await repo.insertEvent(trx, { ...e, moderatorId: actor.id, createdAt: new Date(nowMs) });
  await repo.deleteClaim(trx, `${e.subjectKind}:${e.subjectId}`);
  return eventId;
}

// ── claims ──
export async function claimItem(db: Db, actorIn: Actor | null, itemKey: string, nowMs: number): Promise<{ heldBy: string }> {
  const actor = guardModerator(actorIn);
  if (!/^[a-z_]+:\d{1,12}$/.test(itemKey)) throw new DomainError('invalid_input', { messageKey: 'mod.error.notFound' });
  const holder = await repo.upsertClaim(db, itemKey, actor.id, nowMs, nowMs + claimTtlMs);
  if (holder !== actor.id) {
    const c = await repo.findClaim(db, itemKey, nowMs);
    throw conflict('mod.error.claimedBy', { handle: c?.handle ?? '?' });
  }
  return { heldBy: actor.handle };
}

export async function releaseClaim(db: Db, actorIn: Actor | null, itemKey: string): Promise<void> {
  const actor = guardModerator(actorIn);
  await repo.deleteClaim(db, itemKey, actor.id);
}

// ── flags ──
export interface FlagInput { targetKind: string; targetId: number; reason: string; note?: string }

/** Weight of a flag in queue order: the reporter's trust band, else their account age. */
export function reporterWeight(band: 'low' | 'medium' | 'high' | null, accountAgeDays: number): number {
  if (band === 'high') return 1;
  if (band === 'medium') return 0.7;
  if (band === 'low') return 0.3;
  // No model output yet: new accounts are where shill rings and mass-flaggers come from.
  if (accountAgeDays < 7) return 0.2;
  if (accountAgeDays < 30) return 0.5;
  if (accountAgeDays < 180) return 0.8;
  return 1;
}

/** How the queue shows a reporter's flag weight: a trust band, never the number (issue 6: bands only). */
export function reporterBand(weight: number): 'high' | 'medium' | 'low' {
  if (weight >= 0.9) return 'high';
  if (weight >= 0.5) return 'medium';
  return 'low';
}

export async function createFlag(db: Db, actorIn: Actor | null, input: FlagInput, nowMs: number, accountCreatedAtMs: number): Promise<{ flagId: number }> {
  const actor = guardWriter(actorIn);
  const targetKind = input.targetKind;
  if (!isFlagTargetKind(targetKind)) throw new DomainError('invalid_input', { messageKey: 'mod.error.notFound', status: 'NOT_FOUND' });
  const reason = reasonOf(input.reason);
  const note = cleanNote(input.note, 'note', flagNoteMaxChars);
  if (reasonsNeedingNote.has(reason) && !note) throw new DomainError('invalid_input', { field: 'note', messageKey: 'mod.flag.noteRequired' });
  // Only what readers can see: the flag page's own rule (flagTarget), so a forged POST for a removed
  // post, a post under one, or anything on an unapproved platform gets the page's not-found.
  if (!(await flagTarget(db, input.targetKind, input.targetId))) throw notFound();
  const target = await repo.targetInfo(db, input.targetKind, input.targetId);
  if (!target) throw notFound();
  if (target.authorId === actor.id && input.targetKind !== 'incident') throw forbidden('mod.flag.own');
  const band = await repo.trustBand(db, actor.id);
  const weight = reporterWeight(band, (nowMs - accountCreatedAtMs) / dayMs);
  try {
    const flagId = await repo.insertFlag(db, { reporterId: actor.id, targetKind, targetId: input.targetId, reason, note, weight, createdAt: new Date(nowMs) });
    return { flagId };
  } catch (e) {
    if (isUniqueViolation(e, 'flag_one_open_idx')) {
      throw conflict('mod.flag.duplicate');
    }
    throw e;
  }
}

/** Close the open flags on one item without removing it (not a violation). */
export async function dismissFlags(db: Db, actorIn: Actor | null, input: { targetKind: string; targetId: number; note?: string }, nowMs: number): Promise<ModResult> {
  const actor = guardModerator(actorIn);
  const note = cleanNote(input.note);
  // targetInfo finds nothing of any other kind either: the same refusal, now with a typed kind.
  const kind = input.targetKind;
  if (!isFlagTargetKind(kind)) throw notFound();
  return db.transaction().execute(async (trx) => {
    const target = await repo.targetInfo(trx, kind, input.targetId);
    if (!target) throw notFound();
    await checkActor(trx, actor, `${kind}:${input.targetId}`, { authorIds: [target.authorId], platformIds: [target.platformId] }, nowMs);
    // Closing first tells whether any were open; a refusal below rolls the closing back.
    const { reporterIds } = await repo.resolveOpenFlags(trx, kind, input.targetId, 'dismissed', actor.id, nowMs);
    step({ ...(await logStatus(trx, kind, input.targetId)), flags: reporterIds.length > 0 ? 'open' : 'none' }, 'dismiss_flags');
    const eventId = await logEvent(trx, actor, { action: 'dismiss_flags', subjectKind: kind, subjectId: input.targetId, platformId: target.platformId, reason: null, note }, nowMs);
    return { eventId, tags: [cacheTags.modlog] };
  });
}

/**
 * Mark the open flags on an item as abuse (e.g. a platform mass-flagging its negative
 * reviews). With alertPlatform, a public flag_abuse alert goes on that platform's page.
 */
export async function markFlagsAbusive(db: Db, actorIn: Actor | null, input: { targetKind: string; targetId: number; note?: string; alertPlatform?: boolean }, nowMs: number): Promise<ModResult> {
  const actor = guardModerator(actorIn);
  const note = cleanNote(input.note);
  // targetInfo finds nothing of any other kind either: the same refusal, now with a typed kind.
  const kind = input.targetKind;
  if (!isFlagTargetKind(kind)) throw notFound();
  const result = await db.transaction().execute(async (trx) => {
    const target = await repo.targetInfo(trx, kind, input.targetId);
    if (!target) throw notFound();
    await checkActor(trx, actor, `${kind}:${input.targetId}`, { authorIds: [target.authorId], platformIds: [target.platformId] }, nowMs);
    const { reporterIds } = await repo.resolveOpenFlags(trx, kind, input.targetId, 'abusive', actor.id, nowMs);
    step({ ...(await logStatus(trx, kind, input.targetId)), flags: reporterIds.length > 0 ? 'open' : 'none' }, 'mark_flags_abusive');
    const eventId = await logEvent(trx, actor, { action: 'mark_flags_abusive', subjectKind: kind, subjectId: input.targetId, platformId: target.platformId, reason: null, note }, nowMs);
    const tags: CacheTag[] = [cacheTags.modlog];
    if (input.alertPlatform && target.platformId !== null) {
      await repo.insertAlert(trx, { platformId: target.platformId, kind: 'flag_abuse', summary: note, eventId, createdAt: new Date(nowMs) });
      tags.push(cacheTags.platform(target.platformId), cacheTags.alerts);
    }
    return { eventId, tags };
  });
  return result;
}

/**
 * Mark every open flag of one reporter as abuse (a platform account mass-flagging its
 * negative reviews across many items). With a platform, a public flag_abuse alert.
 */
export async function markReporterFlagsAbusive(db: Db, actorIn: Actor | null, input: { reporter: string; platform?: string; note?: string }, nowMs: number): Promise<ModResult & { flags: number }> {
  const actor = guardModerator(actorIn);
  const note = cleanNote(input.note);
  if (!note) throw new DomainError('invalid_input', { field: 'note', messageKey: 'mod.error.noteRequired' });
  return db.transaction().execute(async (trx) => {
    const reporter = await findAccountRef(trx, normaliseIdentifier(cleanText(input.reporter, { singleLine: true })));
    if (!reporter) throw new DomainError('not_found', { field: 'reporter', messageKey: 'mod.staff.unknownHandle', status: 'NOT_FOUND' });
    if (reporter.id === actor.id) throw forbidden('mod.error.ownPost');
    const platformRef = input.platform ? cleanText(input.platform, { singleLine: true }).toLowerCase() : '';
    const platform = platformRef ? await findPlatformRefBySlugOrId(trx, platformRef) : undefined;
    if (platformRef && !platform) throw new DomainError('not_found', { field: 'platform', messageKey: 'mod.error.notFound', status: 'NOT_FOUND' });
    if (platform && (await repo.representsPlatform(trx, actor.id, [platform.id]))) throw forbidden('mod.error.ownPlatform');
    const n = await repo.resolveReporterFlags(trx, reporter.id, 'abusive', actor.id, nowMs);
    step({ ...(await logStatus(trx, 'account', reporter.id)), flags: n > 0 ? 'open' : 'none' }, 'mark_flags_abusive');
    const eventId = await logEvent(trx, actor, { action: 'mark_flags_abusive', subjectKind: 'account', subjectId: reporter.id, platformId: platform?.id ?? null, reason: null, note }, nowMs);
    const tags: CacheTag[] = [cacheTags.modlog];
    if (platform) {
      await repo.insertAlert(trx, { platformId: platform.id, kind: 'flag_abuse', summary: note, eventId, createdAt: new Date(nowMs) });
      tags.push(cacheTags.platform(platform.id), cacheTags.alerts);
    }
    return { eventId, tags, flags: n };
  });
}

// ── posts: remove / restore ──
export interface PostActionInput { kind: string; id: number; reason?: string; note?: string }

/** A post's current status: its log, with visibility from its state column (postVisibility). */
async function postStatus(trx: Trx, kind: PostKind, post: repo.PostRow): Promise<ItemStatus> {
  const fromLog = await logStatus(trx, kind, post.id);
  return { ...fromLog, visibility: postVisibility(post.state, fromLog.visibility) };
}

/**
 * The post's own cached page: only a review has one. (A follow-up, case report or reply shows
 * on its platform's page; its old `<kind>:<id>` tag matched no cached page.)
 */
function postPageTags(kind: PostKind, id: number): CacheTag[] {
  return kind === 'review' ? [cacheTags.review(id)] : [];
}

function postKindOf(kind: string): PostKind {
  if (!isPostKind(kind)) throw notFound();
  return kind;
}

export async function removePost(db: Db, actorIn: Actor | null, input: PostActionInput, nowMs: number): Promise<ModResult> {
  const actor = guardModerator(actorIn);
  const kind = postKindOf(input.kind);
  const reason = reasonOf(input.reason ?? '');
  const note = cleanNote(input.note);
  // Every removal is explained in public (the moderation log shows the note): an empty note is
  // refused whatever the reason (issue 18: a post was removed with no word on why).
  if (!note) throw new DomainError('invalid_input', { field: 'note', messageKey: 'mod.removal.noteRequired' });
  return db.transaction().execute(async (trx) => {
    const post = await repo.lockPost(trx, kind, input.id);
    if (!post) throw notFound();
    await checkActor(trx, actor, `${kind}:${post.id}`, { authorIds: [post.authorId], platformIds: [post.platformId] }, nowMs);
    const next = step(await postStatus(trx, kind, post), 'remove');
    const eventId = await logEvent(trx, actor, { action: 'remove', subjectKind: kind, subjectId: post.id, platformId: post.platformId, reason, note }, nowMs);
    await repo.setPostState(trx, kind, post.id, next.visibility === 'removed' ? 'removed' : 'published', reason, nowMs);
    if (kind === 'review') await enqueueSearch(trx, 'review', [post.id]);
    else if (kind === 'follow_up') await enqueueFollowUpReview(trx, post.id); // the review's document carries its 追评
    await repo.resolveOpenFlags(trx, kind, post.id, 'upheld', actor.id, nowMs);
    await requestRecompute(trx, `moderation:remove:${kind}:${post.id}`);
    return { eventId, tags: [cacheTags.modlog, cacheTags.platform(post.platformId), ...postPageTags(kind, post.id), cacheTags.user(post.authorId), cacheTags.home] };
  });
}

export async function restorePost(db: Db, actorIn: Actor | null, input: PostActionInput, nowMs: number): Promise<ModResult> {
  const actor = guardModerator(actorIn);
  const kind = postKindOf(input.kind);
  const note = cleanNote(input.note);
  return db.transaction().execute(async (trx) => {
    const post = await repo.lockPost(trx, kind, input.id);
    if (!post) throw notFound();
    await checkActor(trx, actor, `${kind}:${post.id}`, { authorIds: [post.authorId], platformIds: [post.platformId] }, nowMs);
    const next = step(await postStatus(trx, kind, post), 'restore');
    const eventId = await logEvent(trx, actor, { action: 'restore', subjectKind: kind, subjectId: post.id, platformId: post.platformId, reason: null, note }, nowMs);
    await repo.setPostState(trx, kind, post.id, next.visibility === 'removed' ? 'removed' : 'published', null, nowMs);
    if (kind === 'review') await enqueueSearch(trx, 'review', [post.id]);
    else if (kind === 'follow_up') await enqueueFollowUpReview(trx, post.id); // the review's document carries its 追评
    await requestRecompute(trx, `moderation:restore:${kind}:${post.id}`);
    return { eventId, tags: [cacheTags.modlog, cacheTags.platform(post.platformId), ...postPageTags(kind, post.id), cacheTags.user(post.authorId), cacheTags.home] };
  });
}

// ── ring removal ──
export interface RingInput {
  /** A model finding (kind 'ring'), or … */
  findingId?: number;
  /** … handles typed by the moderator (one per line or comma-separated). */
  handles?: string;
  accountIds?: number[];
  reason?: string;
  note?: string;
  banAccounts?: boolean;
}

export interface RingHooks {
  /** Test hook: called between steps inside the transaction (throw to abort midway). */
  afterStep?: (step: string) => Promise<void> | void;
}

export interface RingResult extends ModResult {
  accounts: number;
  postsRemoved: number;
  platforms: number[];
}

export const ringMaxAccounts = 2000;

/**
 * Remove every published post of every account in a ring, in ONE transaction with batch SQL
 * (one statement per post kind), log one event per post under one batch, raise a
 * ring_removed alert on each platform they boosted, and optionally ban the accounts.
 * All or nothing: any failure rolls back every change.
 */
export async function removeRing(db: Db, actorIn: Actor | null, input: RingInput, nowMs: number, hooks: RingHooks = {}): Promise<RingResult> {
  const actor = guardModerator(actorIn);
  const reason = reasonOf(input.reason ?? 'shill');
  const note = cleanNote(input.note);
  // A ring removal removes posts: explained in public like any removal (removePost above).
  if (!note) throw new DomainError('invalid_input', { field: 'note', messageKey: 'mod.removal.noteRequired' });
  return db.transaction().execute(async (trx) => {
    let accountIds: number[] = [...(input.accountIds ?? [])];
    let findingId: number | null = null;
    if (input.findingId !== undefined) {
      const f = await repo.lockFinding(trx, input.findingId);
      if (!f) throw notFound();
      step({ ...(await logStatus(trx, 'finding', f.id)), review: findingReview(f.state) }, 'ring_remove');
      findingId = f.id;
      accountIds.push(...f.account_ids.map(Number));
    }
    if (input.handles) {
      const handles = input.handles.split(/[\s,，、]+/).map((h) => h.trim()).filter(Boolean);
      for (const h of handles.slice(0, ringMaxAccounts)) {
        const a = await findAccountRef(trx, normaliseIdentifier(h));
        if (!a) throw new DomainError('invalid_input', { field: 'handles', messageKey: 'mod.ring.unknownHandle', params: { handle: h.slice(0, 32) } });
        accountIds.push(a.id);
      }
    }
    accountIds = [...new Set(accountIds)];
    if (accountIds.length === 0) throw new DomainError('invalid_input', { field: 'handles', messageKey: 'mod.ring.empty' });
    if (accountIds.length > ringMaxAccounts) throw new DomainError('invalid_input', { field: 'handles', messageKey: 'mod.ring.tooMany', params: { max: ringMaxAccounts } });
    if (accountIds.includes(actor.id)) throw forbidden('mod.error.ownPost');

    const subjectKey = findingId !== null ? `finding:${findingId}` : null;
    if (subjectKey) {
      const claim = await repo.findClaim(trx, subjectKey, nowMs);
      if (claim && claim.moderatorId !== actor.id) throw conflict('mod.error.claimedBy', { handle: claim.handle });
    }
    const createdAt = new Date(nowMs);
    // A ring that boosted one platform is logged under it (the log's platform filter finds it).
    const touched = await repo.platformsOfAccounts(trx, accountIds);
    const ringEventId = await repo.insertEvent(trx, {
      moderatorId: actor.id, action: 'ring_remove', subjectKind: findingId !== null ? 'finding' : 'ring', subjectId: findingId ?? accountIds.length,
      platformId: touched.length === 1 ? touched[0]! : null, reason, note, createdAt,
    });
    await hooks.afterStep?.('ring_event');
    const ev = { moderatorId: actor.id, reason, note, batchId: ringEventId, createdAt };
    // Each post: the rule for a removal (only a visible post) is the batch statement's `state = 'published'`.
    const removed: Array<{ kind: PostKind; id: number; platformId: number }> = [];
    for (const kind of postKinds) {
      const rows = await repo.removePostsOfAccounts(trx, kind, accountIds, ev);
      for (const r of rows) removed.push({ kind, ...r });
      await repo.upholdFlagsOnPosts(trx, kind, rows.map((r) => r.id), actor.id, nowMs);
      await hooks.afterStep?.(kind);
    }
    await enqueueSearch(trx, 'review', removed.filter((r) => r.kind === 'review').map((r) => r.id));
    const platforms = [...new Set(removed.map((r) => r.platformId))].sort((a, b) => a - b);
    // Refuse (and roll back) if the moderator represents a platform the ring touched.
    if (await repo.representsPlatform(trx, actor.id, platforms)) throw forbidden('mod.error.ownPlatform');
    if (input.banAccounts) {
      await repo.banAccounts(trx, accountIds, ev);
      await hooks.afterStep?.('ban');
    }
    for (const pid of platforms) {
      const n = removed.filter((r) => r.platformId === pid).length;
      await repo.insertAlert(trx, { platformId: pid, kind: 'ring_removed', summary: `${accountIds.length}:${n}`, eventId: ringEventId, createdAt });
    }
    if (findingId !== null) {
      await repo.setFindingState(trx, findingId, 'actioned', nowMs);
      await repo.deleteClaim(trx, `finding:${findingId}`);
    }
    // A burst made only of the ring's reviews is handled by this removal: it leaves the queue.
    const covered = await repo.actionBurstsCoveredBy(trx, removed.filter((r) => r.kind === 'review').map((r) => r.id), nowMs);
    for (const id of covered) await repo.deleteClaim(trx, `finding:${id}`);
    await requestRecompute(trx, `moderation:ring:${ringEventId}`);
    await hooks.afterStep?.('done');
    return {
      eventId: ringEventId, accounts: accountIds.length, postsRemoved: removed.length, platforms,
      tags: [cacheTags.modlog, cacheTags.home, cacheTags.alerts, cacheTags.directory, ...platforms.map((p) => cacheTags.platform(p)), ...accountIds.map((a) => cacheTags.user(a))],
    };
  });
}

// ── one decision on one item (findings, proofs, evidence, submissions, claims) ──
/** What the shared decide flow needs to know about a locked item. */
interface LockedItem {
  id: number;
  /** Whose work it is: the moderator may not be one of them. */
  authorIds: ReadonlyArray<number | null>;
  /** Which platforms it concerns: the moderator may not represent one. */
  platformIds: ReadonlyArray<number | null>;
  /** The review facet its state column caches (the rules refuse anything but pending). */
  review: ItemStatus['review'];
}

/** What the log records about a decision (the subject and the moderator are added). */
interface LoggedEvent {
  action: ModAction;
  platformId: number | null;
  reason: string | null;
  note: string;
}

/**
 * One decision on one item, in one transaction: row lock, self-interest and claim checks,
 * the transition rules ("already handled"), the log event, then `apply` makes the change and
 * returns the page tags it touched. Role and input checks come before, in the callers
 * (decidePending, decideFinding).
 */
async function decideLocked<T>(
  db: Db,
  actor: Actor,
  id: number,
  nowMs: number,
  spec: {
    subjectKind: 'proof' | 'evidence' | 'platform' | 'claim' | 'finding';
    lock: (trx: Trx, id: number) => Promise<T | undefined>;
    describe: (row: T) => LockedItem;
    event: (row: T) => LoggedEvent;
    apply: (trx: Trx, row: T, eventId: number) => Promise<CacheTag[]>;
  },
): Promise<ModResult> {
  return db.transaction().execute(async (trx) => {
    const row = await spec.lock(trx, id);
    if (!row) throw notFound();
    const item = spec.describe(row);
    await checkActor(trx, actor, `${spec.subjectKind}:${item.id}`, { authorIds: item.authorIds, platformIds: item.platformIds }, nowMs);
    const event = spec.event(row);
    step({ ...(await logStatus(trx, spec.subjectKind, item.id)), review: item.review }, event.action);
    const eventId = await logEvent(trx, actor, { ...event, subjectKind: spec.subjectKind, subjectId: item.id }, nowMs);
    const tags = await spec.apply(trx, row, eventId);
    return { eventId, tags };
  });
}

/**
 * Dismiss or confirm a model finding. A finding names several accounts and platforms: the
 * moderator may be none of the accounts and represent none of the platforms.
 */
async function decideFinding(
  db: Db,
  actorIn: Actor | null,
  input: { findingId: number; note?: string },
  nowMs: number,
  spec: {
    event: (f: Finding, note: string) => LoggedEvent;
    apply: (trx: Trx, f: Finding, eventId: number) => Promise<CacheTag[]>;
  },
): Promise<ModResult> {
  const actor = guardModerator(actorIn);
  const note = cleanNote(input.note);
  return decideLocked(db, actor, input.findingId, nowMs, {
    subjectKind: 'finding',
    lock: repo.lockFinding,
    describe: (f) => ({ id: f.id, authorIds: f.account_ids.map(Number), platformIds: f.platform_ids.map(Number), review: findingReview(f.state) }),
    event: (f) => spec.event(f, note),
    apply: spec.apply,
  });
}

type Finding = NonNullable<Awaited<ReturnType<typeof repo.lockFinding>>>;

/** The platform a finding is logged under: its first one. */
function findingPlatformId(f: Finding): number | null {
  return f.platform_ids[0] !== undefined ? Number(f.platform_ids[0]) : null;
}

export async function dismissFinding(db: Db, actorIn: Actor | null, input: { findingId: number; note?: string }, nowMs: number): Promise<ModResult> {
  return decideFinding(db, actorIn, input, nowMs, {
    event: (f, note) => ({ action: 'dismiss_finding', platformId: findingPlatformId(f), reason: null, note }),
    apply: async (trx, f) => {
      await repo.setFindingState(trx, f.id, 'dismissed', nowMs);
      return [cacheTags.modlog];
    },
  });
}

/**
 * Confirm brushing (刷单) found by the model's burst finding on a platform: public alert,
 * finding actioned. Removing the posts themselves is a ring removal or single removals.
 */
export async function confirmBrushing(db: Db, actorIn: Actor | null, input: { findingId: number; note?: string }, nowMs: number): Promise<ModResult> {
  return decideFinding(db, actorIn, input, nowMs, {
    event: (f, note) => ({ action: 'confirm', platformId: findingPlatformId(f), reason: 'brushing', note }),
    apply: async (trx, f, eventId) => {
      await repo.setFindingState(trx, f.id, 'actioned', nowMs);
      const platformId = findingPlatformId(f);
      const tags: CacheTag[] = [cacheTags.modlog];
      if (platformId !== null) {
        await repo.insertAlert(trx, { platformId, kind: 'brushing', summary: `${f.review_ids.length}`, eventId, createdAt: new Date(nowMs) });
        tags.push(cacheTags.platform(platformId), cacheTags.alerts);
      }
      await requestRecompute(trx, `moderation:brushing:${f.id}`);
      return tags;
    },
  });
}

// ── submissions: proofs, evidence, platform submissions, representative claims ──
export type Decision = 'approve' | 'reject';

function decisionOf(d: string): Decision {
  if (d !== 'approve' && d !== 'reject') throw new DomainError('invalid_input', { field: 'decision', messageKey: 'field.choice' });
  return d;
}

/** What the shared decide flow needs to know about a pending item. */
interface PendingItem {
  id: number;
  authorId: number | null;
  platformId: number;
  state: 'pending' | 'verified' | 'approved' | 'rejected';
}

/**
 * Approve or reject one pending item (proof, evidence, platform submission, representative
 * claim): role check, decision and note checks, then decideLocked. `apply` makes the change
 * and returns the page tags it touched.
 */
async function decidePending<T>(
  db: Db,
  actorIn: Actor | null,
  input: { id: number; decision: string; note?: string },
  nowMs: number,
  spec: {
    subjectKind: 'proof' | 'evidence' | 'platform' | 'claim';
    noteRequiredOnReject: boolean;
    lock: (trx: Trx, id: number) => Promise<T | undefined>;
    describe: (item: T) => PendingItem;
    apply: (trx: Trx, item: T, decision: Decision, note: string, actor: Actor) => Promise<CacheTag[]>;
  },
): Promise<ModResult> {
  const actor = guardModerator(actorIn);
  const decision = decisionOf(input.decision);
  const note = cleanNote(input.note);
  if (spec.noteRequiredOnReject && decision === 'reject' && !note) {
    throw new DomainError('invalid_input', { field: 'note', messageKey: 'mod.error.noteRequired' });
  }
  return decideLocked(db, actor, input.id, nowMs, {
    subjectKind: spec.subjectKind,
    lock: spec.lock,
    describe: (row) => {
      const item = spec.describe(row);
      return { id: item.id, authorIds: [item.authorId], platformIds: [item.platformId], review: submissionReview(item.state) };
    },
    event: (row) => ({ action: decision, platformId: spec.describe(row).platformId, reason: null, note }),
    apply: (trx, row) => spec.apply(trx, row, decision, note, actor),
  });
}

export async function decideProof(db: Db, actorIn: Actor | null, input: { id: number; decision: string; note?: string }, nowMs: number): Promise<ModResult> {
  return decidePending(db, actorIn, input, nowMs, {
    subjectKind: 'proof',
    noteRequiredOnReject: true,
    lock: repo.lockProof,
    describe: (p) => ({ id: p.id, authorId: p.account_id, platformId: p.platform_id, state: p.state }),
    apply: async (trx, p, decision, note, actor) => {
      await repo.setProofState(trx, { id: p.id, reviewId: p.review_id, caseReportId: p.case_report_id }, decision === 'approve' ? 'verified' : 'rejected', note || null, actor.id, nowMs);
      await requestRecompute(trx, `moderation:proof:${p.id}`);
      // A verified case-report proof confirms its author as a reseller and releases their held case reports.
      const released = p.case_report_id && decision === 'approve' ? await confirmReseller(trx, p.account_id, nowMs) : [];
      return [cacheTags.modlog, cacheTags.platform(p.platform_id), ...(p.review_id ? [cacheTags.review(p.review_id)] : []), ...released];
    },
  });
}

export async function decideEvidence(db: Db, actorIn: Actor | null, input: { id: number; decision: string; note?: string }, nowMs: number): Promise<ModResult> {
  return decidePending(db, actorIn, input, nowMs, {
    subjectKind: 'evidence',
    noteRequiredOnReject: true,
    lock: repo.lockEvidence,
    describe: (q) => ({ id: q.id, authorId: q.submitted_by, platformId: q.platform_id, state: q.state }),
    apply: async (trx, q, decision, note, actor) => {
      await repo.setEvidenceState(trx, q.id, decision === 'approve' ? 'verified' : 'rejected', note || null, actor.id, nowMs);
      await requestRecompute(trx, `moderation:evidence:${q.id}`);
      return [cacheTags.modlog, cacheTags.platform(q.platform_id), cacheTags.directory];
    },
  });
}

export async function decideSubmission(db: Db, actorIn: Actor | null, input: { id: number; decision: string; note?: string }, nowMs: number): Promise<ModResult> {
  return decidePending(db, actorIn, input, nowMs, {
    subjectKind: 'platform',
    noteRequiredOnReject: true,
    lock: repo.lockPlatform,
    describe: (p) => ({ id: p.id, authorId: p.submitted_by, platformId: p.id, state: p.approval }),
    apply: async (trx, p, decision, note) => {
      await repo.setPlatformApproval(trx, p.id, decision === 'approve' ? 'approved' : 'rejected', note || null, nowMs);
      // approved: the platform (and any review of it) becomes searchable
      await enqueueSearch(trx, 'platform', [p.id]);
      await enqueueSearch(trx, 'review', await repo.reviewIdsOfPlatform(trx, p.id));
      await requestRecompute(trx, `moderation:submission:${p.id}`);
      return [cacheTags.modlog, cacheTags.platform(p.id), cacheTags.directory, cacheTags.home, cacheTags.ranking];
    },
  });
}

export async function decideClaim(db: Db, actorIn: Actor | null, input: { id: number; decision: string; note?: string }, nowMs: number): Promise<ModResult> {
  return decidePending(db, actorIn, input, nowMs, {
    subjectKind: 'claim',
    noteRequiredOnReject: false,
    lock: repo.lockClaim,
    describe: (c) => ({ id: c.id, authorId: c.account_id, platformId: c.platform_id, state: c.state }),
    apply: async (trx, c, decision, _note, actor) => {
      await repo.setClaimState(trx, c.id, decision === 'approve' ? 'verified' : 'rejected', actor.id, nowMs);
      return [cacheTags.modlog, cacheTags.platform(c.platform_id)];
    },
  });
}

// ── incidents and platform status ──
export async function decideIncident(db: Db, actorIn: Actor | null, input: { id: number; decision: string; note?: string }, nowMs: number): Promise<ModResult> {
  const actor = guardModerator(actorIn);
  const decision = input.decision;
  if (decision !== 'accept' && decision !== 'reject' && decision !== 'confirm') throw new DomainError('invalid_input', { field: 'decision', messageKey: 'field.choice' });
  const note = cleanNote(input.note);
  if ((decision === 'reject' || decision === 'confirm') && !note) throw new DomainError('invalid_input', { field: 'note', messageKey: 'mod.error.noteRequired' });
  return db.transaction().execute(async (trx) => {
    const i = await repo.lockIncident(trx, input.id);
    if (!i) throw notFound();
    await checkActor(trx, actor, `incident:${i.id}`, { authorIds: [i.reporter_id], platformIds: [i.platform_id] }, nowMs);
    const fromLog = await logStatus(trx, 'incident', i.id);
    step({ ...fromLog, review: incidentReview(i.status, fromLog.review) }, decision);
    const eventId = await logEvent(trx, actor, { action: decision, subjectKind: 'incident', subjectId: i.id, platformId: i.platform_id, reason: null, note }, nowMs);
    // The case page is cached under its platform's tag (there is no per-case tag).
    const tags: CacheTag[] = [cacheTags.modlog, cacheTags.platform(i.platform_id)];
    if (decision === 'reject') {
      await repo.setIncidentStatus(trx, { id: i.id, status: 'rejected', reason: note, byId: actor.id, note, nowMs });
      await watchEvents.caseStatus(trx, { platformId: i.platform_id, incidentId: i.id, status: 'rejected', actorId: actor.id, nowMs });
    } else if (decision === 'accept') {
      await repo.setIncidentStatus(trx, { id: i.id, status: 'accepted', reason: null, byId: actor.id, note, nowMs });
      await watchEvents.caseStatus(trx, { platformId: i.platform_id, incidentId: i.id, status: 'accepted', actorId: actor.id, nowMs });
      // An accepted complaint is verdict evidence (black keys, a blocked withdrawal, a contradicted refund promise).
      await requestRecompute(trx, `moderation:incident:${i.id}`);
      tags.push(cacheTags.directory, cacheTags.ranking);
    } else {
      if (i.status === 'submitted') {
        await repo.setIncidentStatus(trx, { id: i.id, status: 'accepted', reason: null, byId: actor.id, note, nowMs });
        await watchEvents.caseStatus(trx, { platformId: i.platform_id, incidentId: i.id, status: 'accepted', actorId: actor.id, nowMs });
      } else await repo.insertIncidentNote(trx, { incidentId: i.id, byId: actor.id, note, statusTo: null, nowMs });
      if (i.kind === 'exit_scam') {
        await exitScam(trx, actor, i.platform_id, `${i.case_no}: ${note}`, eventId, nowMs);
        tags.push(cacheTags.directory, cacheTags.ranking, cacheTags.home, cacheTags.alerts);
      }
      await requestRecompute(trx, `moderation:incident:${i.id}`);
    }
    // A rejected case leaves search; an accepted or confirmed one carries its new status tag.
    await enqueueSearch(trx, 'incident', [i.id]);
    return { eventId, tags };
  });
}

/** A confirmed 跑路: platform status exit_scam (with date and evidence), a status-change row, an alert that never lifts. */
async function exitScam(trx: Trx, actor: Actor, platformId: number, evidence: string, eventId: number, nowMs: number): Promise<void> {
  const p = await repo.lockPlatform(trx, platformId);
  if (!p) throw notFound();
  // Already 跑路 (another case confirmed it first): the new confirmation is in the log, but the
  // platform keeps its one alert, so its page and the home page do not warn twice.
  if (p.status === 'exit_scam' && (await repo.alertsFor(trx, platformId)).some((a) => a.kind === 'exit_scam')) return;
  if (p.status !== 'exit_scam') {
    await repo.setPlatformStatus(trx, { id: p.id, from: p.status, to: 'exit_scam', evidence, by: actor.id, nowMs });
    await watchEvents.statusChanged(trx, { platformId: p.id, from: p.status, to: 'exit_scam', actorId: actor.id, nowMs });
  }
  await repo.insertAlert(trx, { platformId, kind: 'exit_scam', summary: evidence.slice(0, 500), eventId, createdAt: new Date(nowMs) });
}

export async function setPlatformStatus(db: Db, actorIn: Actor | null, input: { platformId?: number; platform?: string; status: string; note?: string }, nowMs: number): Promise<ModResult> {
  const actor = guardModerator(actorIn);
  let platformId = input.platformId;
  if (platformId === undefined) {
    const found = await findPlatformRefBySlugOrId(db, cleanText(input.platform ?? '', { singleLine: true }).toLowerCase());
    if (!found) throw new DomainError('not_found', { field: 'platform', messageKey: 'mod.error.notFound', status: 'NOT_FOUND' });
    platformId = found.id;
  }
  const to = input.status;
  if (!isPlatformStatus(to)) throw new DomainError('invalid_input', { field: 'status', messageKey: 'field.choice' });
  const note = cleanNote(input.note);
  if (!note) throw new DomainError('invalid_input', { field: 'note', messageKey: 'mod.error.noteRequired' });
  return db.transaction().execute(async (trx) => {
    const p = await repo.lockPlatform(trx, platformId);
    if (!p) throw notFound();
    await checkActor(trx, actor, `platform:${p.id}`, { authorIds: [], platformIds: [p.id] }, nowMs);
    step({ ...(await logStatus(trx, 'platform', p.id)), platform: p.status }, 'set_status', to);
    const eventId = await logEvent(trx, actor, { action: 'set_status', subjectKind: 'platform', subjectId: p.id, platformId: p.id, reason: to, note }, nowMs);
    if (to === 'exit_scam') await exitScam(trx, actor, p.id, note, eventId, nowMs);
    else {
      await repo.setPlatformStatus(trx, { id: p.id, from: p.status, to, evidence: note, by: actor.id, nowMs });
      await watchEvents.statusChanged(trx, { platformId: p.id, from: p.status, to, actorId: actor.id, nowMs });
    }
    await requestRecompute(trx, `moderation:status:${p.id}`);
    return { eventId, tags: [cacheTags.modlog, cacheTags.platform(p.id), cacheTags.directory, cacheTags.ranking, cacheTags.home, cacheTags.alerts] };
  });
}

export async function decideFact(db: Db, actorIn: Actor | null, input: { id?: number; platform?: string; factKey?: string; provenance: string; note?: string }, nowMs: number): Promise<ModResult> {
  const actor = guardModerator(actorIn);
  if (input.provenance !== 'verified' && input.provenance !== 'contradicted') throw new DomainError('invalid_input', { field: 'provenance', messageKey: 'field.choice' });
  const note = cleanNote(input.note);
  return db.transaction().execute(async (trx) => {
    let factId = input.id;
    if (factId === undefined) {
      // a platform (slug or id) and a fact key, as moderators see them on the platform page
      const platform = await findPlatformRefBySlugOrId(trx, cleanText(input.platform ?? '', { singleLine: true }).toLowerCase());
      if (!platform) throw new DomainError('not_found', { field: 'platform', messageKey: 'mod.error.notFound', status: 'NOT_FOUND' });
      factId = await repo.findFactId(trx, platform.id, input.factKey ?? '');
      if (factId === undefined) throw new DomainError('not_found', { field: 'factKey', messageKey: 'mod.fact.unknown', status: 'NOT_FOUND' });
    }
    const f = await repo.lockFact(trx, factId);
    if (!f) throw notFound();
    await checkActor(trx, actor, `fact:${f.id}`, { authorIds: [f.asserted_by], platformIds: [f.platform_id] }, nowMs);
    const action = input.provenance === 'verified' ? 'verify_fact' : 'contradict_fact';
    step({ ...(await logStatus(trx, 'fact', f.id)), provenance: f.provenance }, action);
    const eventId = await logEvent(trx, actor, { action, subjectKind: 'fact', subjectId: f.id, platformId: f.platform_id, reason: null, note }, nowMs);
    await repo.setFactProvenance(trx, f.id, input.provenance as 'verified' | 'contradicted', note, nowMs);
    await requestRecompute(trx, `moderation:fact:${f.id}`);
    return { eventId, tags: [cacheTags.modlog, cacheTags.platform(f.platform_id)] };
  });
}

// ── accounts ──
export { sanctions };
function isSanction(s: string): s is Sanction {
  return isOneOf(sanctions, s);
}

/** An account's current status: its log, with standing and role from its columns. */
async function accountStatus(trx: Trx, a: { id: number; status: 'active' | 'suspended' | 'banned'; role: 'member' | 'moderator' | 'admin' }): Promise<ItemStatus> {
  const fromLog = await logStatus(trx, 'account', a.id);
  return { ...fromLog, standing: accountStanding(a.status, fromLog.standing), role: a.role };
}

export async function sanctionAccount(db: Db, actorIn: Actor | null, input: { accountId?: number; account?: string; action: string; reason?: string; note?: string }, nowMs: number): Promise<ModResult> {
  const actor = guardModerator(actorIn);
  let accountId = input.accountId;
  if (accountId === undefined) {
    // a handle, or a numeric id typed into the same field
    const ref = cleanText(input.account ?? '', { singleLine: true });
    const found = /^\d{1,12}$/.test(ref) ? { id: Number(ref) } : await findAccountRef(db, normaliseIdentifier(ref));
    if (!found) throw new DomainError('not_found', { field: 'account', messageKey: 'mod.staff.unknownHandle', status: 'NOT_FOUND' });
    accountId = found.id;
  }
  const action = input.action;
  if (!isSanction(action)) throw new DomainError('invalid_input', { field: 'action', messageKey: 'field.choice' });
  const reason = action === 'reinstate' ? null : reasonOf(input.reason ?? '');
  const note = cleanNote(input.note);
  return db.transaction().execute(async (trx) => {
    const a = await repo.lockAccountRow(trx, accountId);
    if (!a) throw notFound();
    if (a.id === actor.id) throw forbidden('mod.error.ownPost');
    // staff are answerable to admins only
    if (a.role !== 'member' && actor.role !== 'admin') throw forbidden('mod.error.staffTarget');
    await checkActor(trx, actor, `account:${a.id}`, { authorIds: [], platformIds: [] }, nowMs);
    const next = step(await accountStatus(trx, a), action);
    const eventId = await logEvent(trx, actor, { action, subjectKind: 'account', subjectId: a.id, platformId: null, reason, note }, nowMs);
    const column = next.standing === 'banned' ? 'banned' : next.standing === 'suspended' ? 'suspended' : 'active';
    if (action !== 'warn') await repo.setAccountStanding(trx, a.id, column, reason);
    return { eventId, tags: [cacheTags.modlog, cacheTags.user(a.id)] };
  });
}

// ── roles (admins only) ──
export async function setModerator(db: Db, actorIn: Actor | null, input: { handle: string; appoint: boolean; note?: string }, nowMs: number): Promise<ModResult> {
  const actor = guardAdmin(actorIn);
  const note = cleanNote(input.note);
  return db.transaction().execute(async (trx) => {
    const found = await findAccountRef(trx, normaliseIdentifier(cleanText(input.handle, { singleLine: true })));
    if (!found) throw new DomainError('not_found', { field: 'handle', messageKey: 'mod.staff.unknownHandle', status: 'NOT_FOUND' });
    const a = await repo.lockAccountRow(trx, found.id);
    if (!a) throw notFound();
    if (a.id === actor.id || a.role === 'admin') throw forbidden('mod.staff.cannotChangeAdmin');
    const action = input.appoint ? 'appoint_moderator' : 'dismiss_moderator';
    step(await accountStatus(trx, a), action);
    const eventId = await logEvent(trx, actor, { action, subjectKind: 'account', subjectId: a.id, platformId: null, reason: null, note }, nowMs);
    await repo.setAccountRole(trx, a.id, input.appoint ? 'moderator' : 'member');
    // user:<id>: the profile shows the role, and signed-in copies of the session (session-peek.ts) hold it.
    return { eventId, tags: [cacheTags.modlog, cacheTags.user(a.id)] };
  });
}

// ── appeals ──
export const appealMaxChars = 2000;

/** The author of a removed post appeals once, with text; logged so the log shows both sides. */
export async function fileAppeal(db: Db, actorIn: Actor | null, input: { kind: string; id: number; body: string }, nowMs: number): Promise<{ appealId: number; tags: CacheTag[] }> {
  const actor = guardSignedIn(actorIn);
  const kind = postKindOf(input.kind);
  const errors = new FieldErrors();
  const body = validateText(errors, 'body', input.body, { max: appealMaxChars }) ?? '';
  errors.throwIfAny();
  return db.transaction().execute(async (trx) => {
    const post = await repo.lockPost(trx, kind, input.id);
    if (!post || post.authorId !== actor.id) throw notFound();
    // The appeal row is the column of the appeal facet: one per post, ever (a second removal
    // after an overturn is not appealed again).
    const status: ItemStatus = { ...(await postStatus(trx, kind, post)), appeal: (await repo.findAppeal(trx, kind, post.id))?.state ?? 'none' };
    step(status, 'appeal');
    const appealId = await repo.insertAppeal(trx, { subjectKind: kind, subjectId: post.id, accountId: actor.id, body, removedBy: status.removedBy, createdAt: new Date(nowMs) });
    // The filing is public too (moderator_id NULL: not a moderator's act); the text stays private.
    await repo.insertEvent(trx, { moderatorId: null, action: 'appeal', subjectKind: kind, subjectId: post.id, platformId: post.platformId, reason: null, note: '', createdAt: new Date(nowMs) });
    return { appealId, tags: [cacheTags.modlog] };
  });
}

/** A DIFFERENT moderator than the one who removed decides: uphold the removal or overturn (restore). */
export async function decideAppeal(db: Db, actorIn: Actor | null, input: { appealId: number; decision: string; note?: string }, nowMs: number): Promise<ModResult> {
  const actor = guardModerator(actorIn);
  const decision = input.decision;
  if (decision !== 'uphold' && decision !== 'overturn') throw new DomainError('invalid_input', { field: 'decision', messageKey: 'field.choice' });
  const note = cleanNote(input.note);
  if (!note) throw new DomainError('invalid_input', { field: 'note', messageKey: 'mod.error.noteRequired' });
  return db.transaction().execute(async (trx) => {
    const ap = await repo.lockAppeal(trx, input.appealId);
    if (!ap) throw notFound();
    const kind = postKindOf(ap.subject_kind);
    const post = await repo.lockPost(trx, kind, ap.subject_id);
    if (!post) throw notFound();
    const current = { ...(await postStatus(trx, kind, post)), appeal: ap.state };
    const next = step(current, decision);
    if (ap.removed_by === actor.id) throw forbidden('mod.appeal.sameModerator');
    await checkActor(trx, actor, `appeal:${ap.id}`, { authorIds: [post.authorId], platformIds: [post.platformId] }, nowMs);
    const eventId = await logEvent(trx, actor, { action: decision, subjectKind: kind, subjectId: post.id, platformId: post.platformId, reason: null, note }, nowMs);
    await repo.decideAppealRow(trx, ap.id, decision === 'uphold' ? 'upheld' : 'overturned', actor.id, note, nowMs);
    // overturned: the post is published again (a post its author deleted meanwhile stays deleted)
    if (current.visibility === 'removed' && next.visibility === 'visible' && post.state === 'removed') {
      await repo.setPostState(trx, kind, post.id, 'published', null, nowMs);
      if (kind === 'review') await enqueueSearch(trx, 'review', [post.id]);
      else if (kind === 'follow_up') await enqueueFollowUpReview(trx, post.id);
      await requestRecompute(trx, `moderation:appeal:${ap.id}`);
    }
    await repo.deleteClaim(trx, `appeal:${ap.id}`);
    return { eventId, tags: [cacheTags.modlog, cacheTags.platform(post.platformId), ...postPageTags(kind, post.id), cacheTags.user(post.authorId)] };
  });
}

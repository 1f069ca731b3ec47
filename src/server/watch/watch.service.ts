// Watchlists (issue 17 item 5): a member follows a platform or a case, chooses how mail comes
// (immediately, a daily digest, or none), reads an inbox, and may keep a private Atom feed whose
// URL carries a secret token (only its SHA-256 is stored; revoking deletes it). Mail carries a
// one-click unsubscribe link signed with the server secret, so it works without logging in.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError } from '../errors.ts';
import { generateSessionToken, hashSessionSecret, parseSessionToken, verifySessionSecret } from '../accounts/session-token.ts';
import * as repo from './watch.repository.ts';
import { findPlatformRef } from '../platforms/platform.service.ts';
import { findIncidentRef } from '../incidents/incident.service.ts';
import { cacheTags, type WithTags } from '../http/cache-tags.ts';
import { emailModes, isEmailMode, type EmailMode, type WatchSubjectKind } from './watch.table.ts';
import { dayMs } from '../time.ts';

type Db = Kysely<Database>;

// The list is the table's (watch.table.ts); the settings form and its action read it here.
export { emailModes };

/** Enough for anyone following their suppliers; bounds what one account can make the worker do. */
export const maxWatchesPerAccount = 200;

/** Who is asking: the signed-in account (null when anonymous). */
export type WatchActor = { id: number; status: 'active' | 'suspended' | 'banned' } | null;

/**
 * Follows, mail settings and the feed belong to active members: checked here as well as in the
 * actions, so a forged form is refused whatever the page showed. (Suspended accounts get no
 * notifications either: watch.repository.ts followers.)
 */
export function guardMember(actor: WatchActor): number {
  if (!actor) throw new DomainError('unauthenticated');
  if (actor.status !== 'active') throw new DomainError('suspended');
  return actor.id;
}

export type WatchTarget = { kind: 'platform'; platformId: number } | { kind: 'incident'; caseNo: string };

export interface ResolvedTarget { kind: WatchSubjectKind; subjectId: number; path: string }

async function resolveTarget(db: Db, target: WatchTarget): Promise<ResolvedTarget> {
  if (target.kind === 'platform') {
    const p = await findPlatformRef(db, { id: target.platformId });
    // Only approved platforms can be followed.
    if (!p || p.approval !== 'approved') throw new DomainError('not_found', { messageKey: 'watch.error.notFound', status: 'NOT_FOUND' });
    return { kind: 'platform', subjectId: p.id, path: `/platforms/${p.slug}` };
  }
  const caseNo = typeof target.caseNo === 'string' ? target.caseNo.trim() : '';
  const i = /^[A-Za-z0-9-]{1,40}$/.test(caseNo) ? await findIncidentRef(db, caseNo) : null;
  if (!i) throw new DomainError('not_found', { messageKey: 'watch.error.notFound', status: 'NOT_FOUND' });
  return { kind: 'incident', subjectId: i.id, path: `/incidents/${i.caseNo}` };
}

/** Follow (idempotent: following twice is one follow). Returns the page to go back to. */
export async function follow(db: Db, actor: WatchActor, target: WatchTarget, nowMs: number): Promise<WithTags<ResolvedTarget>> {
  const accountId = guardMember(actor);
  const t = await resolveTarget(db, target);
  if (await repo.isWatching(db, accountId, t.kind, t.subjectId)) return { ...t, tags: [] };
  if ((await repo.countWatches(db, accountId)) >= maxWatchesPerAccount) {
    throw new DomainError('conflict', { messageKey: 'watch.error.tooMany', params: { max: maxWatchesPerAccount }, status: 'CONFLICT' });
  }
  await repo.addWatch(db, accountId, t.kind, t.subjectId, new Date(nowMs));
  // viewer:<id>: the reader's follow button on shared member renders (http/member-pages.ts).
  return { ...t, tags: [cacheTags.viewer(accountId)] };
}

/** Unfollow (idempotent). */
export async function unfollow(db: Db, actor: WatchActor, target: WatchTarget): Promise<WithTags<ResolvedTarget>> {
  const accountId = guardMember(actor);
  const t = await resolveTarget(db, target);
  await repo.removeWatch(db, accountId, t.kind, t.subjectId);
  return { ...t, tags: [cacheTags.viewer(accountId)] };
}

export function isFollowing(db: Db, accountId: number, kind: WatchSubjectKind, subjectId: number): Promise<boolean> {
  return repo.isWatching(db, accountId, kind, subjectId);
}

export function listFollows(db: Db, accountId: number) {
  return repo.listWatches(db, accountId);
}

// ── preferences ──
export interface WatchPrefs { emailMode: EmailMode; hasFeed: boolean }

export async function loadPrefs(db: Db, accountId: number): Promise<WatchPrefs> {
  const p = await repo.findPref(db, accountId);
  return { emailMode: p?.emailMode ?? 'immediate', hasFeed: !!p?.feedTokenId };
}

export async function setEmailMode(db: Db, actor: WatchActor, mode: string, nowMs: number): Promise<void> {
  const accountId = guardMember(actor);
  if (!isEmailMode(mode)) throw new DomainError('invalid_input', { field: 'emailMode', messageKey: 'field.choice' });
  await repo.setEmailMode(db, accountId, mode, new Date(nowMs));
}

// ── the private feed ──
/** A new feed token (any earlier one stops working). Shown once: only its hash is kept. */
export async function createFeedToken(db: Db, actor: WatchActor, nowMs: number): Promise<string> {
  const accountId = guardMember(actor);
  const { id, secret, token } = generateSessionToken();
  await repo.setFeedToken(db, accountId, id, hashSessionSecret(secret), new Date(nowMs));
  return token;
}

export async function revokeFeedToken(db: Db, actor: WatchActor, nowMs: number): Promise<void> {
  const accountId = guardMember(actor);
  await repo.setFeedToken(db, accountId, null, null, new Date(nowMs));
}

/** The active member a feed token belongs to, or null (unknown, revoked, wrong secret, account not active). */
export async function feedOwner(db: Db, token: string): Promise<{ accountId: number; handle: string; locale: 'zh-CN' | 'en' } | null> {
  const parsed = parseSessionToken(token);
  if (!parsed) return null;
  const row = await repo.findAccountByFeedTokenId(db, parsed.id);
  if (!row || row.status !== 'active' || !verifySessionSecret(parsed.secret, row.secretHash)) return null;
  return { accountId: row.accountId, handle: row.handle, locale: row.locale };
}

// ── one-click unsubscribe (RFC 8058) ──
function unsubscribeKey(appSecret: string): Buffer {
  // HKDF (RFC 5869) info keeps this key apart from every other key made from the same secret.
  return Buffer.from(hkdfSync('sha256', appSecret, 'kaopu-watch', 'kaopu:watch-unsubscribe:v1', 32));
}

/** `<account id>.<HMAC-SHA256 of it>`: needs no row, survives restarts, forgeable only with the server secret. */
export function unsubscribeToken(appSecret: string, accountId: number): string {
  const mac = createHmac('sha256', unsubscribeKey(appSecret)).update(`unsubscribe:${accountId}`).digest('base64url');
  return `${accountId}.${mac}`;
}

export function verifyUnsubscribeToken(appSecret: string, token: string): number | null {
  const m = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(typeof token === 'string' ? token.trim() : '');
  if (!m) return null;
  const expected = Buffer.from(unsubscribeToken(appSecret, Number(m[1])));
  const given = Buffer.from(token.trim());
  return expected.length === given.length && timingSafeEqual(expected, given) ? Number(m[1]) : null;
}

/** Stops all watch mail for the token's account; inbox and feed carry on. */
export async function unsubscribe(db: Db, appSecret: string, token: string, nowMs: number): Promise<void> {
  const accountId = verifyUnsubscribeToken(appSecret, token);
  if (accountId === null) throw new DomainError('token_invalid', { messageKey: 'watch.unsubscribe.invalid' });
  await repo.setEmailMode(db, accountId, 'off', new Date(nowMs));
}

// ── inbox ──
export const inboxPageSize = 30;

export function inboxPage(db: Db, accountId: number, beforeId?: number) {
  return repo.inbox(db, accountId, inboxPageSize, beforeId);
}

export function unreadCount(db: Db, accountId: number): Promise<number> {
  return repo.unreadCount(db, accountId);
}

/** Marks entries read; `marked` is how many changed. */
export async function markRead(db: Db, actor: WatchActor, ids: readonly number[] | null, nowMs: number): Promise<WithTags<{ marked: number }>> {
  if (!actor) throw new DomainError('unauthenticated');
  const marked = await repo.markRead(db, actor.id, ids, new Date(nowMs));
  // viewer:<id>: the unread count in the header of shared member renders.
  return { marked, tags: [cacheTags.viewer(actor.id)] };
}

/**
 * For shared member renders (http/member-template.ts 'watch' holes): 'watch_<kind>:<id>' → 1 for
 * each of these subjects the reader follows.
 */
export async function readerWatches(db: Db, readerId: number, targets: ReadonlyMap<string, readonly number[]>): Promise<Map<string, -1 | 1>> {
  const out = new Map<string, -1 | 1>();
  for (const kind of ['platform', 'incident'] as const) {
    const ids = targets.get(`watch_${kind}`);
    if (!ids?.length) continue;
    for (const id of await repo.watchedAmong(db, readerId, kind, ids)) out.set(`watch_${kind}:${id}`, 1);
  }
  return out;
}

/** How long finished delivery jobs are kept (to trace a delivery); failed ones stay for a look. */
export const finishedJobRetentionMs = 30 * dayMs;

export function sweepWatchJobs(db: Db, nowMs: number): Promise<number> {
  return repo.deleteFinishedJobs(db, new Date(nowMs - finishedJobRetentionMs));
}

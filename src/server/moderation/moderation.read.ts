// Read models for pages outside the queues: why a post was removed, a platform's public alerts,
// an account's standing notice, the viewer's removed posts, and what the flag page shows.
// Plain objects out; the commands that change these live in moderation.service.ts.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { cleanText, codePointLength } from '../content/text.ts';
import { renderPlainText } from '../content/render.ts';
import { isFlagTargetKind, isPostKind, type FlagTargetKind, type PostKind } from './flag-reasons.ts';
import { isModSubjectKind, type AlertKind, type ModSubjectKind, type Sanction } from './moderation.table.ts';
import { isQualificationKind, type QualificationKind } from '../platforms/platform.table.ts';
import { reduceStatus, type ItemStatus } from './status.ts';
import * as repo from './moderation.repository.ts';

type Db = Kysely<Database>;

import { dayMs } from '../time.ts';
/** A manipulation banner lifts this long after the platform's last finding (跑路 never lifts). */
export const alertLiftDays = 90;

async function statusOf(db: Db, kind: ModSubjectKind, id: number): Promise<ItemStatus> {
  return reduceStatus(await repo.eventsFor(db, kind, id));
}

export interface RemovalNotice {
  reason: string | null;
  note: string;
  removedAt: Date;
  eventId: number;
  appeal: 'none' | 'pending' | 'upheld' | 'overturned';
}

/** A post as its appeal page shows it: its author (only they may appeal) and its text; null when there is none. */
export async function appealTarget(db: Db, kind: string, id: number): Promise<{ authorId: number | null; text: string } | null> {
  const t = await repo.targetInfo(db, kind, id);
  return t ? { authorId: t.authorId, text: t.text } : null;
}

/** Why a post was removed, for its author (review page, profile). Null when it is not removed. */
export async function removalNotice(db: Db, kind: string, id: number): Promise<RemovalNotice | null> {
  // No event is about another kind (the column is typed), so nothing was removed.
  if (!isModSubjectKind(kind)) return null;
  const ev = await repo.lastRemoval(db, kind, id);
  if (!ev) return null;
  const appeal = isPostKind(kind) ? await repo.findAppeal(db, kind, id) : undefined;
  const status = await statusOf(db, kind, id);
  if (status.visibility !== 'removed') return null;
  return { reason: ev.reason, note: ev.note, removedAt: ev.created_at, eventId: ev.id, appeal: appeal?.state ?? 'none' };
}

export interface PublicAlert { id: number; kind: AlertKind; summary: string; eventId: number | null; createdAt: Date }

/**
 * The alerts a platform page shows: 跑路 always; manipulation alerts while the platform's
 * latest manipulation finding is under 90 days old (then they all lift together).
 */
export function activeAlerts(alerts: readonly PublicAlert[], nowMs: number): PublicAlert[] {
  const manipulation = alerts.filter((a) => a.kind !== 'exit_scam');
  const lastMs = Math.max(0, ...manipulation.map((a) => a.createdAt.getTime()));
  const manipulationActive = manipulation.length > 0 && nowMs - lastMs < alertLiftDays * dayMs;
  return alerts.filter((a) => a.kind === 'exit_scam' || manipulationActive);
}

export async function platformAlerts(db: Db, platformId: number, nowMs: number): Promise<PublicAlert[]> {
  const rows = await repo.alertsFor(db, platformId);
  const alerts = activeAlerts(rows.map((r) => ({ id: r.id, kind: r.kind, summary: r.summary, eventId: r.event_id, createdAt: r.created_at })), nowMs);
  if (!alerts.some((a) => a.kind === 'exit_scam')) {
    // A platform marked 跑路 before this log existed (imported or seeded status) still gets its banner.
    const p = await repo.platformStatusRow(db, platformId);
    if (p?.status === 'exit_scam') alerts.unshift({ id: 0, kind: 'exit_scam', summary: p.status_evidence ?? '', eventId: null, createdAt: p.status_changed_at ?? new Date(nowMs) });
  }
  return alerts;
}

export interface AccountNotice { action: Exclude<Sanction, 'reinstate'>; reason: string | null; note: string; at: Date; eventId: number }

/** How long the owner keeps seeing a warning on their profile. */
export const warningShownDays = 90;

/**
 * What the owner of an account is told about its standing: the latest warning (for 90 days),
 * or the suspension / ban in force. Nothing after a reinstatement.
 */
export async function accountNotice(db: Db, accountId: number, nowMs: number): Promise<AccountNotice | null> {
  const ev = await repo.lastAccountSanction(db, accountId);
  if (!ev || !(ev.action === 'warn' || ev.action === 'suspend' || ev.action === 'ban')) return null;
  if (ev.action === 'warn' && nowMs - ev.created_at.getTime() > warningShownDays * dayMs) return null;
  return { action: ev.action, reason: ev.reason, note: ev.note, at: ev.created_at, eventId: ev.id };
}

export interface RemovedPost { kind: PostKind; id: number; excerpt: string; notice: RemovalNotice }

/** The viewer's own removed posts with the reason and appeal state (for /u/<handle>). */
export async function removedPostsOf(db: Db, accountId: number): Promise<RemovedPost[]> {
  const rows = await repo.removedPostsOf(db, accountId, 20);
  const out: RemovedPost[] = [];
  for (const r of rows) {
    const notice = await removalNotice(db, r.kind, r.id);
    if (notice) out.push({ kind: r.kind, id: r.id, excerpt: [...r.body].slice(0, 80).join(''), notice });
  }
  return out;
}

/** How much of the flagged text the flag page quotes (code points): enough to recognise it. */
export const flagExcerptChars = 140;

export interface FlagTargetView {
  kind: FlagTargetKind;
  id: number;
  /** The start of the text, at most flagExcerptChars, through the renderer's plain-text path (escaped HTML, one line). */
  excerptHtml: string;
  /** The text goes on after the excerpt. */
  truncated: boolean;
  /** Evidence only: its qualification kind (business_licence, …); the excerpt is then the number. */
  evidenceKind: QualificationKind | null;
  author: string | null;
  platform: { slug: string; nameZh: string; nameEn: string } | null;
  /** Where readers see it: a site path without the locale prefix. */
  path: string;
}

/**
 * What the flag page shows about its target, or null when there is none that readers can see:
 * unknown, a post that is not published (removed, deleted), a follow-up or reply under such a
 * post, or anything on a platform that is not approved. Evidence, incidents and accounts are
 * seen in every state their own pages show.
 */
export async function flagTarget(db: Db, kind: string, id: number): Promise<FlagTargetView | null> {
  if (!isFlagTargetKind(kind)) return null;
  const found = (await repo.targetTexts(db, [{ kind, id }])).get(`${kind}:${id}`);
  if (!found) return null;
  if (isPostKind(kind) && found.state !== 'published') return null;
  let platform: FlagTargetView['platform'] = null;
  if (found.platformId !== null) {
    const [p] = await repo.platformsByIds(db, [found.platformId]);
    if (!p || p.approval !== 'approved') return null;
    platform = { slug: p.slug, nameZh: p.name_zh, nameEn: p.name_en };
  }
  const parentRef = await repo.parentPost(db, kind, id);
  const parent = parentRef ? await flagTarget(db, parentRef.kind, parentRef.id) : null;
  if (parentRef && !parent) return null;

  let source = found.text;
  let evidenceKind: QualificationKind | null = null;
  let path: string | undefined;
  switch (kind) {
    case 'review':
      path = `/reviews/${id}`;
      break;
    case 'follow_up':
      path = parent ? `${parent.path}#follow-up-${id}` : undefined;
      break;
    case 'reply':
      path = parent?.path;
      break;
    case 'case_report':
      path = platform ? `/platforms/${platform.slug}#case-report-${id}` : undefined;
      break;
    case 'evidence': {
      // targetTexts gives evidence as '<kind> <number>'.
      const cut = source.indexOf(' ');
      const kindText = cut < 0 ? source : source.slice(0, cut);
      evidenceKind = isQualificationKind(kindText) ? kindText : null;
      source = cut < 0 ? '' : source.slice(cut + 1);
      path = platform ? `/platforms/${platform.slug}#qualifications` : undefined;
      break;
    }
    case 'incident':
    case 'account':
      path = (await repo.subjectPaths(db, [{ subjectKind: kind, subjectId: id }])).get(`${kind}:${id}`);
      break;
  }
  if (!path) return null;
  return {
    kind, id, evidenceKind, author: found.author, platform, path,
    excerptHtml: renderPlainText(source, flagExcerptChars),
    truncated: codePointLength(cleanText(source, { singleLine: true })) > flagExcerptChars,
  };
}

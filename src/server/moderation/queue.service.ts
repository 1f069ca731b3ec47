// Read models for the moderator queues and the public log. Every queue query is one page
// (LIMIT/OFFSET) served by a partial index on the pending state, so the page stays fast
// with 10 000 open items.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import * as repo from './moderation.repository.ts';
import { countOpenWarnings, openWarningsPage } from '../warnings/warning.service.ts';

type Db = Kysely<Database>;

/** Queues in urgency order: money at stake first (cases, 跑路 early warnings), then manipulation, then paperwork. */
export const queueNames = ['incidents', 'warnings', 'findings', 'flags', 'proofs', 'evidence', 'appeals', 'submissions', 'claims'] as const;
export type QueueName = (typeof queueNames)[number];
export const queuePageSize = 20;

export function isQueueName(s: string): s is QueueName {
  return (queueNames as readonly string[]).includes(s);
}

export interface Claim { handle: string; mine: boolean; expiresAt: Date }

export interface QueueItem {
  key: string;
  kind: string;
  id: number;
  claim: Claim | null;
  /** The queue's own row (shape depends on the queue). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  row: any;
}

export interface QueueData {
  counts: Record<QueueName, number>;
  queue: QueueName;
  page: number;
  hasNext: boolean;
  items: QueueItem[];
  platforms: Map<number, { slug: string; name: string }>;
  accounts: Map<number, { handle: string; fingerprint: string; createdAt: Date; status: string }>;
  reviews: Map<number, { rating: number; body: string; state: string; createdAt: Date; handle: string; platformId: number }>;
}

export async function loadQueue(db: Db, opts: { queue?: string | null; page: number; nowMs: number; viewerId: number }): Promise<QueueData> {
  const countsRaw: Record<string, number> = { ...(await repo.queueCounts(db)), warnings: await countOpenWarnings(db) };
  const counts = Object.fromEntries(queueNames.map((q) => [q, countsRaw[q] ?? 0])) as Record<QueueName, number>;
  const queue: QueueName = opts.queue && isQueueName(opts.queue) ? opts.queue : (queueNames.find((q) => counts[q] > 0) ?? 'flags');
  const offset = (opts.page - 1) * queuePageSize;
  const limit = queuePageSize + 1;
  let items: QueueItem[] = [];
  const platforms = new Map<number, { slug: string; name: string }>();
  const accounts = new Map<number, { handle: string; fingerprint: string; createdAt: Date; status: string }>();
  const reviews = new Map<number, { rating: number; body: string; state: string; createdAt: Date; handle: string; platformId: number }>();

  switch (queue) {
    case 'flags': {
      const groups = await repo.flagGroups(db, limit, offset);
      const targets = groups.map((g) => ({ kind: g.targetKind, id: g.targetId }));
      const texts = await repo.targetTexts(db, targets.slice(0, queuePageSize));
      const flags = await repo.openFlagsOn(db, targets.slice(0, queuePageSize));
      items = groups.map((g) => {
        const key = `${g.targetKind}:${g.targetId}`;
        const t = texts.get(key);
        return {
          key, kind: g.targetKind, id: g.targetId, claim: null, row: {
          flagCount: g.flagCount, weighted: g.weighted, firstAt: g.firstAt,
          reasons: [...new Set(flags.filter((f) => f.targetKind === g.targetKind && f.targetId === g.targetId).map((f) => f.reason))],
          text: t?.text ?? '', state: t?.state ?? '', author: t?.author ?? null, platformId: t?.platformId ?? null,
          flags: flags.filter((f) => f.targetKind === g.targetKind && f.targetId === g.targetId),
        } };
      });
      break;
    }
    case 'proofs':
      items = (await repo.pendingProofs(db, limit, offset)).map((r) => ({ key: `proof:${r.id}`, kind: 'proof', id: r.id, claim: null, row: r }));
      break;
    case 'evidence':
      items = (await repo.pendingEvidence(db, limit, offset)).map((r) => ({ key: `evidence:${r.id}`, kind: 'evidence', id: r.id, claim: null, row: r }));
      break;
    case 'incidents':
      items = (await repo.pendingIncidents(db, limit, offset)).map((r) => ({ key: `incident:${r.id}`, kind: 'incident', id: r.id, claim: null, row: r }));
      break;
    case 'submissions':
      items = (await repo.pendingSubmissions(db, limit, offset)).map((r) => ({ key: `platform:${r.id}`, kind: 'platform', id: r.id, claim: null, row: r }));
      break;
    case 'claims':
      items = (await repo.pendingClaims(db, limit, offset)).map((r) => ({ key: `claim:${r.id}`, kind: 'claim', id: r.id, claim: null, row: r }));
      break;
    case 'appeals': {
      // The deciding moderator sees the removed post and why it was removed beside the appeal.
      const rows = await repo.pendingAppeals(db, limit, offset);
      const page = rows.slice(0, queuePageSize);
      const texts = await repo.targetTexts(db, page.map((r) => ({ kind: r.subject_kind, id: Number(r.subject_id) })));
      const removals = new Map<number, { reason: string | null; note: string }>();
      for (const r of page) {
        const ev = await repo.lastRemoval(db, r.subject_kind, Number(r.subject_id));
        if (ev) removals.set(r.id, { reason: ev.reason, note: ev.note });
      }
      items = rows.map((r) => {
        const tx = texts.get(`${r.subject_kind}:${r.subject_id}`);
        const rm = removals.get(r.id);
        return { key: `appeal:${r.id}`, kind: 'appeal', id: r.id, claim: null, row: {
          ...r, post_text: tx?.text ?? '', platform_id: tx?.platformId ?? null, removal_reason: rm?.reason ?? null, removal_note: rm?.note ?? '',
        } };
      });
      break;
    }
    case 'warnings': {
      // open 预警 episodes: the evidence's accounts for the moderator (handles, ages)
      const rows = await openWarningsPage(db, limit, offset);
      items = rows.map((e) => ({ key: `early_warning:${e.id}`, kind: 'early_warning', id: e.id, claim: null, row: e }));
      for (const a of await repo.accountsByIds(db, [...new Set(rows.slice(0, queuePageSize).flatMap((e) => e.evidence.map((x) => x.accountId)))].slice(0, 500))) {
        accounts.set(a.id, { handle: a.handle, fingerprint: a.registration_fingerprint, createdAt: a.created_at, status: a.status });
      }
      break;
    }
    case 'findings': {
      const rows = await repo.openFindings(db, limit, offset);
      items = rows.map((r) => ({ key: `finding:${r.id}`, kind: 'finding', id: r.id, claim: null, row: r }));
      const page = rows.slice(0, queuePageSize);
      for (const a of await repo.accountsByIds(db, [...new Set(page.flatMap((r) => r.account_ids.map(Number)))].slice(0, 500))) {
        accounts.set(a.id, { handle: a.handle, fingerprint: a.registration_fingerprint, createdAt: a.created_at, status: a.status });
      }
      for (const r of await repo.reviewsByIds(db, [...new Set(page.flatMap((r) => r.review_ids.map(Number)))].slice(0, 500))) {
        reviews.set(r.id, { rating: r.rating, body: r.body_source, state: r.state, createdAt: r.created_at, handle: r.handle, platformId: r.platform_id });
      }
      break;
    }
  }
  const hasNext = items.length > queuePageSize;
  items = items.slice(0, queuePageSize);
  const claims = await repo.claimsFor(db, items.map((i) => i.key), opts.nowMs);
  for (const it of items) {
    const c = claims.get(it.key);
    it.claim = c ? { handle: c.handle, mine: c.moderatorId === opts.viewerId, expiresAt: c.expiresAt } : null;
  }
  const pids = new Set<number>();
  for (const it of items) {
    if (typeof it.row.platformId === 'number') pids.add(it.row.platformId);
    if (typeof it.row.platform_id === 'number') pids.add(it.row.platform_id);
    if (Array.isArray(it.row.platform_ids)) for (const p of it.row.platform_ids) pids.add(Number(p));
  }
  for (const p of await repo.platformsByIds(db, [...pids])) platforms.set(p.id, { slug: p.slug, name: p.name_zh });
  return { counts, queue, page: opts.page, hasNext, items, platforms, accounts, reviews };
}

export const logPageSize = 50;

export async function loadLog(db: Db, f: { action?: string | null; moderator?: string | null; platform?: string | null; event?: number | null; all?: boolean; page: number }) {
  const filter: repo.LogFilter = {};
  if (f.action) filter.action = f.action;
  let moderatorHandle: string | null = null;
  let platform: { id: number; slug: string; name: string } | null = null;
  let unknown = false;
  if (f.moderator) {
    const a = await repo.findAccountIdByHandleKey(db, f.moderator.toLowerCase().normalize('NFKC'));
    if (a) {
      filter.moderatorId = a.id;
      moderatorHandle = a.handle;
    } else unknown = true;
  }
  if (f.platform) {
    platform = (await repo.findPlatformRef(db, f.platform)) ?? null;
    if (platform) filter.platformId = platform.id;
    else unknown = true;
  }
  if (f.event) filter.eventId = f.event;
  // The plain log shows a ring removal as one line with its counts; any filter shows every event.
  if (!f.event && !f.action && !f.moderator && !f.platform && !f.all) filter.topLevelOnly = true;
  const rows = unknown ? [] : await repo.listEvents(db, filter, logPageSize + 1, (f.page - 1) * logPageSize);
  const page = rows.slice(0, logPageSize);
  const batches = await repo.batchCounts(db, page.filter((r) => r.action === 'ring_remove').map((r) => r.id));
  const [paths, handles] = await Promise.all([repo.subjectPaths(db, page), repo.subjectHandles(db, page)]);
  return { rows: page, hasNext: rows.length > logPageSize, moderatorHandle, platform, batches, paths, handles };
}

export async function loadStaff(db: Db) {
  return repo.staffList(db);
}

// Read models for the moderator queues and the public log. Every queue query is one page
// (LIMIT/OFFSET) served by a partial index on the pending state, so the page stays fast
// with 10 000 open items. Each item is one member of the QueueItem union, tagged by its queue,
// with its own typed fields; /mod's route data is built from them in queue-view.ts.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import * as repo from './moderation.repository.ts';
import { findPlatformRefBySlugOrId } from '../platforms/platform.service.ts';
import { findAccountRef } from '../accounts/account.service.ts';
import type { ModAction } from './status.ts';
import { countOpenWarnings, openWarningsPage, type Episode } from '../warnings/warning.service.ts';
import type { IncidentKind, IncidentStatus } from '../reviews/review.table.ts';
import type { OperatorType, QualificationKind } from '../platforms/platform.table.ts';
import { isFlagReason, isFlagTargetKind, type FlagReason, type FlagTargetKind, type PostKind } from './flag-reasons.ts';
import { isOneOf } from '../one-of.ts';

type Db = Kysely<Database>;

/** Queues in urgency order: money at stake first (cases, 跑路 early warnings), then manipulation, then paperwork. */
export const queueNames = ['incidents', 'warnings', 'findings', 'flags', 'proofs', 'evidence', 'appeals', 'submissions', 'claims'] as const;
export type QueueName = (typeof queueNames)[number];
export const queuePageSize = 20;

export function isQueueName(s: string): s is QueueName {
  return isOneOf(queueNames, s);
}

export interface Claim { handle: string; mine: boolean; expiresAt: Date }

/** What every queue item has: its claim key, the id of its own row, its claim, the platform it concerns. */
interface ItemBase {
  /** `<subject kind>:<id>`, the key of claims and of the log's subject. */
  key: string;
  id: number;
  claim: Claim | null;
  platformId: number | null;
}

export interface FlagEntry { reporter: string; weight: number; reason: FlagReason; note: string }

/** Open flags on one item, grouped (the item is the flagged post, evidence, incident or account). */
export interface FlagsItem extends ItemBase {
  queue: 'flags';
  kind: FlagTargetKind;
  flagCount: number;
  weighted: number;
  firstAt: Date;
  reasons: FlagReason[];
  /** The flagged text (source), its state (published, removed, …) and author handle. */
  text: string;
  state: string;
  author: string | null;
  flags: FlagEntry[];
}

export interface ProofItem extends ItemBase {
  queue: 'proofs';
  kind: 'proof';
  uploadId: number | null;
  orderNumber: string | null;
  reviewId: number | null;
  /** Set when the proof backs a case report (合作案例) rather than a review. */
  caseReportId: number | null;
  /** 'held' when the case report waits for its author to be confirmed as a reseller (approving releases it). */
  caseState: string | null;
  handle: string;
  rating: number | null;
  /** The review's or case report's rendered HTML (from the one renderer). */
  postHtml: string;
}

export interface EvidenceItem extends ItemBase {
  queue: 'evidence';
  kind: 'evidence';
  qualification: QualificationKind;
  number: string;
  holderName: string | null;
  scopeText: string | null;
  uploadId: number | null;
}

export interface IncidentItem extends ItemBase {
  queue: 'incidents';
  kind: 'incident';
  incidentKind: IncidentKind;
  caseNo: string;
  status: IncidentStatus;
  handle: string;
  occurredOn: Date;
  bodyHtml: string;
  uploadId: number | null;
}

export interface SubmissionItem extends ItemBase {
  queue: 'submissions';
  kind: 'platform';
  nameZh: string;
  nameEn: string;
  slug: string;
  operatorType: OperatorType;
  handle: string | null;
  descriptionHtml: string;
}

export interface ClaimItem extends ItemBase {
  queue: 'claims';
  kind: 'claim';
  handle: string;
  platformName: string;
  evidence: string;
}

export interface AppealItem extends ItemBase {
  queue: 'appeals';
  kind: 'appeal';
  subjectKind: PostKind;
  subjectId: number;
  /** The author who appeals, and their text. */
  handle: string;
  body: string;
  removedBy: number | null;
  removedByHandle: string | null;
  /** The removed post's text and why it was removed (the deciding moderator sees both). */
  postText: string;
  removalReason: string | null;
  removalNote: string;
}

export interface WarningItem extends ItemBase {
  queue: 'warnings';
  kind: 'early_warning';
  episode: Episode;
}

export interface FindingItem extends ItemBase {
  queue: 'findings';
  kind: 'finding';
  findingKind: 'ring' | 'burst';
  score: number;
  evidence: Record<string, unknown>;
  accountIds: number[];
  reviewIds: number[];
}

/** One item of a queue: the member of the union names its queue, so its fields are known. */
export type QueueItem = FlagsItem | ProofItem | EvidenceItem | IncidentItem | SubmissionItem | ClaimItem | AppealItem | WarningItem | FindingItem;

export interface AccountRef { handle: string; fingerprint: string; createdAt: Date; status: string }
export interface ReviewRef { rating: number; body: string; state: string; createdAt: Date; handle: string; platformId: number }

export interface QueueData {
  /** Open items per queue, every queue listed (0 when empty). */
  counts: ReadonlyMap<QueueName, number>;
  queue: QueueName;
  page: number;
  hasNext: boolean;
  items: QueueItem[];
  platforms: Map<number, { slug: string; name: string }>;
  /** Accounts named by the page's findings and 预警 evidence. */
  accounts: Map<number, AccountRef>;
  /** Reviews named by the page's findings. */
  reviews: Map<number, ReviewRef>;
}

type Unclaimed<T extends QueueItem> = T extends QueueItem ? Omit<T, 'claim'> : never;

/** An item with its claim put back (a spread of the type parameter keeps which queue's item it is). */
function withClaim<T extends Unclaimed<QueueItem>>(item: T, claim: Claim | null): T & { claim: Claim | null } {
  return { ...item, claim };
}

async function loadItems(db: Db, queue: QueueName, limit: number, offset: number, accounts: Map<number, AccountRef>, reviews: Map<number, ReviewRef>): Promise<Unclaimed<QueueItem>[]> {
  switch (queue) {
    case 'flags': {
      const groups = await repo.flagGroups(db, limit, offset);
      const known = groups.flatMap((g) => (isFlagTargetKind(g.targetKind) ? [{ ...g, targetKind: g.targetKind }] : []));
      const targets = known.map((g) => ({ kind: g.targetKind, id: g.targetId }));
      const texts = await repo.targetTexts(db, targets.slice(0, queuePageSize));
      const flags = await repo.openFlagsOn(db, targets.slice(0, queuePageSize));
      return known.map((g): FlagsItem => {
        const key = `${g.targetKind}:${g.targetId}`;
        const t = texts.get(key);
        const mine = flags.filter((f) => f.targetKind === g.targetKind && f.targetId === g.targetId)
          .flatMap((f) => (isFlagReason(f.reason) ? [{ reporter: f.reporter, weight: f.weight, reason: f.reason, note: f.note }] : []));
        return {
          queue: 'flags', key, kind: g.targetKind, id: g.targetId, claim: null, platformId: t?.platformId ?? null,
          flagCount: g.flagCount, weighted: g.weighted, firstAt: g.firstAt, reasons: [...new Set(mine.map((f) => f.reason))],
          text: t?.text ?? '', state: t?.state ?? '', author: t?.author ?? null, flags: mine,
        };
      });
    }
    case 'proofs':
      return (await repo.pendingProofs(db, limit, offset)).map((r): Unclaimed<ProofItem> => ({
        queue: 'proofs', key: `proof:${r.id}`, kind: 'proof', id: r.id, platformId: r.platform_id,
        uploadId: r.upload_id, orderNumber: r.order_number, reviewId: r.review_id, caseReportId: r.case_report_id ?? null, caseState: r.case_state ?? null, handle: r.handle, rating: r.rating,
        postHtml: r.review_html ?? r.case_html ?? '',
      }));
    case 'evidence':
      return (await repo.pendingEvidence(db, limit, offset)).map((r): Unclaimed<EvidenceItem> => ({
        queue: 'evidence', key: `evidence:${r.id}`, kind: 'evidence', id: r.id, platformId: r.platform_id,
        qualification: r.kind, number: r.number, holderName: r.holder_name, scopeText: r.scope_text, uploadId: r.upload_id,
      }));
    case 'incidents':
      return (await repo.pendingIncidents(db, limit, offset)).map((r): Unclaimed<IncidentItem> => ({
        queue: 'incidents', key: `incident:${r.id}`, kind: 'incident', id: r.id, platformId: r.platform_id,
        incidentKind: r.kind, caseNo: r.case_no, status: r.status, handle: r.handle, occurredOn: r.occurred_on, bodyHtml: r.body_html, uploadId: r.upload_id,
      }));
    case 'submissions':
      return (await repo.pendingSubmissions(db, limit, offset)).map((r): Unclaimed<SubmissionItem> => ({
        queue: 'submissions', key: `platform:${r.id}`, kind: 'platform', id: r.id, platformId: null,
        nameZh: r.name_zh, nameEn: r.name_en, slug: r.slug, operatorType: r.operator_type, handle: r.handle, descriptionHtml: r.description_html,
      }));
    case 'claims':
      return (await repo.pendingClaims(db, limit, offset)).map((r): Unclaimed<ClaimItem> => ({
        queue: 'claims', key: `claim:${r.id}`, kind: 'claim', id: r.id, platformId: r.platform_id,
        handle: r.handle, platformName: r.name_zh, evidence: r.evidence,
      }));
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
      return rows.map((r): Unclaimed<AppealItem> => {
        const tx = texts.get(`${r.subject_kind}:${r.subject_id}`);
        const rm = removals.get(r.id);
        return {
          queue: 'appeals', key: `appeal:${r.id}`, kind: 'appeal', id: r.id, platformId: tx?.platformId ?? null,
          subjectKind: r.subject_kind, subjectId: Number(r.subject_id), handle: r.handle, body: r.body,
          removedBy: r.removed_by, removedByHandle: r.removed_by_handle,
          postText: tx?.text ?? '', removalReason: rm?.reason ?? null, removalNote: rm?.note ?? '',
        };
      });
    }
    case 'warnings': {
      // open 预警 episodes: the evidence's accounts for the moderator (handles, ages)
      const rows = await openWarningsPage(db, limit, offset);
      for (const a of await repo.accountsByIds(db, [...new Set(rows.slice(0, queuePageSize).flatMap((e) => e.evidence.map((x) => x.accountId)))].slice(0, 500))) {
        accounts.set(a.id, { handle: a.handle, fingerprint: a.registration_fingerprint, createdAt: a.created_at, status: a.status });
      }
      return rows.map((e): Unclaimed<WarningItem> => ({ queue: 'warnings', key: `early_warning:${e.id}`, kind: 'early_warning', id: e.id, platformId: e.platformId, episode: e }));
    }
    case 'findings': {
      const rows = await repo.openFindings(db, limit, offset);
      const page = rows.slice(0, queuePageSize);
      for (const a of await repo.accountsByIds(db, [...new Set(page.flatMap((r) => r.account_ids.map(Number)))].slice(0, 500))) {
        accounts.set(a.id, { handle: a.handle, fingerprint: a.registration_fingerprint, createdAt: a.created_at, status: a.status });
      }
      for (const r of await repo.reviewsByIds(db, [...new Set(page.flatMap((r) => r.review_ids.map(Number)))].slice(0, 500))) {
        reviews.set(r.id, { rating: r.rating, body: r.body_source, state: r.state, createdAt: r.created_at, handle: r.handle, platformId: r.platform_id });
      }
      return rows.map((r): Unclaimed<FindingItem> => ({
        queue: 'findings', key: `finding:${r.id}`, kind: 'finding', id: r.id,
        // a finding is shown under its first platform
        platformId: r.platform_ids[0] !== undefined ? Number(r.platform_ids[0]) : null,
        findingKind: r.kind, score: Number(r.score), evidence: r.evidence, accountIds: r.account_ids.map(Number), reviewIds: r.review_ids.map(Number),
      }));
    }
  }
}

export async function loadQueue(db: Db, opts: { queue?: string | null; page: number; nowMs: number; viewerId: number }): Promise<QueueData> {
  const countsRaw: Record<string, number> = { ...(await repo.queueCounts(db)), warnings: await countOpenWarnings(db) };
  const counts = new Map(queueNames.map((q) => [q, countsRaw[q] ?? 0]));
  const queue: QueueName = opts.queue && isQueueName(opts.queue) ? opts.queue : (queueNames.find((q) => (counts.get(q) ?? 0) > 0) ?? 'flags');
  const accounts = new Map<number, AccountRef>();
  const reviews = new Map<number, ReviewRef>();
  const loaded = await loadItems(db, queue, queuePageSize + 1, (opts.page - 1) * queuePageSize, accounts, reviews);
  const hasNext = loaded.length > queuePageSize;
  const page = loaded.slice(0, queuePageSize);
  const claims = await repo.claimsFor(db, page.map((i) => i.key), opts.nowMs);
  const items = page.map((it): QueueItem => {
    const c = claims.get(it.key);
    return withClaim(it, c ? { handle: c.handle, mine: c.moderatorId === opts.viewerId, expiresAt: c.expiresAt } : null);
  });
  const platforms = new Map<number, { slug: string; name: string }>();
  const pids = [...new Set(items.flatMap((it) => (it.platformId !== null ? [it.platformId] : [])))];
  for (const p of await repo.platformsByIds(db, pids)) platforms.set(p.id, { slug: p.slug, name: p.name_zh });
  return { counts, queue, page: opts.page, hasNext, items, platforms, accounts, reviews };
}

export const logPageSize = 50;

export async function loadLog(db: Db, f: { action?: ModAction | null; moderator?: string | null; platform?: string | null; event?: number | null; all?: boolean; page: number }) {
  const filter: repo.LogFilter = {};
  if (f.action) filter.action = f.action;
  let moderatorHandle: string | null = null;
  let platform: { id: number; slug: string; name: string } | null = null;
  let unknown = false;
  if (f.moderator) {
    const a = await findAccountRef(db, f.moderator.toLowerCase().normalize('NFKC'));
    if (a) {
      filter.moderatorId = a.id;
      moderatorHandle = a.handle;
    } else unknown = true;
  }
  if (f.platform) {
    const found = await findPlatformRefBySlugOrId(db, f.platform);
    platform = found && { id: found.id, slug: found.slug, name: found.nameZh };
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

// The ranking job: load every record the model needs, compute, write weights, trust,
// score snapshots (with a changelog) and moderator findings, all in one transaction under
// a PostgreSQL advisory lock so only one server runs it at a time (docs/DESIGN.md, "Growing
// past one machine"). Writes elsewhere call requestRecompute(); a poller started at boot
// (scheduleRecompute) runs the job shortly after the writes stop.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Runtime } from '../runtime.ts';
import { computeReputation } from '../reputation/index.ts';
import { invalidatePages } from '../http/invalidation.ts';
import { earlyWarningsForVerdict, refreshEarlyWarnings } from '../warnings/warning.service.ts';
import * as repo from './ranking.repository.ts';
import * as verdictRepo from '../verdict/verdict.repository.ts';
import { computeVerdict, decidingReasons, rankVerdicts, reasonWords, type Verdict } from '../verdict/verdict.ts';
import * as watchEvents from '../watch/watch.events.ts';
import {
  buildChanges, buildModelInput, classifyReviewChange, findingRows, influence, shouldSnapshot,
  type ReviewBefore, type ReviewNow, type ScoreChange,
} from './ranking.compute.ts';
import { cacheTags, type CacheTag } from '../http/cache-tags.ts';

export { requestRecompute } from './recompute-request.ts';

export interface RecomputeSummary {
  status: 'ran';
  platforms: number;
  reviews: number;
  accounts: number;
  snapshotsWritten: number;
  changedPlatformIds: number[];
  /** Platforms whose verdict (band, reasons or rank) changed: their pages are invalidated. */
  verdictChangedIds: number[];
  /** Whether any platform's band changed (pages that show many badges are invalidated). */
  bandsChanged: boolean;
  findings: { inserted: number; updated: number };
  requestsDrained: number;
  /** Page-cache tags of what changed, for the caller to invalidate (the poller and `npm run rank` do). */
  tags: CacheTag[];
  loadMs: number;
  computeMs: number;
  writeMs: number;
}

export type RecomputeResult = RecomputeSummary | { status: 'busy' };

export interface RecomputeOptions {
  /**
   * Compute as of a past moment (demo history): only records that existed then are
   * loaded, and the snapshot is stamped with that time. Requests are left pending.
   */
  asOfMs?: number;
}

// A run already in progress in this process answers 'busy' at once. On PGlite there is a
// single connection, so a second run would otherwise queue behind the first instead of
// meeting the advisory lock; across servers (PostgreSQL) the advisory lock decides.
const runningKey = Symbol.for('kaopu.ranking.running');
const g = globalThis as unknown as Record<symbol, WeakSet<object> | undefined>;
const running = (g[runningKey] ??= new WeakSet<object>());

export async function runRecompute(db: Kysely<Database>, nowMs: number, opts: RecomputeOptions = {}): Promise<RecomputeResult> {
  if (running.has(db)) return { status: 'busy' };
  running.add(db);
  try {
    // REPEATABLE READ: the half-dozen loading queries see one consistent snapshot even
    // while reviews are being written.
    // A moderator updating a finding row the job also updates is a serialization failure
    // (40001) under REPEATABLE READ: nothing was written, so simply run again.
    let result: RecomputeResult | undefined;
    for (let attempt = 1; !result; attempt++) {
      try {
        result = await db
          .transaction()
          .setIsolationLevel('repeatable read')
          .execute((trx) => recomputeIn(trx, opts.asOfMs ?? nowMs, opts.asOfMs !== undefined));
      } catch (e) {
        if ((e as { code?: string }).code !== '40001' || attempt >= 3) throw e;
      }
    }
    return result;
  } finally {
    running.delete(db);
  }
}

async function recomputeIn(trx: Transaction<Database>, nowMs: number, historic: boolean): Promise<RecomputeResult> {
  if (!(await repo.tryRankLock(trx))) return { status: 'busy' };
  const t0 = performance.now();
  const asOf = historic ? new Date(nowMs) : null;
  const pending = historic ? null : await repo.pendingRequests(trx);
  const accounts = await repo.loadAccounts(trx, asOf);
  const platforms = await repo.loadPlatforms(trx, asOf);
  const reviews = await repo.loadReviews(trx, asOf);
  const followUps = await repo.loadFollowUps(trx, asOf);
  const previous = await repo.loadPreviousWeights(trx);
  const lastSnapshots = await repo.latestSnapshots(trx);
  const verdictRecords = await verdictRepo.loadVerdictRecords(trx, asOf);
  const previousVerdicts = historic ? new Map<number, string>() : await verdictRepo.currentVerdictDigests(trx);
  // 跑路 early warnings (预警) first: open, update or lift episodes in this transaction, under
  // the same lock, so the verdict below sees this run's warnings among its reasons.
  const warningsChanged = await refreshEarlyWarnings(trx, nowMs, { historic });
  const earlyWarnings = await earlyWarningsForVerdict(trx);
  const t1 = performance.now();

  const built = buildModelInput(nowMs, accounts, platforms, reviews, followUps);
  const modelOut = computeReputation(built.input);

  // The verdict of every platform over the four dimensions (src/server/verdict/verdict.ts),
  // after the model: the ranking orders by band, then by the widened lower bound.
  const verdicts = new Map<number, Verdict>();
  const modelByPlatform = new Map(modelOut.platforms.map((o) => [Number(o.id), o]));
  for (const p of platforms) {
    const o = modelByPlatform.get(p.id);
    const rec = verdictRecords.get(p.id);
    verdicts.set(p.id, computeVerdict({
      nowMs,
      // For past dates (demo history) a status counts from when it was set.
      platform: { id: p.id, status: p.statusChangedAt && p.statusChangedAt.getTime() > nowMs ? 'active' : p.status, operatorType: rec?.operatorType ?? 'unknown', foundedOnMs: p.foundedOn ? p.foundedOn.getTime() : null },
      qualifications: rec?.qualifications ?? [],
      facts: rec?.facts ?? [],
      incidents: rec?.incidents ?? [],
      complaints: rec?.complaints ?? [],
      score: o && o.reviewCount > 0 ? { score: o.score, lowerBound: o.lowerBound, reviewCount: o.reviewCount, effectiveReviews: o.effectiveReviews } : null,
      earlyWarning: earlyWarnings.get(p.id) ?? null,
    }));
  }
  const verdictRanks = rankVerdicts(modelOut.platforms.map((o) => ({ id: Number(o.id), verdict: verdicts.get(Number(o.id))!, reviewCount: o.reviewCount })));
  // The stored rank is the verdict's (band first); the model's own score and bound are kept.
  const out = { ...modelOut, platforms: modelOut.platforms.map((o) => ({ ...o, rank: verdictRanks.get(Number(o.id)) ?? null })) };
  const t2 = performance.now();

  const computedAt = new Date(nowMs);
  const platformOut = new Map(out.platforms.map((p) => [Number(p.id), p]));
  const reviewPlatform = new Map(built.input.reviews.map((r) => [Number(r.id), Number(r.platformId)]));

  // Influence of each review now, and what each review did since the last run.
  const nowByReview = new Map<number, ReviewNow>();
  for (const r of out.reviews) {
    const id = Number(r.id);
    const pid = reviewPlatform.get(id)!;
    const p = platformOut.get(pid)!;
    nowByReview.set(id, {
      reviewId: id,
      platformId: pid,
      weight: r.weight,
      influence: influence(r.weight * r.recency, r.effectiveRating, p.score, p.effectiveReviews),
      effectiveRating: r.effectiveRating,
      reasons: r.reasons,
    });
  }
  const beforeByReview = new Map<number, ReviewBefore>(previous.map((b) => [b.reviewId, b]));
  const goneIds = previous.filter((b) => !nowByReview.has(b.reviewId)).map((b) => b.reviewId);
  const goneStates = await repo.reviewStates(trx, goneIds);

  const changesByPlatform = new Map<number, ScoreChange[]>();
  const push = (pid: number | null | undefined, c: ScoreChange | null) => {
    if (pid === null || pid === undefined || !c) return;
    let list = changesByPlatform.get(pid);
    if (!list) changesByPlatform.set(pid, (list = []));
    list.push(c);
  };
  const reviewPostedMs = new Map(built.input.reviews.map((r) => [Number(r.id), r.createdAtMs]));
  const postedBeforeLastRun = (id: number, pid: number) => {
    const last = lastSnapshots.get(pid);
    return !!last && (reviewPostedMs.get(id) ?? Infinity) < last.computedAt.getTime();
  };
  for (const [id, now] of nowByReview) {
    const before = beforeByReview.get(id);
    if (before && before.platformId !== null && before.platformId !== now.platformId) {
      push(before.platformId, classifyReviewChange(before, undefined, 'moved', undefined));
      push(now.platformId, classifyReviewChange(undefined, now, undefined, undefined));
    } else {
      push(now.platformId, classifyReviewChange(before, now, undefined, built.latestFollowUp.get(id), !before && postedBeforeLastRun(id, now.platformId)));
    }
  }
  for (const id of goneIds) {
    const before = beforeByReview.get(id)!;
    push(before.platformId, classifyReviewChange(before, undefined, goneStates.get(id), undefined));
  }

  // Snapshots: only where something changed (see shouldSnapshot).
  const snapshotFor = new Set<number>();
  const newlyExcluded: number[] = [];
  for (const p of out.platforms) {
    const pid = Number(p.id);
    const prev = lastSnapshots.get(pid);
    if (shouldSnapshot(prev, p, nowMs, verdicts.get(pid)!.band)) snapshotFor.add(pid);
    if (prev && prev.rank !== null && p.rank === null) newlyExcluded.push(pid);
  }
  const incidents = await repo.exitScamIncidents(trx, newlyExcluded);
  const snapshots: repo.SnapshotRow[] = [];
  for (const pid of snapshotFor) {
    const p = platformOut.get(pid)!;
    const prev = lastSnapshots.get(pid);
    const incidentId = incidents.get(pid);
    const verdict = verdicts.get(pid)!;
    snapshots.push({
      platformId: pid,
      computedAt,
      score: p.score,
      lowerBound: p.lowerBound,
      rank: p.rank,
      reviewCount: p.reviewCount,
      effectiveReviews: p.effectiveReviews,
      dimensions: p.dimensions,
      changes: prev
        ? buildChanges({
          prev, next: p, reviewChanges: changesByPlatform.get(pid) ?? [], ...(incidentId !== undefined ? { exitScamIncidentId: incidentId } : {}),
          verdict: { band: verdict.band, reasons: decidingReasons(verdict).map(reasonWords) },
        })
        : [],
      band: verdict.band,
    });
  }

  // The stored influence is the baseline of the next changelog: it only moves when the
  // platform got a new snapshot, so small unrecorded drifts add up into the next entry.
  const weightRows: repo.WeightRow[] = out.reviews.map((r) => {
    const id = Number(r.id);
    const now = nowByReview.get(id)!;
    const before = beforeByReview.get(id);
    const keepOld = before !== undefined && before.platformId === now.platformId && !snapshotFor.has(now.platformId);
    return {
      reviewId: id,
      platformId: now.platformId,
      weight: r.weight,
      reasons: r.reasons,
      effectiveRating: keepOld && before.effectiveRating !== null ? before.effectiveRating : r.effectiveRating,
      recency: r.recency,
      influence: keepOld ? before.influence : now.influence,
    };
  });

  await repo.upsertReviewWeights(trx, weightRows, computedAt);
  await repo.deleteWeightsExcept(trx, weightRows.map((w) => w.reviewId));
  await repo.upsertAccountTrust(
    trx,
    out.accounts.map((a) => ({ accountId: Number(a.id), trust: a.trust, band: a.band })),
    computedAt,
  );
  await repo.insertSnapshots(trx, snapshots);
  // Followers hear of a band change (the changelog's BAND_CHANGED; 跑路 is told as a status change).
  if (!historic) {
    for (const s of snapshots) {
      const prev = lastSnapshots.get(s.platformId);
      if (!prev?.band || !s.band || prev.band === s.band || s.band === 'exit_scam') continue;
      await watchEvents.bandChanged(trx, { platformId: s.platformId, fromBand: prev.band, toBand: s.band, sinceMs: prev.computedAt.getTime(), nowMs });
    }
  }
  const verdictRows: verdictRepo.StoredVerdict[] = [...verdicts].map(([platformId, v]) => ({
    platformId, band: v.band, reasons: v.reasons, lowerBound: v.lowerBound, rank: verdictRanks.get(platformId) ?? null, computedAt,
  }));
  const verdictChangedIds = verdictRows
    .filter((v) => previousVerdicts.get(v.platformId) !== verdictRepo.verdictDigest(v.band, v.reasons, v.rank))
    .map((v) => v.platformId);
  const bandsChanged = snapshots.some((s) => (lastSnapshots.get(s.platformId)?.band ?? null) !== s.band);
  // Historic runs (demo history) leave the current verdict to the run of today.
  if (!historic) await verdictRepo.upsertVerdicts(trx, verdictRows);
  const findings = await repo.upsertFindings(trx, findingRows(out.findings));
  const drained = pending && pending.maxId !== null ? await repo.deleteRequestsUpTo(trx, pending.maxId) : 0;
  const t3 = performance.now();

  const changedPlatformIds = [...new Set([...snapshotFor, ...warningsChanged])].sort((a, b) => a - b);
  const verdictChanged = historic ? [] : verdictChangedIds.sort((a, b) => a - b);
  return {
    status: 'ran',
    platforms: out.platforms.length,
    reviews: out.reviews.length,
    accounts: out.accounts.length,
    snapshotsWritten: snapshots.length,
    changedPlatformIds,
    verdictChangedIds: verdictChanged,
    bandsChanged,
    tags: recomputeTags(changedPlatformIds, verdictChanged, bandsChanged),
    findings,
    requestsDrained: drained,
    loadMs: Math.round(t1 - t0),
    computeMs: Math.round(t2 - t1),
    writeMs: Math.round(t3 - t2),
  };
}

/** The pages a run changed: nothing when no platform's score or verdict moved. */
function recomputeTags(changedPlatformIds: readonly number[], verdictChangedIds: readonly number[], bandsChanged: boolean): CacheTag[] {
  const ids = [...new Set([...changedPlatformIds, ...verdictChangedIds])];
  if (ids.length === 0) return [];
  // 'verdict': review and profile pages show the band of the platforms they name.
  return [cacheTags.ranking, cacheTags.home, cacheTags.directory, ...(bandsChanged ? [cacheTags.verdict] : []), ...ids.map((id) => cacheTags.platform(id))];
}

// ── debounce: run shortly after the writes stop ──

/** Wait this long after the newest request, so a burst of writes makes one run. */
export const DEBOUNCE_QUIET_MS = 2_000;
/** Never run more often than this (a steady stream of writes still gets a run this often). */
export const MIN_RUN_INTERVAL_MS = 10_000;
/** How often the poller looks at rank_request. */
export const POLL_INTERVAL_MS = 3_000;

/** Pure: should the poller run the job now? */
export function dueForRun(p: repo.PendingRequests, nowMs: number, lastRunMs: number | null): boolean {
  if (p.count === 0 || !p.newestAt || !p.oldestAt) return false;
  if (lastRunMs !== null && nowMs - lastRunMs < MIN_RUN_INTERVAL_MS) return false;
  const quiet = nowMs - p.newestAt.getTime() >= DEBOUNCE_QUIET_MS;
  // Under a constant trickle of writes the newest request is always fresh: the oldest
  // waiting longer than the interval forces a run so scores never freeze.
  const starving = nowMs - p.oldestAt.getTime() >= MIN_RUN_INTERVAL_MS;
  return quiet || starving;
}

/**
 * Start the in-process poller: every few seconds, when requests are pending and the
 * newest is at least 2 s old (and the last run ≥ 10 s ago), run the job and drop the pages it changed. Any server may
 * run it; the advisory lock keeps it to one at a time. Stopped on runtime shutdown.
 */
export function scheduleRecompute(rt: Runtime, log: (m: string) => void = (m) => console.log(m)): () => Promise<void> {
  let lastRunMs: number | null = null;
  let inFlight: Promise<void> | null = null;
  let stopped = false;
  const tick = async () => {
    try {
      const nowMs = Date.now();
      const pending = await repo.pendingRequests(rt.db);
      if (stopped || !dueForRun(pending, nowMs, lastRunMs)) return;
      lastRunMs = nowMs;
      const r = await runRecompute(rt.db, nowMs);
      // The poller is this path's controller: the run has committed, its pages go now.
      if (r.status === 'ran') invalidatePages(r.tags);
      if (r.status === 'ran' && r.snapshotsWritten > 0) {
        log(`ranking: recomputed ${r.platforms} platforms, ${r.reviews} reviews; ${r.snapshotsWritten} scores changed`);
      }
    } catch (e) {
      if (!stopped) log(`ranking: recompute failed: ${(e as Error).message}`);
    }
  };
  const timer = setInterval(() => {
    if (inFlight || stopped) return;
    inFlight = tick().finally(() => {
      inFlight = null;
    });
  }, POLL_INTERVAL_MS);
  timer.unref();
  // On shutdown: no new runs, and a run in progress finishes before the database closes.
  const stop = async () => {
    stopped = true;
    clearInterval(timer);
    if (inFlight) await inFlight;
  };
  rt.closers.push(stop);
  return stop;
}

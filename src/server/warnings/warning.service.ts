// The 跑路 early warning (预警), rules around the pure detector (early-warning.ts): the
// ranking job calls refreshEarlyWarnings inside its transaction (under its advisory lock), which
// opens an episode when a wave starts, updates it while it lasts and lifts it when it passes;
// pages read episodes; the maintenance tick asks for a run when an open warning's oldest
// complaint has left the window (so it lifts by itself even when nobody writes anything).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { requestRecompute } from '../ranking/recompute-request.ts';
import {
  BASELINE_DAYS, COMPLAINT_MAX_RATING, MIN_COMPLAINANTS, WARNING_INCIDENT_KINDS, WINDOW_DAYS, detectEarlyWarnings,
  type Evidence, type PlatformWarning,
} from './early-warning.ts';
import * as repo from './warning.repository.ts';
import * as watchEvents from '../watch/watch.events.ts';
import { dayMs } from '../time.ts';
import { findPlatformRefs } from '../platforms/platform.service.ts';
import { accountHandles } from '../accounts/account.service.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type { Episode } from './warning.repository.ts';

/** What the verdict (issue 14) takes per platform: `earlyWarning?: EarlyWarningVerdictInput | null`. */
export interface EarlyWarningVerdictInput {
  active: boolean;
  complaints: number;
  windowDays: number;
  sinceMs: number;
}

/** Episodes shown in a platform's history (the open one plus the last lifted ones). */
export const HISTORY_EPISODES = 10;

const evidenceKey = (e: Evidence) => `${e.source}:${e.id}`;

/**
 * The episode's evidence after this evaluation: everything counted in the current window, plus
 * what earlier evaluations counted that has since LEFT the window (kept as history). A complaint
 * still inside the window that no longer counts (removed by a moderator, case rejected) drops out.
 */
export function mergeEvidence(previous: Evidence[], current: Evidence[], windowStartMs: number): Evidence[] {
  const byKey = new Map<string, Evidence>();
  for (const e of previous) if (e.atMs <= windowStartMs) byKey.set(evidenceKey(e), e);
  for (const e of current) byKey.set(evidenceKey(e), e);
  return [...byKey.values()].sort((a, b) => a.atMs - b.atMs || a.id - b.id);
}

function episodeValues(w: PlatformWarning, evidence: Evidence[], uncounted: number): repo.EpisodeValues {
  return {
    platformId: w.platformId, windowDays: w.windowDays, complainants: w.complainants, expected: w.expected,
    tailProbability: w.tailProbability, baselineComplainants: w.baselineComplainants, baselineDays: w.baselineDays,
    windowStartAt: new Date(w.windowStartMs), windowEndAt: new Date(w.windowEndMs),
    counts: { ...w.counts, uncounted }, evidence, recheckAt: w.recheckAtMs === null ? null : new Date(w.recheckAtMs),
  };
}

/**
 * Evaluate every platform as of `nowMs` and open, update or lift its episode. Call inside the
 * ranking job's transaction. `historic`: a replay as of a past moment (the demo's weekly
 * history) — only records that existed then are seen. Returns the platforms whose warning
 * changed (their pages and the home page need invalidating after commit).
 */
export async function refreshEarlyWarnings(trx: Transaction<Database>, nowMs: number, opts: { historic?: boolean } = {}): Promise<number[]> {
  const asOf = opts.historic ? new Date(nowMs) : null;
  const to = new Date(nowMs);
  const from = new Date(nowMs - (WINDOW_DAYS + BASELINE_DAYS) * dayMs);
  // Only platforms that could warn (≥ MIN_COMPLAINANTS accounts complaining in the window, any
  // standing) or have a warning to lift: the detector would report the rest as inactive anyway.
  const candidates = await repo.candidatePlatformIds(trx, new Date(nowMs - WINDOW_DAYS * dayMs), to, {
    minAccounts: MIN_COMPLAINANTS, maxRating: COMPLAINT_MAX_RATING, kinds: WARNING_INCIDENT_KINDS,
  });
  const platforms = await repo.loadPlatforms(trx, candidates, asOf);
  const ids = platforms.map((p) => p.id);
  const reviews = await repo.loadComplaintReviews(trx, ids, from, to, COMPLAINT_MAX_RATING);
  const followUps = await repo.loadComplaintFollowUps(trx, ids, from, to, COMPLAINT_MAX_RATING);
  const incidents = await repo.loadComplaintIncidents(trx, ids, from, to, WARNING_INCIDENT_KINDS);
  const accountIds = [...new Set([...reviews.map((r) => r.accountId), ...followUps.map((f) => f.accountId), ...incidents.map((i) => i.reporterId)])];
  const accounts = await repo.loadAccounts(trx, accountIds, asOf);
  const warnings = detectEarlyWarnings({ nowMs, platforms, accounts, reviews, followUps, incidents });

  const open = new Map((await repo.openEpisodes(trx)).map((e) => [e.platformId, e]));
  const seen = new Set<number>();
  const changed: number[] = [];
  for (const w of warnings) {
    seen.add(w.platformId);
    const episode = open.get(w.platformId);
    if (w.active) {
      const evidence = mergeEvidence(episode?.evidence ?? [], w.evidence, w.windowStartMs);
      const values = episodeValues(w, evidence, w.uncountedComplaints);
      if (!episode) {
        const episodeId = await repo.insertEpisode(trx, values, to);
        if (!opts.historic) await watchEvents.earlyWarningOpened(trx, { platformId: w.platformId, episodeId, complainants: w.complainants, nowMs });
        changed.push(w.platformId);
      } else {
        const shownChanged = episode.complainants !== w.complainants || episode.evidence.length !== evidence.length
          || episode.counts.uncounted !== w.uncountedComplaints;
        await repo.updateEpisode(trx, episode.id, values, to);
        if (shownChanged) changed.push(w.platformId);
      }
    } else if (episode) {
      await repo.closeEpisode(trx, episode.id, to, w.suppressedBy ?? 'subsided');
      changed.push(w.platformId);
    }
  }
  // An open episode of a platform no longer listed (unapproved) lifts too.
  for (const [platformId, episode] of open) {
    if (seen.has(platformId)) continue;
    await repo.closeEpisode(trx, episode.id, to, 'subsided');
    changed.push(platformId);
  }
  return changed.sort((a, b) => a - b);
}

// ── the verdict's input ──

/** The verdict's `earlyWarning` for one platform from its open episode (null when none). */
export function toVerdictInput(episode: { complainants: number; windowDays: number; startedAt: Date; endedAt: Date | null } | null | undefined): EarlyWarningVerdictInput | null {
  if (!episode || episode.endedAt !== null) return null;
  return { active: true, complaints: episode.complainants, windowDays: episode.windowDays, sinceMs: episode.startedAt.getTime() };
}

/** Every platform with an open warning → its verdict input (platforms without one: absent, i.e. null). */
export async function earlyWarningsForVerdict(db: Db): Promise<Map<number, EarlyWarningVerdictInput>> {
  const out = new Map<number, EarlyWarningVerdictInput>();
  for (const e of await repo.openEpisodes(db)) out.set(e.platformId, toVerdictInput(e)!);
  return out;
}

export async function earlyWarningForVerdict(db: Db, platformId: number): Promise<EarlyWarningVerdictInput | null> {
  const [latest] = await repo.platformEpisodes(db, platformId, 1);
  return toVerdictInput(latest);
}

// ── pages ──

export interface PlatformWarningView {
  open: repo.Episode | null;
  /** Lifted episodes, newest first. */
  past: repo.Episode[];
  /** account id → handle, for the evidence list */
  handles: Map<number, string>;
}

export async function platformWarningView(db: Db, platformId: number): Promise<PlatformWarningView> {
  const episodes = await repo.platformEpisodes(db, platformId, HISTORY_EPISODES);
  const open = episodes.find((e) => e.endedAt === null) ?? null;
  const handles = await accountHandles(db, [...new Set((open?.evidence ?? []).map((e) => e.accountId))]);
  return { open, past: episodes.filter((e) => e.endedAt !== null), handles };
}

export interface HomeWarning {
  slug: string; nameZh: string; nameEn: string; startedAt: Date; complainants: number; windowDays: number;
}

/** Open warnings for the home page, newest first; a platform already confirmed 跑路 is in the 跑路 list instead. */
export async function homeWarnings(db: Db): Promise<HomeWarning[]> {
  const open = await repo.openEpisodes(db);
  const refs = new Map((await findPlatformRefs(db, open.map((e) => e.platformId))).map((p) => [p.id, p]));
  return open.flatMap((e) => {
    const p = refs.get(e.platformId);
    if (!p || p.status === 'exit_scam') return [];
    return [{ slug: p.slug, nameZh: p.nameZh, nameEn: p.nameEn, startedAt: e.startedAt, complainants: e.complainants, windowDays: e.windowDays }];
  });
}

// ── moderators ──

export function countOpenWarnings(db: Db): Promise<number> {
  return repo.countOpen(db);
}

/** One page of open warnings for the moderators' queue, oldest first (they have waited longest). */
export function openWarningsPage(db: Db, limit: number, offset: number): Promise<repo.Episode[]> {
  return repo.openEpisodesPage(db, limit, offset);
}

// ── lifting without writes ──

/**
 * Called by the maintenance tick: when an open warning's oldest counted complaint has left the
 * window, ask the ranking job for a run, which re-evaluates (and lifts it if the wave passed).
 */
export async function requestRecomputeIfWarningsDue(db: Kysely<Database>, nowMs: number): Promise<boolean> {
  if ((await repo.countDueRechecks(db, new Date(nowMs))) === 0) return false;
  await requestRecompute(db, 'early_warning:recheck');
  return true;
}

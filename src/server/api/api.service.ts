// Read models of the JSON API (issue 17, item 1), built only from the site's own read services
// (the same data and words as the pages: platform.service, ranking.service, verdict.service,
// review.read, incident.service, queue.service). No SQL here. Everything public only: no
// e-mail, no IP hash, no proof file or order number, no removed text beyond what the
// moderation log itself shows.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { t, localePath, type Locale } from '../../i18n/index.ts';
import { absoluteUrl } from '../http/origin.ts';
import { getPlatformPage, listDirectory, directoryPageSize, type PlatformPage } from '../platforms/platform.service.ts';
import type { PlatformCategory, PlatformStatus } from '../platforms/platform.table.ts';
import { earlyWarningsForVerdict, type EarlyWarningVerdictInput } from '../warnings/warning.service.ts';
import { explainReasons, loadPlatformHistory, weightBand } from '../ranking/ranking.service.ts';
import { loadVerdict } from '../verdict/verdict.service.ts';
import { loadPlatformReviews, reviewsPerPage, type ReviewView } from '../reviews/review.read.ts';
import { loadIncidentSummary } from '../incidents/incident.service.ts';
import { loadLog, logPageSize } from '../moderation/queue.service.ts';
import { isModAction } from '../moderation/status.ts';
import { actionLabel, reasonLabel, subjectHref, subjectLabel, whoLabel } from '../moderation/log-format.ts';
import { reasonText as verdictReasonText } from '../../components/verdict/reason-text.ts';
import { isVerdictBand, type VerdictBand } from '../verdict/verdict.ts';
import type {
  ApiIncident, ApiReview, ModLogEntry, PlatformDetail, PlatformSummary,
} from './schemas.ts';

type Db = Kysely<Database>;

export interface ApiContext { db: Db; origin: string; locale: Locale; nowMs: number }

/** A window of a list: `offset` from the cursor, `limit` from the query. */
export interface Window { offset: number; limit: number }
export interface Slice<T> { items: T[]; hasMore: boolean }

/**
 * Items [offset, offset + limit) of a list the services serve in fixed pages of `pageSize`:
 * loads the one or few pages that cover the window (each page is cached by its service).
 */
export async function sliceFromPages<T>(pageSize: number, w: Window, loadPage: (page: number) => Promise<{ items: T[]; hasNext: boolean }>): Promise<Slice<T>> {
  const first = Math.floor(w.offset / pageSize) + 1;
  const out: T[] = [];
  let skip = w.offset - (first - 1) * pageSize;
  // One item past the window tells whether another page exists.
  for (let page = first; out.length < w.limit + 1; page++) {
    const { items, hasNext } = await loadPage(page);
    out.push(...items.slice(skip));
    skip = 0;
    if (!hasNext || items.length === 0) break;
  }
  return { items: out.slice(0, w.limit), hasMore: out.length > w.limit };
}

const siteUrl = (c: ApiContext, path: string) => absoluteUrl(c.origin, localePath(c.locale, path));
const iso = (d: Date) => d.toISOString();
const bandText = (locale: Locale, band: VerdictBand | null) => (band ? t(locale, `verdict.band.${band}`) : null);

function earlyWarning(locale: Locale, w: EarlyWarningVerdictInput | null | undefined): PlatformSummary['earlyWarning'] {
  if (!w) return null;
  return {
    since: new Date(w.sinceMs).toISOString(), complaints: w.complaints, windowDays: w.windowDays,
    text: t(locale, 'api.earlyWarning', { n: w.complaints, days: w.windowDays }),
  };
}

function summaryOf(c: ApiContext, page: PlatformPage, band: VerdictBand | null, warning: EarlyWarningVerdictInput | null | undefined): PlatformSummary {
  const p = page.platform;
  return {
    slug: p.slug,
    name: { 'zh-CN': p.nameZh, en: p.nameEn },
    url: siteUrl(c, `/platforms/${p.slug}`),
    status: p.status,
    statusText: t(c.locale, `platforms.status.${p.status}`),
    band,
    bandText: bandText(c.locale, band),
    score: page.score.overall,
    weighted: page.score.weighted,
    rank: page.score.rank,
    categories: p.categories,
    dimensions: {
      qualification: page.dimensions.qualification.score, service: page.dimensions.service.score,
      risk: page.dimensions.risk.score, reputation: page.dimensions.reputation.score,
    },
    // A confirmed 跑路 says more than a warning of one: the site shows the 跑路 banner instead.
    earlyWarning: p.status === 'exit_scam' ? null : earlyWarning(c.locale, warning),
    counts: {
      reviews: page.stats.reviewCount, incidentsOpen: page.stats.incidentsOpen,
      incidentsResolved: page.stats.incidentsResolved, incidentsConfirmed: page.stats.incidentsConfirmed,
    },
  };
}

export interface PlatformFilters { category?: PlatformCategory; status?: PlatformStatus; sort?: 'rank' | 'newest' | 'reviews' }

/** The directory (approved platforms only), in the directory's order. */
export async function listPlatforms(c: ApiContext, f: PlatformFilters, w: Window): Promise<Slice<PlatformSummary>> {
  const filters = {
    category: f.category ?? null,
    status: f.status ?? null,
    sort: f.sort ?? 'rank',
  };
  const slice = await sliceFromPages(directoryPageSize, w, async (page) => {
    const r = await listDirectory(c.db, { ...filters, page });
    return { items: r.rows, hasNext: page < r.pages };
  });
  const warnings = await earlyWarningsForVerdict(c.db);
  const pages = await Promise.all(slice.items.map((row) => getPlatformPage(c.db, row.slug, null, c.nowMs)));
  const items: PlatformSummary[] = [];
  slice.items.forEach((row, i) => {
    const page = pages[i];
    if (page) items.push(summaryOf(c, page, isVerdictBand(row.band) ? row.band : null, warnings.get(row.id)));
  });
  return { items, hasMore: slice.hasMore };
}

/** Internal id of a public platform (for the list endpoints under it), or null. */
export async function findPublicPlatform(c: ApiContext, slug: string): Promise<PlatformPage | null> {
  if (!/^[a-z0-9-]{1,64}$/.test(slug)) return null;
  const page = await getPlatformPage(c.db, slug, null, c.nowMs);
  return page && page.platform.approval === 'approved' ? page : null;
}

/** One platform's detail, with its internal id (for cache tags; never sent). */
export async function platformDetail(c: ApiContext, slug: string): Promise<{ platformId: number; data: PlatformDetail } | null> {
  const page = await findPublicPlatform(c, slug);
  if (!page) return null;
  const p = page.platform;
  const [verdict, history, incidents, warnings] = await Promise.all([
    loadVerdict(c.db, p.id), loadPlatformHistory(c.db, p.id, 50), loadIncidentSummary(c.db, p.id, c.nowMs, 0), earlyWarningsForVerdict(c.db),
  ]);
  const band = verdict?.band ?? null;
  const data: PlatformDetail = {
    ...summaryOf(c, page, band, warnings.get(p.id)),
    aliases: p.aliases,
    domains: page.domains.map((d) => ({ domain: d.display, primary: d.isPrimary })),
    foundedOn: p.foundedOn,
    operatorType: p.operatorType,
    feedUrl: siteUrl(c, `/platforms/${p.slug}/feed.xml`),
    verdict: verdict ? {
      band: verdict.band, bandText: t(c.locale, `verdict.band.${verdict.band}`), computedAt: iso(verdict.computedAt),
      reasons: verdict.reasons.map((r) => ({ code: r.code, dimension: r.dimension, effect: r.effect, text: verdictReasonText(c.locale, r) })),
    } : null,
    statusHistory: page.statusHistory.map((s) => ({ from: s.from, to: s.to, at: iso(s.at), evidence: s.evidence })),
    history: {
      points: history.points.map((pt) => ({ at: new Date(pt.tMs).toISOString(), score: pt.score, lowerBound: pt.lowerBound, rank: pt.rank, reviewCount: pt.reviewCount })),
      changelog: history.changelog.map((e) => ({
        computedAt: iso(e.computedAt), scoreBefore: e.scoreBefore, scoreAfter: e.scoreAfter, rankBefore: e.rankBefore, rankAfter: e.rankAfter,
        changes: e.changes.map((ch) => ({
          code: ch.code, text: t(c.locale, `ranking.change.${ch.code}`), delta: ch.delta, count: ch.count, reviewId: ch.reviewId,
          incidentCaseNo: ch.incidentCaseNo, fromBand: ch.fromBand, toBand: ch.toBand,
        })),
      })),
    },
    incidentSummary: {
      open: incidents.open, resolved: incidents.resolved, unresolved: incidents.unresolved, rejected: incidents.rejected,
      medianDaysToResolution: incidents.medianDaysToResolution,
    },
  };
  return { platformId: p.id, data };
}

export function reviewToApi(c: ApiContext, r: ReviewView): ApiReview {
  const reasons = explainReasons(r.reasons ?? []);
  const band = r.weight === null ? null : weightBand(r.weight);
  const reply = (x: ReviewView['reply']) => (x ? { bodyHtml: x.bodyHtml, handle: x.handle, createdAt: iso(x.createdAt) } : null);
  return {
    id: r.id,
    url: siteUrl(c, `/reviews/${r.id}`),
    author: { handle: r.handle, url: siteUrl(c, `/u/${encodeURIComponent(r.handle)}`) },
    rating: r.currentRating,
    originalRating: r.rating,
    dimensions: r.dims,
    productCategory: r.productCategory,
    amountBand: r.amountBand,
    proof: r.proofState,
    bodyHtml: r.bodyHtml,
    helpful: r.helpfulCount,
    unhelpful: r.unhelpfulCount,
    createdAt: iso(r.createdAt),
    editedAt: r.editedAt ? iso(r.editedAt) : null,
    weight: {
      band, bandText: band ? t(c.locale, `ranking.weight.band.${band}`) : null,
      reasons: reasons.map((x) => ({ code: x.code, factor: x.factor, text: x.text[c.locale] })),
    },
    // Only published follow-ups: a removed one is shown as the moderation log shows it, not here.
    followUps: r.followUps.filter((f) => f.state === 'published').map((f) => ({
      id: f.id, rating: f.rating, outcome: f.outcome, bodyHtml: f.bodyHtml, createdAt: iso(f.createdAt), officialReply: reply(f.reply),
    })),
    officialReply: reply(r.reply),
  };
}

export interface ReviewFilters { sort?: 'helpful' | 'newest' | 'lowest' | 'follow_ups'; rating?: number | null; verified?: boolean }

export async function platformReviews(c: ApiContext, platformId: number, f: ReviewFilters, w: Window): Promise<Slice<ApiReview>> {
  const base = { sort: f.sort ?? 'newest', verifiedOnly: !!f.verified, withFollowUps: false, rating: f.rating ?? null, category: null, tag: null, q: '' };
  const slice = await sliceFromPages(reviewsPerPage, w, async (page) => {
    const r = await loadPlatformReviews(c.db, platformId, { ...base, page }, null);
    return { items: r.items, hasNext: page < r.pageCount };
  });
  return { items: slice.items.map((r) => reviewToApi(c, r)), hasMore: slice.hasMore };
}

/** Incident cases, newest first; rejected reports are not listed (the platform page hides them too). */
export async function platformIncidents(c: ApiContext, platformId: number, w: Window): Promise<Slice<ApiIncident>> {
  const all = (await loadIncidentSummary(c.db, platformId, c.nowMs, Number.MAX_SAFE_INTEGER)).recent;
  const items = all.slice(w.offset, w.offset + w.limit).map((i) => ({
    caseNo: i.caseNo, url: siteUrl(c, `/incidents/${i.caseNo}`), kind: i.kind, kindText: t(c.locale, `reviews.incident.kind.${i.kind}`),
    status: i.status, statusText: t(c.locale, `reviews.incident.status.${i.status}`), createdAt: iso(i.createdAt),
  }));
  return { items, hasMore: all.length > w.offset + w.limit };
}

export interface ModLogFilters { action?: string | null; platform?: string | null }

export async function moderationLog(c: ApiContext, f: ModLogFilters, w: Window): Promise<Slice<ModLogEntry>> {
  type Loaded = Awaited<ReturnType<typeof loadLog>>;
  const meta: { paths: Loaded['paths']; handles: Loaded['handles'] }[] = [];
  const slice = await sliceFromPages(logPageSize, w, async (page) => {
    const r = await loadLog(c.db, { action: f.action && isModAction(f.action) ? f.action : null, platform: f.platform ?? null, page });
    meta.push({ paths: r.paths, handles: r.handles });
    return { items: r.rows, hasNext: r.hasNext };
  });
  const path = (key: string) => meta.map((m) => m.paths.get(key)).find((x) => x !== undefined);
  const handles = new Map(meta.flatMap((m) => [...m.handles]));
  return {
    items: slice.items.map((r) => {
      const other = path(`${r.subjectKind}:${r.subjectId}`);
      let href = other ? localePath(c.locale, other) : subjectHref(c.locale, r);
      if (href?.endsWith('event=')) href += r.id;
      return {
        id: r.id, action: r.action, actionText: actionLabel(c.locale, r.action),
        subject: { kind: r.subjectKind, id: r.subjectId, text: subjectLabel(c.locale, r, handles), url: href ? absoluteUrl(c.origin, href) : null },
        platform: r.platformSlug && r.platformName ? { slug: r.platformSlug, name: r.platformName } : null,
        moderator: whoLabel(c.locale, r), reason: r.reason, reasonText: r.reason ? reasonLabel(c.locale, r.reason) : null,
        note: r.note, createdAt: iso(r.createdAt),
      };
    }),
    hasMore: slice.hasMore,
  };
}

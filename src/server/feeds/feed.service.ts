// What the Atom feeds say (issue 17, item 2), from the site's read services only: a platform's
// feed (reviews, follow-ups, case reports, incident cases, status and verdict-band changes,
// 预警) and the site's alerts (confirmed 跑路, open 预警, removed review rings). Entries are
// plain data here; atom.ts writes the XML.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { t, localePath, type Locale } from '../../i18n/index.ts';
import { getPlatformPage, type PlatformPage } from '../platforms/platform.service.ts';
import { loadPlatformReviews, loadCaseReports, type ReviewView } from '../reviews/review.read.ts';
import { loadIncidentSummary } from '../incidents/incident.service.ts';
import { loadPlatformHistory, loadRanking } from '../ranking/ranking.service.ts';
import { homeWarnings, platformWarningView } from '../warnings/warning.service.ts';
import { loadLog } from '../moderation/queue.service.ts';
import { htmlText, type FeedEntry } from './atom.ts';
import type { VerdictBand } from '../verdict/verdict.ts';

type Db = Kysely<Database>;

/** Entries per feed: a reader polling hourly misses nothing on any platform we have seen. */
export const feedEntryLimit = 50;
const tag = (kind: string, id: string | number) => `tag:kaopu,2026:${kind}:${id}`;

function newestFirst(entries: FeedEntry[]): FeedEntry[] {
  return entries.sort((a, b) => b.date.getTime() - a.date.getTime() || (a.id < b.id ? 1 : -1)).slice(0, feedEntryLimit);
}

export interface PlatformFeed { page: PlatformPage; name: string; entries: FeedEntry[] }

/** A public platform's feed, or null when there is no approved platform by that slug. */
export async function platformFeed(db: Db, slug: string, locale: Locale, nowMs: number): Promise<PlatformFeed | null> {
  if (!/^[a-z0-9-]{1,64}$/.test(slug)) return null;
  const page = await getPlatformPage(db, slug, null, nowMs);
  if (!page || page.platform.approval !== 'approved') return null;
  const p = page.platform;
  const name = locale === 'en' ? p.nameEn : p.nameZh;
  const base = { sort: 'newest' as const, verifiedOnly: false, withFollowUps: false, rating: null, category: null, tag: null, q: '', page: 1 };
  // The newest reviews, and the reviews with the newest follow-ups (an old review's follow-up is news too).
  const [newest, followedUp, cases, incidents, history, warnings] = await Promise.all([
    loadPlatformReviews(db, p.id, base, null),
    loadPlatformReviews(db, p.id, { ...base, sort: 'follow_ups' }, null),
    loadCaseReports(db, p.id, 20),
    loadIncidentSummary(db, p.id, nowMs, 20),
    loadPlatformHistory(db, p.id, 20),
    platformWarningView(db, p.id),
  ]);
  const entries: FeedEntry[] = [];
  const reviews = new Map<number, ReviewView>();
  for (const r of [...newest.items, ...followedUp.items]) reviews.set(r.id, r);
  for (const r of reviews.values()) {
    entries.push({
      id: tag('review', r.id), title: t(locale, 'feed.entry.review', { stars: r.rating, handle: r.handle }),
      path: localePath(locale, `/reviews/${r.id}`), date: r.createdAt, contentHtml: r.bodyHtml, author: r.handle,
    });
    for (const f of r.followUps) {
      if (f.state !== 'published') continue;
      entries.push({
        id: tag('follow-up', f.id), title: t(locale, 'feed.entry.followUp', { stars: f.rating, handle: r.handle }),
        path: localePath(locale, `/reviews/${r.id}`) + `#follow-up-${f.id}`, date: f.createdAt, contentHtml: f.bodyHtml, author: r.handle,
      });
    }
  }
  for (const c of cases) {
    entries.push({
      id: tag('case-report', c.id), title: t(locale, 'feed.entry.caseReport', { handle: c.handle }),
      path: localePath(locale, `/platforms/${p.slug}`) + `#case-report-${c.id}`, date: c.createdAt, contentHtml: c.bodyHtml, author: c.handle,
    });
  }
  for (const i of incidents.recent) {
    const title = t(locale, 'feed.entry.incident', {
      caseNo: i.caseNo, kind: t(locale, `reviews.incident.kind.${i.kind}`), status: t(locale, `reviews.incident.status.${i.status}`),
    });
    // The status is part of the id: a case that moves on is a new entry, not a silent edit.
    entries.push({ id: tag('incident', `${i.caseNo}:${i.status}`), title, path: localePath(locale, `/incidents/${i.caseNo}`), date: i.createdAt, contentHtml: htmlText(title) });
  }
  for (const s of page.statusHistory) {
    const title = t(locale, 'feed.entry.status', { from: t(locale, `platforms.status.${s.from}`), to: t(locale, `platforms.status.${s.to}`) });
    entries.push({
      id: tag('status', `${p.id}:${s.at.getTime()}`), title, path: localePath(locale, `/platforms/${p.slug}`) + '#status-history', date: s.at,
      contentHtml: htmlText(s.evidence ? `${title}. ${t(locale, 'feed.evidence')}${s.evidence}` : title),
    });
  }
  for (const e of history.changelog) {
    for (const ch of e.changes) {
      if (ch.code !== 'BAND_CHANGED') continue;
      const band = (b: VerdictBand | null) => (b ? t(locale, `verdict.band.${b}`) : t(locale, 'feed.noBand'));
      const title = t(locale, 'feed.entry.band', { from: band(ch.fromBand), to: band(ch.toBand) });
      entries.push({ id: tag('band', `${p.id}:${e.computedAt.getTime()}`), title, path: localePath(locale, `/platforms/${p.slug}`) + '#profile', date: e.computedAt, contentHtml: htmlText(title) });
    }
  }
  for (const w of [...(warnings.open ? [warnings.open] : []), ...warnings.past]) {
    const title = t(locale, 'feed.entry.warning', { n: w.complainants, days: w.windowDays });
    entries.push({ id: tag('warning', w.id), title, path: localePath(locale, `/platforms/${p.slug}`) + '#early-warning', date: w.startedAt, contentHtml: htmlText(title) });
    if (w.endedAt) {
      const lifted = t(locale, 'feed.entry.warningLifted');
      entries.push({ id: tag('warning-lifted', w.id), title: lifted, path: localePath(locale, `/platforms/${p.slug}`) + '#early-warning', date: w.endedAt, contentHtml: htmlText(lifted) });
    }
  }
  return { page, name, entries: newestFirst(entries) };
}

/** The site's alerts: confirmed 跑路, open 预警, and review rings removed by moderators. */
export async function alertEntries(db: Db, locale: Locale): Promise<FeedEntry[]> {
  const [ranking, warnings, rings] = await Promise.all([loadRanking(db), homeWarnings(db), loadLog(db, { action: 'ring_remove', page: 1 })]);
  const entries: FeedEntry[] = [];
  const nameOf = (p: { nameZh: string; nameEn: string }) => (locale === 'en' ? p.nameEn : p.nameZh);
  for (const p of ranking.exitScam) {
    const title = t(locale, 'feed.entry.exitScam', { name: nameOf(p) });
    entries.push({
      id: tag('exit-scam', p.platformId), title, path: localePath(locale, `/platforms/${p.slug}`) + '#status',
      date: p.statusChangedAt ?? p.computedAt ?? new Date(0), contentHtml: htmlText(title),
    });
  }
  for (const w of warnings) {
    const title = t(locale, 'feed.entry.warningAlert', { name: nameOf(w), n: w.complainants, days: w.windowDays });
    entries.push({
      id: tag('warning', `${w.slug}:${w.startedAt.getTime()}`), title, path: localePath(locale, `/platforms/${w.slug}`) + '#early-warning',
      date: w.startedAt, contentHtml: htmlText(title),
    });
  }
  for (const r of rings.rows) {
    const title = t(locale, 'feed.entry.ring', { name: r.platformName ?? t(locale, 'mod.log.system') });
    const content = [title, r.note].filter(Boolean).map(htmlText).join('<br>');
    entries.push({ id: tag('moderation-event', r.id), title, path: `${localePath(locale, '/mod/log')}?event=${r.id}`, date: r.createdAt, contentHtml: content });
  }
  return newestFirst(entries);
}

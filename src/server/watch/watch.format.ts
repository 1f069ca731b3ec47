// A notification in words and its link: one place for the inbox, the mails and the private feed.
// Pure: no I/O, no clock.
import { t, localePath, type Locale } from '../../i18n/index.ts';
import type { NotificationRow } from './watch.repository.ts';

export function platformName(locale: Locale, n: Pick<NotificationRow, 'nameZh' | 'nameEn'>): string {
  return locale === 'en' ? n.nameEn || n.nameZh : n.nameZh;
}

/** One line saying what happened, in the reader's language. */
export function notificationTitle(locale: Locale, n: NotificationRow): string {
  const platform = platformName(locale, n);
  switch (n.kind) {
    case 'band_changed':
      return t(locale, 'watch.n.band', { platform, from: t(locale, `verdict.band.${n.data.from}`), to: t(locale, `verdict.band.${n.data.to}`) });
    case 'early_warning':
      return t(locale, 'watch.n.warning', { platform, n: Number(n.data.complainants ?? 0) });
    case 'status_changed':
      return t(locale, 'watch.n.status', { platform, to: t(locale, `platforms.status.${n.data.to}`) });
    case 'official_reply':
      return n.caseNo ? t(locale, 'watch.n.caseReply', { platform, caseNo: n.caseNo }) : t(locale, 'watch.n.reply', { platform });
    case 'case_status':
      return t(locale, 'watch.n.case', { platform, caseNo: n.caseNo ?? '', status: t(locale, `reviews.incident.status.${n.data.status}`) });
  }
}

/** The page the notification is about (a site path in the reader's language). */
export function notificationPath(locale: Locale, n: NotificationRow): string {
  if (n.caseNo) return localePath(locale, `/incidents/${encodeURIComponent(n.caseNo)}`);
  if (n.kind === 'official_reply' && n.data.reviewId) return localePath(locale, `/reviews/${Number(n.data.reviewId)}`);
  return localePath(locale, `/platforms/${encodeURIComponent(n.slug)}`);
}

/** A digest's entries grouped by platform, platforms in the order of their first entry. */
export function groupByPlatform(rows: readonly NotificationRow[]): Array<{ platformId: number; rows: NotificationRow[] }> {
  const groups = new Map<number, NotificationRow[]>();
  for (const r of rows) {
    const g = groups.get(r.platformId);
    if (g) g.push(r);
    else groups.set(r.platformId, [r]);
  }
  return [...groups].map(([platformId, list]) => ({ platformId, rows: list }));
}

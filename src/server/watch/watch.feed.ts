// A member's private Atom feed (RFC 4287) of their notifications, built with the `feed` package
// like the moderation log's. Its URL carries the member's secret feed token; every absolute URL
// here starts from the configured origin, never from the request.
import { Feed } from 'feed';
import { t, localePath, type Locale } from '../../i18n/index.ts';
import type { NotificationRow } from './watch.repository.ts';
import { notificationPath, notificationTitle } from './watch.format.ts';

/** XML 1.0 forbids most control characters even when escaped (§2.2 Char): drop them. */
function xmlText(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

/** `feed` writes titles as type="html" in CDATA: escape text so it stays text. */
function htmlText(s: string): string {
  return xmlText(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function buildWatchFeed(o: { origin: string; locale: Locale; handle: string; feedPath: string; rows: readonly NotificationRow[] }): string {
  const inboxUrl = `${o.origin}${localePath(o.locale, '/inbox')}`;
  const feed = new Feed({
    // The feed's id must not carry the secret (ids get shared and logged by readers).
    id: `tag:kaopu,2026:watch-feed:${o.locale}`,
    title: xmlText(t(o.locale, 'settings.watch.feedTitle', { handle: o.handle })),
    updated: o.rows[0]?.createdAt ?? new Date(0),
    link: inboxUrl,
    feed: `${o.origin}${o.feedPath}`,
    language: o.locale,
    generator: false,
  });
  for (const r of o.rows) {
    const title = notificationTitle(o.locale, r);
    feed.addItem({
      id: `tag:kaopu,2026:notification:${r.id}`,
      title: htmlText(title),
      link: `${o.origin}${notificationPath(o.locale, r)}`,
      date: r.createdAt,
      content: htmlText(title),
    });
  }
  return feed.atom1();
}

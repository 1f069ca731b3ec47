// Atom (RFC 4287) through the `feed` package, shared by every feed on the site: the moderation
// log, each platform's feed and the alerts. Absolute URLs only from the configured origin
// (origin.ts absoluteUrl), never the request's Host: feeds are cached and served to everyone.
import { Feed } from 'feed';
import type { Locale } from '../../i18n/index.ts';
import { absoluteUrl } from '../http/origin.ts';

/** XML 1.0 forbids most control characters even when escaped (§2.2 Char): drop them. */
export function xmlText(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

/** `feed` writes entry titles and content as type="html" in CDATA: escape text so it stays text. */
export function htmlText(s: string): string {
  return xmlText(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface FeedEntry {
  /** A stable tag URI (RFC 4151), e.g. tag:kaopu,2026:review:12 */
  id: string;
  /** Plain text. */
  title: string;
  /** A site path ('/reviews/12'); made absolute from the origin. */
  path: string;
  date: Date;
  /** HTML that is already safe (sanitised user HTML, or text through htmlText). */
  contentHtml: string;
  author?: string;
}

export interface FeedMeta {
  origin: string;
  locale: Locale;
  /** Tag URI of the feed itself. */
  id: string;
  title: string;
  subtitle?: string;
  /** The HTML page the feed follows, and the feed's own path. */
  pagePath: string;
  selfPath: string;
}

export const feedContentType = 'application/atom+xml; charset=utf-8';

export function buildAtom(meta: FeedMeta, entries: readonly FeedEntry[]): string {
  const feed = new Feed({
    id: meta.id,
    title: xmlText(meta.title),
    ...(meta.subtitle ? { description: xmlText(meta.subtitle) } : {}),
    updated: entries[0]?.date ?? new Date(0),
    link: absoluteUrl(meta.origin, meta.pagePath),
    feed: absoluteUrl(meta.origin, meta.selfPath),
    language: meta.locale,
    generator: false,
  });
  for (const e of entries) {
    feed.addItem({
      id: e.id,
      title: htmlText(e.title),
      link: absoluteUrl(meta.origin, e.path),
      date: e.date,
      ...(e.author ? { author: [{ name: xmlText(e.author) }] } : {}),
      content: xmlText(e.contentHtml),
    });
  }
  return feed.atom1();
}

// The moderation log as an Atom feed (RFC 4287), built with the `feed` package. Every absolute
// URL starts from the configured origin (rt.origin), never from the request's Host: this response
// is cached and served to every reader (issue 16, finding 3).
import type { APIRoute } from 'astro';
import { Feed } from 'feed';
import { t, localePath } from '../../i18n/index.ts';
import { loadLog } from '../../server/moderation/queue.service.ts';
import { htmlText, xmlText } from '../../server/feeds/atom.ts';
import { actionLabel, feedQuery, logFilters, reasonLabel, subjectLabel, whoLabel } from '../../server/moderation/log-format.ts';

export const GET: APIRoute = async ({ locals, url }) => {
  const { locale, rt } = locals;
  // Same filters as the page: a feed of one platform, one moderator or one action.
  const filters = logFilters(url.searchParams);
  const { rows, handles } = await loadLog(rt.db, { ...filters, page: 1 });
  const logUrl = `${rt.origin}${localePath(locale, '/mod/log')}`;
  const feed = new Feed({
    id: `${logUrl}${feedQuery(filters)}`,
    title: xmlText(t(locale, 'mod.log.feedTitle')),
    updated: rows[0]?.createdAt ?? new Date(0),
    link: `${logUrl}${feedQuery(filters)}`,
    feed: `${rt.origin}${localePath(locale, '/mod/log.xml')}${feedQuery(filters)}`,
    language: locale,
    generator: false,
  });
  for (const r of rows) {
    const title = `${actionLabel(locale, r.action)} · ${subjectLabel(locale, r, handles)}${r.platformName ? ` · ${r.platformName}` : ''}`;
    const parts = [
      `${t(locale, 'mod.log.who')}: ${whoLabel(locale, r)}`,
      r.reason ? `${t(locale, 'mod.log.reason')}: ${reasonLabel(locale, r.reason)}` : '',
      r.note ? `${t(locale, 'mod.log.note')}: ${r.note}` : '',
    ].filter(Boolean);
    feed.addItem({
      id: `tag:kaopu,2026:moderation-event:${r.id}`,
      title: htmlText(title),
      link: `${logUrl}?event=${r.id}`,
      date: r.createdAt,
      author: [{ name: xmlText(whoLabel(locale, r)) }],
      content: parts.map(htmlText).join('<br>'),
    });
  }
  return new Response(feed.atom1(), {
    headers: { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': 'public, max-age=60', 'x-kaopu-cache': 'modlog' },
  });
};

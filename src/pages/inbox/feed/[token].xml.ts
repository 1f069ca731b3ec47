// A member's private Atom feed: /inbox/feed/<token>.xml, the token made in settings (only its
// hash is stored; remaking or turning the feed off ends the old address). Never cached by the
// site (no cache tags) nor by proxies; an unknown token is a plain 404 (it tells nothing).
import type { APIRoute } from 'astro';
import { localePath } from '../../../i18n/index.ts';
import { feedOwner, inboxPage } from '../../../server/watch/watch.service.ts';
import { buildWatchFeed } from '../../../server/watch/watch.feed.ts';

export const GET: APIRoute = async ({ locals, params }) => {
  const { locale, rt } = locals;
  const token = params.token ?? '';
  const owner = await feedOwner(rt.db, token);
  if (!owner) {
    return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  }
  const rows = await inboxPage(rt.db, owner.accountId);
  const xml = buildWatchFeed({ origin: rt.origin, locale, handle: owner.handle, feedPath: localePath(locale, `/inbox/feed/${token}.xml`), rows });
  return new Response(xml, {
    headers: { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': 'private, no-store', 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex' },
  });
};

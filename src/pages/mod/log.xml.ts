// The moderation log as an Atom feed (RFC 4287), written by hand with every text escaped.
import type { APIRoute } from 'astro';
import { t, localePath } from '../../i18n/index.ts';
import { loadLog } from '../../server/moderation/queue.service.ts';
import { actionLabel, feedQuery, logFilters, reasonLabel, subjectLabel, whoLabel } from '../../server/moderation/log-format.ts';

function esc(s: string): string {
  // XML 1.0 forbids most control characters even when escaped: drop them.
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export const GET: APIRoute = async ({ locals, url }) => {
  const { locale, rt } = locals;
  // Same filters as the page: a feed of one platform, one moderator or one action.
  const filters = logFilters(url.searchParams);
  const { rows, handles } = await loadLog(rt.db, { ...filters, page: 1 });
  const base = `${url.protocol}//${url.host}`;
  const logUrl = `${base}${localePath(locale, '/mod/log')}`;
  const updated = (rows[0]?.createdAt ?? new Date(0)).toISOString();
  const entries = rows.map((r) => {
    const title = `${actionLabel(locale, r.action)} · ${subjectLabel(locale, r, handles)}${r.platformName ? ` · ${r.platformName}` : ''}`;
    const parts = [
      `${t(locale, 'mod.log.who')}: ${whoLabel(locale, r)}`,
      r.reason ? `${t(locale, 'mod.log.reason')}: ${reasonLabel(locale, r.reason)}` : '',
      r.note ? `${t(locale, 'mod.log.note')}: ${r.note}` : '',
    ].filter(Boolean);
    return `  <entry>
    <id>tag:kaopu,2026:moderation-event:${r.id}</id>
    <title>${esc(title)}</title>
    <updated>${r.createdAt.toISOString()}</updated>
    <author><name>${esc(whoLabel(locale, r))}</name></author>
    <link rel="alternate" href="${esc(`${logUrl}?event=${r.id}`)}"/>
    <content type="text">${esc(parts.join('\n'))}</content>
  </entry>`;
  });
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${esc(`${logUrl}${feedQuery(filters)}`)}</id>
  <title>${esc(t(locale, 'mod.log.feedTitle'))}</title>
  <updated>${updated}</updated>
  <link rel="self" href="${esc(`${base}${localePath(locale, '/mod/log.xml')}${feedQuery(filters)}`)}"/>
  <link rel="alternate" href="${esc(`${logUrl}${feedQuery(filters)}`)}"/>
${entries.join('\n')}
</feed>
`;
  return new Response(xml, {
    headers: { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': 'public, max-age=60', 'x-kaopu-cache': 'modlog' },
  });
};

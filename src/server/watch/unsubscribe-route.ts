// RFC 8058 one-click unsubscribe: a mail client POSTs `List-Unsubscribe=One-Click` to the URL of
// the List-Unsubscribe header, from its own servers, with no cookie and no Origin header, so
// Astro's origin check (security.checkOrigin) would refuse it; this runs in our node:http server
// before Astro. No CSRF concern: the signed token in the URL is the whole authorisation, and
// whoever holds it could use it directly. A browser's own confirm form (pages/watch/unsubscribe)
// posts here too and is sent back to the page with the result.
import type http from 'node:http';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { localeFromPath, localePath } from '../../i18n/index.ts';
import { unsubscribe } from './watch.service.ts';

const paths = new Set(['/watch/unsubscribe', '/en/watch/unsubscribe']);
/** The body is one short form field; anything longer is not a one-click request. */
const maxBody = 1024;

export function oneClickUnsubscribe(deps: { db: () => Kysely<Database>; appSecret: string; log?: (m: string) => void }) {
  return (req: http.IncomingMessage, res: http.ServerResponse, pathname: string): boolean => {
    if (!paths.has(pathname)) return false;
    const locale = localeFromPath(pathname);
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('token') ?? '';
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= maxBody) chunks.push(c);
    });
    req.on('end', () => {
      const body = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const oneClick = body.get('List-Unsubscribe') === 'One-Click';
      unsubscribe(deps.db(), deps.appSecret, token, Date.now()).then(
        () => finish(true),
        (e: unknown) => {
          if ((e as { code?: string }).code !== 'token_invalid') deps.log?.(`watch: unsubscribe failed: ${(e as Error)?.message}`);
          finish(false);
        },
      );
      function finish(ok: boolean) {
        if (oneClick) {
          res.writeHead(ok ? 200 : 400, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
          res.end(ok ? 'unsubscribed' : 'invalid token');
          return;
        }
        const q = new URLSearchParams({ token, [ok ? 'done' : 'invalid']: '1' });
        res.writeHead(303, { location: `${localePath(locale, '/watch/unsubscribe')}?${q}`, 'cache-control': 'no-store' });
        res.end();
      }
    });
    req.on('error', () => res.destroy());
    return true;
  };
}

// Start the whole site in this process: runtime (database, migrations), demo seed on an
// empty database, the built Astro handler under our node:http server, graceful shutdown.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type http from 'node:http';
import { loadConfig, type Config } from '../config.ts';
import { bootRuntime, shutdownRuntime, type Runtime } from '../runtime.ts';
import { createHttpServer, type AstroHandler } from './server.ts';
import type { PageCache } from './page-cache.ts';
import { MemberPages } from './member-pages.ts';
import { createSessionPeek } from '../accounts/session-peek.ts';
import { sessionCookieName } from '../accounts/session-token.ts';
import { readerVotes } from '../reviews/review.read.ts';
import { readerWatches, unreadCount } from '../watch/watch.service.ts';
import { allowedHosts, isAllowedHost, siteOrigin } from './origin.ts';

// Pages that opt in to the shared member render: the home page and platform pages.
const memberPagePattern = /^(?:\/|\/en\/?|(\/en)?\/platforms\/[a-z0-9-]+)$/;

export interface RunningSite {
  server: http.Server;
  cache: PageCache;
  runtime: Runtime;
  url: string;
  stop(): Promise<void>;
}

export async function serveSite(opts: { root: string; distDir?: string; config?: Config; seed?: (rt: Runtime) => Promise<unknown>; log?: (m: string) => void }): Promise<RunningSite> {
  const log = opts.log ?? ((m: string) => console.log(m));
  const cfg = opts.config ?? loadConfig();
  const distDir = opts.distDir ?? cfg.distDir ?? path.join(opts.root, 'dist');
  const entry = path.join(distDir, 'server/entry.mjs');
  if (!existsSync(entry)) throw new Error(`No build at ${entry}: run npm run build first`);
  const runtime = await bootRuntime({ config: cfg });
  if (opts.seed) await opts.seed(runtime);
  // Ranking recompute poller: runs the job ~2 s after writes request it (advisory lock: one server at a time).
  if (cfg.rankPoll) (await import('../ranking/recompute.ts')).scheduleRecompute(runtime);
  (await import('../maintenance.ts')).scheduleMaintenance(runtime);
  // Watchlist delivery: fan-out, mail and digests from the notify_job table (watch/watch.worker.ts).
  const watchWorker = await import('../watch/watch.worker.ts');
  if (cfg.watchWorker) {
    watchWorker.scheduleWatchDelivery({ db: runtime.db, mailer: runtime.mailer, get origin() { return runtime.origin; }, appSecret: cfg.appSecret, log }, runtime.closers);
  }
  const { oneClickUnsubscribe } = await import('../watch/unsubscribe-route.ts');
  // Push whatever the outbox still holds (writes made while the search engine was down).
  (await import('../search/index-after-write.ts')).drainSearchOutboxSoon(runtime);
  const { handler } = (await import(pathToFileURL(entry).href)) as { handler: AstroHandler };
  const https = cfg.publicOrigin?.startsWith('https:') ?? false;
  const pageCache = { ttlMs: cfg.pageCacheTtlMs, maxBytes: cfg.pageCacheMaxBytes };
  const sessions = createSessionPeek(runtime.db);
  const member = new MemberPages({
    // Home and platform pages opt in (renderAsMemberTemplate); other paths here pass through.
    matches: (pathname) => memberPagePattern.test(pathname),
    cookieName: sessionCookieName(https),
    peek: sessions.peek,
    // Votes, and (targets `watch_<subject>`) whether the reader follows the page's platform.
    votes: async (readerId, targets) => {
      const [votes, watching] = await Promise.all([readerVotes(runtime.db, readerId, targets), readerWatches(runtime.db, readerId, targets)]);
      for (const [k, v] of watching) votes.set(k, v);
      return votes;
    },
    unread: (readerId) => unreadCount(runtime.db, readerId),
  }, pageCache);
  // Host names answered for: filled in once the port is bound (PORT=0 picks one).
  let hosts = allowedHosts(cfg);
  const { server, cache } = createHttpServer({
    handler, clientDir: path.join(distDir, 'client'), cache: pageCache, https, member,
    allowedHost: (host) => isAllowedHost(host, hosts),
    earlyPost: oneClickUnsubscribe({ db: () => runtime.db, appSecret: cfg.appSecret, log }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.port, cfg.host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : cfg.port;
  hosts = allowedHosts(cfg, port);
  runtime.origin = siteOrigin(cfg, port);
  if (!cfg.publicOrigin && (cfg.host === '0.0.0.0' || cfg.host === '::')) {
    log(`PUBLIC_ORIGIN is not set: only ${[...hosts].join(', ')} are answered (other Host names get 421); set PUBLIC_ORIGIN to the address readers use.`);
  }
  const url = `http://${cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host}:${port}`;
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      // Stop accepting, let in-flight requests finish (bounded), then close the database.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, 5_000).unref();
      });
      sessions.stop();
      await shutdownRuntime();
    })();
    return stopping;
  };
  log(`Kaopu listening on ${url} (database: ${runtime.dbHandle.kind})`);
  return { server, cache, runtime, url, stop };
}

/** SIGTERM/SIGINT close the server and the database (PGlite must not be left mid-write). */
export function installSignalHandlers(stop: () => Promise<void>): void {
  let count = 0;
  const onSignal = (signal: string) => {
    count++;
    if (count > 1) process.exit(1);
    console.log(`${signal}: shutting down`);
    stop().then(
      () => process.exit(0),
      (err) => {
        console.error('shutdown failed:', (err as Error).message);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}

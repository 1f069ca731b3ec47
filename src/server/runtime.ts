// The process-wide runtime: config, database, rate-limit store. Booted once by the start
// script (or lazily on first request under `astro dev` and in tests). Kept on globalThis
// because the Astro bundle and the Node-run scripts load separate copies of this module.
import path from 'node:path';
import type { Kysely } from 'kysely';
import { config as readConfig, type Config } from './config.ts';
import { createDb, type DbHandle } from './db/client.ts';
import { migrateToLatest } from './db/migrate.ts';
import type { Database } from './db/schema.ts';
import { createRateLimitStore, type ClosableRateLimitStore } from './security/rate-limit.ts';
import { createSecretBox, type SecretBox } from './security/secret-box.ts';
import { connectInvalidationBus } from './http/invalidation.ts';
import { siteOrigin } from './http/origin.ts';
import { backfillHandleSkeletons } from './accounts/account.repository.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { minuteMs } from './time.ts';

export interface Runtime {
  readonly config: Config;
  readonly dbHandle: DbHandle;
  readonly db: Kysely<Database>;
  readonly rateLimits: ClosableRateLimitStore;
  readonly totpBox: SecretBox;
  /** Account mail: SMTP_URL, or .eml files under DATA_DIR/mail. */
  readonly mailer: Mailer;
  /** Tasks to run on shutdown, newest first (close search drains, timers…). */
  readonly closers: Array<() => Promise<void> | void>;
  /**
   * The site's absolute origin for feeds, canonical links, mails and badges (http/origin.ts):
   * PUBLIC_ORIGIN, else the configured HOST:PORT — the serving code sets the bound port once
   * listening. Never the request's Host header.
   */
  origin: string;
}

/** Larger buckets, same shape: for e2e runs and load benches that share one client IP. */
function scaleRateLimits(store: ClosableRateLimitStore, multiplier: number): ClosableRateLimitStore {
  if (multiplier === 1) return store;
  return {
    consume: (key, policy, cost) =>
      store.consume(key, { ...policy, max: policy.max * multiplier, refillIntervalMs: Math.max(1, Math.floor(policy.refillIntervalMs / multiplier)) }, cost),
    close: () => store.close(),
  };
}

const runtimeKey = Symbol.for('kaopu.runtime');
const g = globalThis as unknown as Record<symbol, Promise<Runtime> | undefined>;

export interface BootOptions {
  config?: Config;
  /** Use this database instead of opening one (tests). */
  dbHandle?: DbHandle;
  migrate?: boolean;
}

export async function bootRuntime(options: BootOptions = {}): Promise<Runtime> {
  const cfg = options.config ?? readConfig();
  const dbHandle =
    options.dbHandle ??
    (await createDb({ databaseUrl: cfg.databaseUrl, pgliteDir: path.join(cfg.dataDir, 'pglite') }));
  if (options.migrate !== false) {
    await migrateToLatest(dbHandle.db);
    // Accounts stored before handles had a confusable skeleton (issue 16, finding 4).
    await backfillHandleSkeletons(dbHandle.db);
  }
  const closers: Array<() => Promise<void> | void> = [];
  if (cfg.redisUrl) closers.push(await connectInvalidationBus(cfg.redisUrl));
  // At most one line a minute while Redis is down (ioredis reports every reconnect attempt);
  // the message only, never the URL (it may hold a password).
  let lastRedisLogMs = 0;
  const onRedisError = (error: Error) => {
    const now = Date.now();
    if (now - lastRedisLogMs < minuteMs) return;
    lastRedisLogMs = now;
    console.error(`rate limits: Redis unavailable (${error.message}); writes use per-server buckets, log-in answers 503`);
  };
  const rateLimits = scaleRateLimits(createRateLimitStore(cfg.redisUrl ?? undefined, { onRedisError }), cfg.rateLimitMultiplier);
  const mailer = createMailer({ smtpUrl: cfg.smtpUrl, from: cfg.mailFrom, mailDir: cfg.mailDir });
  closers.push(() => mailer.close());
  const rt: Runtime = {
    config: cfg,
    dbHandle,
    db: dbHandle.db,
    rateLimits,
    totpBox: createSecretBox(cfg.appSecret, 'totp-key'),
    mailer,
    closers,
    origin: siteOrigin(cfg),
  };
  g[runtimeKey] = Promise.resolve(rt);
  return rt;
}

/** The booted runtime; boots one from the environment if none exists yet. */
export function getRuntime(): Promise<Runtime> {
  g[runtimeKey] ??= bootRuntime();
  return g[runtimeKey]!;
}

/** Close everything the runtime opened; the database last (PGlite flushes on close). */
export async function shutdownRuntime(): Promise<void> {
  const pending = g[runtimeKey];
  if (!pending) return;
  g[runtimeKey] = undefined;
  const rt = await pending;
  for (const close of [...rt.closers].reverse()) {
    try {
      await close();
    } catch {
      /* keep closing the rest */
    }
  }
  await rt.rateLimits.close().catch(() => {});
  await rt.dbHandle.close();
}

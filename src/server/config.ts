// Environment → typed, frozen configuration, read once. A bad value stops start-up
// with a message naming the variable and what it expected.
import path from 'node:path';
import { noTrustedProxies, parseTrustedProxies, type TrustedProxies } from './http/client-ip.ts';
import { secondMs, hourMs } from './time.ts';

export interface Config {
  readonly host: string;
  readonly port: number;
  /** Where PGlite data and uploads live when no DATABASE_URL is set. */
  readonly dataDir: string;
  /** postgres://… for a real server; null → embedded PGlite under dataDir/pglite. */
  readonly databaseUrl: string | null;
  readonly redisUrl: string | null;
  readonly meilisearchUrl: string | null;
  readonly meilisearchKey: string | null;
  /** Secret for salting fingerprints and IP keys and encrypting TOTP keys at rest. */
  readonly appSecret: string;
  readonly appSecretIsDefault: boolean;
  /** Public origin, e.g. https://kaopu.example; used for Secure cookies and feeds. */
  readonly publicOrigin: string | null;
  readonly uploadDir: string;
  readonly pageCacheTtlMs: number;
  readonly pageCacheMaxBytes: number;
  readonly seedDemo: boolean;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /**
   * smtp://user:pass@host:587 or smtps://…: where account mail (verification, password
   * reset, change of address) is sent. null → each mail is written as an .eml file under mailDir.
   */
  readonly smtpUrl: string | null;
  /** The From header of account mail. */
  readonly mailFrom: string;
  /** Where mail is written when no SMTP_URL is set. */
  readonly mailDir: string;
  /** Multiplies every rate-limit bucket (tests and load benches on one IP); 1 in production. */
  readonly rateLimitMultiplier: number;
  /**
   * TRUST_PROXY: the reverse proxies / load balancers in front of this server (addresses or
   * CIDR blocks, comma-separated). Only when the connection comes from one of them is
   * X-Forwarded-For read for the client address (http/client-ip.ts); unset, it is ignored.
   */
  readonly trustedProxies: TrustedProxies;
  /** RANK_POLL: whether this server runs the ranking recompute poller (off for tests that rank by hand). */
  readonly rankPoll: boolean;
  /** WATCH_WORKER: whether this server delivers watchlist notifications (fan-out, mail, digests). */
  readonly watchWorker: boolean;
  /** DIST_DIR: the build to serve (parallel work trees and test runs keep their own); null → <project>/dist. */
  readonly distDir: string | null;
}

export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, expected: string, got: string | undefined) {
    super(`配置错误 / invalid configuration: ${variable} must be ${expected}; got ${JSON.stringify(got)}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

type Env = Record<string, string | undefined>;

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `an integer from ${min} to ${max}`, raw);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `an integer from ${min} to ${max}`, raw);
  return n;
}

function readUrl(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `a URL (${protocols.join(' or ')})`, '<unparseable URL>');
  }
  if (!protocols.includes(url.protocol)) {
    // Never echo a URL that may carry a password.
    throw new ConfigError(name, `a URL with protocol ${protocols.join(' or ')}`, url.protocol);
  }
  return raw;
}

function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new ConfigError(name, 'one of 1, 0, true, false, yes, no', raw);
}

function readMailFrom(env: Env): string {
  const raw = env.MAIL_FROM || 'Kaopu <no-reply@kaopu.invalid>';
  // One address, optionally with a display name; no line breaks (header injection).
  if (!/^[^\r\n<>]*<[^\s@<>]+@[^\s@<>]+>$|^[^\s@<>]+@[^\s@<>]+$/.test(raw)) {
    throw new ConfigError('MAIL_FROM', 'an address like "Kaopu <no-reply@example.com>"', raw);
  }
  return raw;
}

function readTrustedProxies(env: Env): TrustedProxies {
  const raw = env.TRUST_PROXY;
  if (raw === undefined || raw.trim() === '') return noTrustedProxies;
  const parsed = parseTrustedProxies(raw);
  if ('invalid' in parsed) throw new ConfigError('TRUST_PROXY', 'comma-separated IP addresses or CIDR blocks of your proxies', parsed.invalid);
  return parsed;
}

const DEFAULT_SECRET = 'kaopu-development-secret-change-me';

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const dataDir = path.resolve(cwd, env.DATA_DIR || '.data');
  const host = env.HOST || '127.0.0.1';
  if (!/^[\w.:-]+$/.test(host)) throw new ConfigError('HOST', 'a host name or IP address', host);
  const appSecret = env.APP_SECRET || DEFAULT_SECRET;
  if (appSecret.length < 32) throw new ConfigError('APP_SECRET', 'at least 32 characters', '<hidden>');
  const publicOrigin = readUrl(env, 'PUBLIC_ORIGIN', ['http:', 'https:']);
  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', 'one of debug, info, warn, error', env.LOG_LEVEL);
  }
  return Object.freeze({
    host,
    port: readInt(env, 'PORT', 4321, 0, 65535),
    dataDir,
    databaseUrl: readUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: readUrl(env, 'REDIS_URL', ['redis:', 'rediss:']),
    meilisearchUrl: readUrl(env, 'MEILISEARCH_URL', ['http:', 'https:']),
    meilisearchKey: env.MEILISEARCH_KEY || null,
    appSecret,
    appSecretIsDefault: appSecret === DEFAULT_SECRET,
    publicOrigin: publicOrigin ? new URL(publicOrigin).origin : null,
    uploadDir: path.resolve(dataDir, env.UPLOAD_DIR || 'uploads'),
    pageCacheTtlMs: readInt(env, 'PAGE_CACHE_TTL_MS', 30 * secondMs, 0, hourMs),
    pageCacheMaxBytes: readInt(env, 'PAGE_CACHE_MAX_BYTES', 64 * 1024 * 1024, 0, 2 ** 31),
    seedDemo: readBool(env, 'SEED_DEMO', true),
    logLevel,
    smtpUrl: readUrl(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: readMailFrom(env),
    mailDir: path.resolve(dataDir, 'mail'),
    rateLimitMultiplier: readInt(env, 'RATE_LIMIT_MULTIPLIER', 1, 1, 100_000),
    trustedProxies: readTrustedProxies(env),
    rankPoll: readBool(env, 'RANK_POLL', true),
    watchWorker: readBool(env, 'WATCH_WORKER', true),
    distDir: env.DIST_DIR ? path.resolve(cwd, env.DIST_DIR) : null,
  });
}

let cached: Config | null = null;
/** The process-wide config, read once on first use. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}

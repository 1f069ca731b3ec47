// Database faults (issue 16, item 1): which errors mean "the database is not reachable right now"
// (answer 503 and retry later) rather than "this request is wrong" (a bug: 500), and a per-request
// note that one happened, for the places that catch errors and carry on (Astro Actions turn any
// thrown error into a 500 action result, which the middleware turns into the 503 page).
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * SQLSTATEs (PostgreSQL manual, Appendix A "PostgreSQL Error Codes") that say the server or the
 * connection is gone or refusing, not that the statement was wrong:
 * class 08 connection exception; 57P01 admin_shutdown (pg_terminate_backend, `pg_ctl stop -m fast`),
 * 57P02 crash_shutdown (`-m immediate`), 57P03 cannot_connect_now (starting up, shutting down,
 * in recovery), 57P05 idle_session_timeout; 53300 too_many_connections; 25006 read_only_sql_transaction
 * (a write reached a server that failover turned into a standby). 55000 object_not_in_prerequisite_state
 * only with the message of a database closed to connections (ALTER DATABASE … ALLOW_CONNECTIONS false).
 */
const unavailableSqlStates = new Set(['57P01', '57P02', '57P03', '57P05', '53300', '25006']);
/** Socket errors from node:net while connecting or talking to the server. */
const unavailableSocketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);
/** Messages node-postgres and pg-pool give these cases (they carry no code). */
const unavailableMessages = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end on the pool',
];

/** True when `err` (or any error in its `cause` chain) means the database is unreachable now. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && ((code.startsWith('08') && code.length === 5) || unavailableSqlStates.has(code) || unavailableSocketCodes.has(code))) return true;
    if (typeof message === 'string' && unavailableMessages.some((m) => message.startsWith(m))) return true;
    if (code === '55000' && typeof message === 'string' && message.includes('not currently accepting connections')) return true;
    if (e instanceof AggregateError && e.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
  }
  return false;
}

/** Seconds a client should wait before retrying while the database is away (Retry-After). */
export const databaseRetryAfterSeconds = 5;

interface FaultScope { unavailable: boolean }

// Shared through globalThis: the Astro bundle (middleware) and the Node-run server (the pool)
// load separate copies of this module, like runtime.ts.
const scopeKey = Symbol.for('kaopu.dbFaultScope');
const g = globalThis as unknown as Record<symbol, AsyncLocalStorage<FaultScope> | undefined>;
const storage: AsyncLocalStorage<FaultScope> = (g[scopeKey] ??= new AsyncLocalStorage<FaultScope>());

/** Run `fn` with a fresh fault note; `scope.unavailable` is true afterwards if a query in it hit an outage. */
export function withFaultScope<T>(fn: () => T): { scope: FaultScope; result: T } {
  const scope: FaultScope = { unavailable: false };
  return { scope, result: storage.run(scope, fn) };
}

/** Called on every database error: notes an outage on the current request, if any. */
export function noteDatabaseError(err: unknown): void {
  if (!isDatabaseUnavailable(err)) return;
  const scope = storage.getStore();
  if (scope) scope.unavailable = true;
}

// Issue 16, item 1: which database errors are an outage (503, retry) and which are bugs (500).
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, noteDatabaseError, withFaultScope } from '../../src/server/db/faults.ts';
import { databaseUnavailablePage } from '../../src/server/http/unavailable.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    new Error('Connection terminated unexpectedly'),
    new Error('Connection terminated'),
    new Error('timeout exceeded when trying to connect'),
    new Error('Client has encountered a connection error and is not queryable'),
    withCode('terminating connection due to administrator command', '57P01'),
    withCode('terminating connection due to immediate shutdown command', '57P02'),
    withCode('the database system is starting up', '57P03'),
    withCode('sorry, too many clients already', '53300'),
    withCode('connection failure', '08006'),
    withCode('database "kaopu" is not currently accepting connections', '55000'),
    withCode('cannot execute INSERT in a read-only transaction', '25006'),
    withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
    withCode('read ECONNRESET', 'ECONNRESET'),
    new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], 'connect failed'),
    new Error('wrapped', { cause: withCode('x', '57P01') }),
  ])('%s → unavailable', (err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    withCode('duplicate key value violates unique constraint "account_handle_key"', '23505'),
    withCode('syntax error at or near "SELEC"', '42601'),
    withCode('canceling statement due to statement timeout', '57014'),
    withCode('could not serialize access', '40001'),
    withCode('cannot refresh materialized view concurrently', '55000'),
    new Error('Cannot read properties of undefined'),
    new TypeError('Connection is a word in this message'),
    'Connection terminated unexpectedly',
    null,
    undefined,
  ])('%s → not an outage', (err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});

describe('fault scope', () => {
  it('notes an outage only on the request it happened in, across awaits', async () => {
    const a = withFaultScope(async () => {
      await new Promise((r) => setTimeout(r, 5));
      noteDatabaseError(new Error('Connection terminated unexpectedly'));
    });
    const b = withFaultScope(async () => {
      await new Promise((r) => setTimeout(r, 5));
      noteDatabaseError(withCode('duplicate key', '23505'));
    });
    await Promise.all([a.result, b.result]);
    expect(a.scope.unavailable).toBe(true);
    expect(b.scope.unavailable).toBe(false);
    // Outside any request: nothing to note, nothing thrown.
    expect(() => noteDatabaseError(new Error('Connection terminated unexpectedly'))).not.toThrow();
  });
});

describe('the 503 page', () => {
  it('is localised, says when to retry, and is never cached', () => {
    const zh = databaseUnavailablePage('zh-CN');
    const en = databaseUnavailablePage('en');
    expect(zh.status).toBe(503);
    expect(Number(zh.headers['Retry-After'])).toBeGreaterThan(0);
    expect(zh.headers['Cache-Control']).toBe('no-store');
    expect(zh.body).toContain('lang="zh-CN"');
    expect(zh.body).toContain('暂时无法访问');
    expect(en.body).toContain('lang="en"');
    expect(en.body).toContain('Temporarily unavailable');
    expect(en.body).toContain('href="/en"');
  });
});

// Idempotent creates. Every form that creates something renders a fresh one-time token
// (newFormToken) in a hidden field; the action runs its create through runOnce:
// - the first submit claims (account, token) — a PRIMARY KEY, so exactly one submit wins —
//   runs the create and records its result;
// - a second submit (double click, back + resubmit, a retry after a timeout) finds the claim,
//   waits for the first one's result if it is still running, and returns that result marked
//   `duplicate`, so the page lands where the first submit landed and says so;
// - a submit that fails (bad input) frees the claim, so the corrected form can be sent again.
// The claim and the create are separate transactions on purpose: services open their own, and
// the embedded database has one connection. A crash between the create and recording its
// result leaves a claim without result; after `staleClaimMs` it is taken over.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError } from '../errors.ts';
import * as repo from './write-once.repository.ts';
import { dayMs, minuteMs } from '../time.ts';

const formTokenPattern = /^[A-Za-z0-9_-]{22}$/;

/** 128 random bits, base64url: unguessable, so no one can spoil another person's form. */
export function newFormToken(): string {
  return randomBytes(16).toString('base64url');
}

export function isFormToken(value: unknown): value is string {
  return typeof value === 'string' && formTokenPattern.test(value);
}

/** How long a second submit waits for the first one's result (ms): a create with an upload takes ~1 s here. */
export const duplicateWaitMs = 15_000;
const pollIntervalMs = 100;
/** A claim with no result after this long (ms) belongs to a submit that died: 2 min is far past any create. */
export const staleClaimMs = 2 * minuteMs;
/** Claims are kept this long (ms): a week covers a tab left open and resubmitted. */
export const claimRetentionMs = 7 * dayMs;

export type OnceResult<T> = T & { duplicate?: true };

export interface RunOnceOptions {
  /** Injected clock and sleep (tests). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export async function runOnce<T extends object>(
  db: Kysely<Database>,
  accountId: number,
  action: string,
  formToken: string | null | undefined,
  create: () => Promise<T>,
  opts: RunOnceOptions = {},
): Promise<OnceResult<T>> {
  // Forms without a token (API clients, a page rendered before this existed) are not deduplicated.
  if (formToken === null || formToken === undefined || formToken === '') return create();
  if (!isFormToken(formToken)) throw new DomainError('invalid_input', { messageKey: 'error.generic' });
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = now() + duplicateWaitMs;
  for (;;) {
    if (await repo.claim(db, accountId, formToken, action, now())) {
      let result: T;
      try {
        result = await create();
      } catch (e) {
        await repo.release(db, accountId, formToken);
        throw e;
      }
      await repo.recordResult(db, accountId, formToken, result);
      return result;
    }
    const existing = await repo.find(db, accountId, formToken);
    if (!existing) continue; // the first submit failed and freed it: this one is a retry
    if (existing.action !== action) throw new DomainError('invalid_input', { messageKey: 'error.generic' });
    if (existing.result) return { ...(existing.result as T), duplicate: true };
    if (now() - existing.createdAt.getTime() > staleClaimMs) {
      await repo.release(db, accountId, formToken);
      continue;
    }
    if (now() > deadline) throw new DomainError('conflict', { messageKey: 'once.inProgress' });
    await sleep(pollIntervalMs);
  }
}

export async function sweepFormTokens(db: Kysely<Database>, nowMs: number): Promise<number> {
  return repo.sweep(db, claimRetentionMs, nowMs);
}

// Shared helpers for the review-domain integration tests (not a test file itself).
import type { Kysely } from 'kysely';
import type { Database } from '../../src/server/db/schema.ts';
import { expect } from 'vitest';
import { DomainError, type MessageParams } from '../../src/server/errors.ts';

let seq = 0;
export async function makePlatform(db: Kysely<Database>, approval: 'approved' | 'pending' = 'approved'): Promise<number> {
  seq++;
  const r = await db.insertInto('platform').values({
    slug: `p-${process.pid}-${seq}-${Math.floor(Math.random() * 1e6)}`, name_zh: `测试卡盟${seq}`, name_en: `Test ${seq}`, approval,
    founded_on: null, status_changed_at: null, status_evidence: null, approval_reason: null, submitted_by: null,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function makeRepresentative(db: Kysely<Database>, accountId: number, platformId: number, state: 'verified' | 'pending' = 'verified'): Promise<void> {
  await db.insertInto('platform_representative').values({ platform_id: platformId, account_id: accountId, evidence: 'test evidence', state, decided_by: null, decided_at: null }).execute();
}

export interface Failure { key: string; field?: string; status: string; fields?: Record<string, string>; fieldParams?: Record<string, MessageParams> }

export async function failure(p: Promise<unknown>): Promise<Failure> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return { key: e.messageKey, field: e.field, status: e.status, fields: e.fields, fieldParams: e.fieldParams };
    throw e;
  }
  throw new Error('expected a DomainError');
}

/** The field's message is `expected`: a bare key (no values), or a key with exactly these values. */
export function expectFieldMessage(f: Failure, field: string, expected: string | { key: string; params?: MessageParams }): void {
  const { key, params } = typeof expected === 'string' ? { key: expected, params: undefined } : expected;
  expect(f.fields?.[field]).toBe(key);
  expect(f.fieldParams?.[field]).toEqual(params);
}

export const baseReview = (platformId: number, extra: Record<string, unknown> = {}) => ({
  platformId, rating: 4, productCategory: 'game_cards', amountBand: 'unknown', purchasedOn: null,
  body: '充值很快，五分钟到账，客服态度也不错。', ...extra,
});

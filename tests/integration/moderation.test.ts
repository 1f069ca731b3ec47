// Moderation services against the real migrations, on PGlite and on PostgreSQL: the
// append-only log, flags, authorization of every action, claims and races, ring removal
// (all or nothing), 跑路 confirmation, appeals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, testDbKind, type TestDb } from '../helpers/db.ts';
import { makeAccount } from '../helpers/accounts.ts';
import { DomainError } from '../../src/server/errors.ts';
import * as mod from '../../src/server/moderation/moderation.service.ts';
import * as modRead from '../../src/server/moderation/moderation.read.ts';
import type { Actor } from '../../src/server/moderation/guards.ts';
import type { Account } from '../../src/server/accounts/account.service.ts';
import { loadLog, loadQueue } from '../../src/server/moderation/queue.service.ts';
import { subjectLabel } from '../../src/server/moderation/log-format.ts';

let t: TestDb;
const now = Date.UTC(2026, 10, 25, 12);
const dayMs = 86_400_000;

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.destroy();
});

const actor = (a: Account, totp = true): Actor => ({ id: a.id, handle: a.handle, role: a.role, status: a.status, totpVerified: totp });

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError) return `${e.status}:${e.messageKey}`;
    throw e;
  }
}

let platformSeq = 0;
async function makePlatform(slug?: string): Promise<number> {
  platformSeq++;
  const s = slug ?? `p-${process.pid}-${platformSeq}`;
  const r = await t.db.insertInto('platform').values({
    slug: s, name_zh: `平台${platformSeq}`, name_en: `Platform ${platformSeq}`, approval: 'approved', approval_reason: null, submitted_by: null,
    founded_on: null, status_changed_at: null, status_evidence: null,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** A published review; on a fresh platform when this account already reviewed the given one (one review per account and platform). */
async function makeReview(platformIdIn: number, accountId: number, body = '好评卡盟真的太靠谱了，秒发货！', rating = 5): Promise<number> {
  const taken = await t.db.selectFrom('review').select('id').where('platform_id', '=', platformIdIn).where('account_id', '=', accountId).executeTakeFirst();
  const platformId = taken ? await makePlatform() : platformIdIn;
  const r = await t.db.insertInto('review').values({
    platform_id: platformId, account_id: accountId, rating, current_rating: rating, rating_service: null, rating_risk: null, rating_value: null,
    rating_after_sales: null, product_category: 'game_cards', body_source: body, body_html: `<p>${body}</p>`, purchased_on: null,
    state_reason: null, last_follow_up_at: null, edited_at: null,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

async function eventCount(): Promise<number> {
  const r = await t.db.selectFrom('moderation_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function reviewState(id: number): Promise<string> {
  return (await t.db.selectFrom('review').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;
}

describe(`moderation on ${testDbKind}`, () => {
  let admin: Account, lin: Account, chen: Account, member: Account, author: Account;
  let platformId: number;

  beforeAll(async () => {
    admin = await makeAccount(t.db, { role: 'admin', nowMs: now });
    lin = await makeAccount(t.db, { role: 'moderator', nowMs: now });
    chen = await makeAccount(t.db, { role: 'moderator', nowMs: now });
    member = await makeAccount(t.db, { ageDays: 400, nowMs: now });
    author = await makeAccount(t.db, { ageDays: 3, nowMs: now });
    platformId = await makePlatform();
  });

  describe('the log is append-only in the database', () => {
    it('refuses UPDATE, DELETE and TRUNCATE', async () => {
      const reviewId = await makeReview(platformId, author.id, 'append-only test');
      const { eventId } = await mod.removePost(t.db, actor(lin), { kind: 'review', id: reviewId, reason: 'spam', note: 'x' }, now);
      await expect(sql`UPDATE moderation_event SET note = 'changed' WHERE id = ${eventId}`.execute(t.db)).rejects.toThrow(/append-only/);
      await expect(sql`DELETE FROM moderation_event WHERE id = ${eventId}`.execute(t.db)).rejects.toThrow(/append-only/);
      await expect(sql`TRUNCATE moderation_event CASCADE`.execute(t.db)).rejects.toThrow(/append-only/);
      const row = await t.db.selectFrom('moderation_event').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow();
      expect(row.note).toBe('x');
      expect(row.action).toBe('remove');
      expect(row.moderator_id).toBe(lin.id);
    });
  });

  describe('flags', () => {
    it('records a flag with a weight from account age, and refuses bad input clearly', async () => {
      const reviewId = await makeReview(platformId, author.id, 'flag me');
      const newcomer = await makeAccount(t.db, { ageDays: 2, nowMs: now });
      const { flagId } = await mod.createFlag(t.db, actor(newcomer, false), { targetKind: 'review', targetId: reviewId, reason: 'shill', note: '  新号满分  ' }, now, now - 2 * dayMs);
      const row = await t.db.selectFrom('flag').selectAll().where('id', '=', flagId).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ reporter_id: newcomer.id, target_kind: 'review', target_id: reviewId, reason: 'shill', note: '新号满分', state: 'open' });
      expect(row.reporter_weight).toBeCloseTo(0.2);

      const before = await t.db.selectFrom('flag').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(await outcome(mod.createFlag(t.db, actor(newcomer, false), { targetKind: 'review', targetId: reviewId, reason: 'shill' }, now, now))).toBe('CONFLICT:mod.flag.duplicate');
      expect(await outcome(mod.createFlag(t.db, actor(member, false), { targetKind: 'review', targetId: reviewId, reason: 'not_a_reason' }, now, now))).toBe('BAD_REQUEST:mod.error.unknownReason');
      expect(await outcome(mod.createFlag(t.db, actor(member, false), { targetKind: 'review', targetId: reviewId, reason: 'spam', note: 'x'.repeat(10_240) }, now, now))).toBe('BAD_REQUEST:mod.error.noteTooLong');
      expect(await outcome(mod.createFlag(t.db, actor(member, false), { targetKind: 'review', targetId: reviewId, reason: 'other', note: '   ' }, now, now))).toBe('BAD_REQUEST:mod.flag.noteRequired');
      expect(await outcome(mod.createFlag(t.db, actor(member, false), { targetKind: 'review', targetId: 99_999_999, reason: 'spam' }, now, now))).toBe('NOT_FOUND:mod.error.notFound');
      expect(await outcome(mod.createFlag(t.db, actor(member, false), { targetKind: 'platform_secret', targetId: reviewId, reason: 'spam' }, now, now))).toBe('NOT_FOUND:mod.error.notFound');
      expect(await outcome(mod.createFlag(t.db, actor(author, false), { targetKind: 'review', targetId: reviewId, reason: 'spam' }, now, now))).toBe('FORBIDDEN:mod.flag.own');
      expect(await outcome(mod.createFlag(t.db, null, { targetKind: 'review', targetId: reviewId, reason: 'spam' }, now, now))).toBe('UNAUTHORIZED:common.loginToContinue');
      expect(await outcome(mod.createFlag(t.db, { ...actor(member, false), status: 'suspended' }, { targetKind: 'review', targetId: reviewId, reason: 'spam' }, now, now))).toBe('FORBIDDEN:error.suspended');
      const after = await t.db.selectFrom('flag').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
      // flags never remove anything by themselves
      expect(await reviewState(reviewId)).toBe('published');
    });

    it('a trust band from the model overrides account age; the database also refuses a 501-char note', async () => {
      const reviewId = await makeReview(platformId, author.id, 'band test');
      const old = await makeAccount(t.db, { ageDays: 2000, nowMs: now });
      await t.db.insertInto('account_trust').values({ account_id: old.id, trust: 0.1, band: 'low', computed_at: new Date(now) }).execute();
      const { flagId } = await mod.createFlag(t.db, actor(old, false), { targetKind: 'review', targetId: reviewId, reason: 'spam' }, now, now - 2000 * dayMs);
      const row = await t.db.selectFrom('flag').select('reporter_weight').where('id', '=', flagId).executeTakeFirstOrThrow();
      expect(row.reporter_weight).toBeCloseTo(0.3);
      await expect(sql`INSERT INTO flag (reporter_id, target_kind, target_id, reason, note) VALUES (${member.id}, 'review', ${reviewId}, 'spam', ${'x'.repeat(501)})`.execute(t.db)).rejects.toThrow();
    });

    it('marking flags as abuse raises a flag_abuse alert on the platform', async () => {
      const p = await makePlatform();
      const reviewId = await makeReview(p, author.id, '差评：客服不退款', 1);
      const rep = await makeAccount(t.db, { ageDays: 100, nowMs: now });
      await mod.createFlag(t.db, actor(rep, false), { targetKind: 'review', targetId: reviewId, reason: 'false_incident' }, now, now - 100 * dayMs);
      const r = await mod.markFlagsAbusive(t.db, actor(chen), { targetKind: 'review', targetId: reviewId, note: '平台方批量举报差评', alertPlatform: true }, now);
      expect(r.tags).toContain(`platform:${p}`);
      const flags = await t.db.selectFrom('flag').select('state').where('target_id', '=', reviewId).where('target_kind', '=', 'review').execute();
      expect(flags.map((f) => f.state)).toEqual(['abusive']);
      const alerts = await t.db.selectFrom('platform_alert').selectAll().where('platform_id', '=', p).execute();
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ kind: 'flag_abuse', event_id: r.eventId });
      expect(await reviewState(reviewId)).toBe('published');
      expect(await outcome(mod.markFlagsAbusive(t.db, actor(lin), { targetKind: 'review', targetId: reviewId }, now))).toBe('CONFLICT:mod.error.alreadyHandled');
    });
  });

  describe('abusive flagging by one account', () => {
    it('marks every open flag of the reporter as abuse and raises a public alert on the platform behind it', async () => {
      const p = await makePlatform();
      const slug = (await t.db.selectFrom('platform').select('slug').where('id', '=', p).executeTakeFirstOrThrow()).slug;
      const rep = await makeAccount(t.db, { nowMs: now });
      const targets = [await makeReview(p, author.id, '差评一', 1), await makeReview(p, member.id, '差评二', 2)];
      for (const id of targets) await mod.createFlag(t.db, actor(rep, false), { targetKind: 'review', targetId: id, reason: 'false_incident' }, now, now - 365 * dayMs);
      expect(await outcome(mod.markReporterFlagsAbusive(t.db, actor(lin), { reporter: rep.handle, platform: slug }, now))).toBe('BAD_REQUEST:mod.error.noteRequired');
      expect(await outcome(mod.markReporterFlagsAbusive(t.db, actor(lin), { reporter: rep.handle, platform: 'no-such-platform', note: 'x' }, now))).toBe('NOT_FOUND:mod.error.notFound');
      const r = await mod.markReporterFlagsAbusive(t.db, actor(lin), { reporter: rep.handle, platform: slug, note: '平台方小号批量举报差评' }, now);
      expect(r.flags).toBe(2);
      const states = await t.db.selectFrom('flag').select('state').where('reporter_id', '=', rep.id).execute();
      expect(states.map((x) => x.state)).toEqual(['abusive', 'abusive']);
      const alerts = await modRead.platformAlerts(t.db, p, now + 10 * dayMs);
      expect(alerts.map((a) => a.kind)).toEqual(['flag_abuse']);
      expect(await modRead.platformAlerts(t.db, p, now + 91 * dayMs)).toEqual([]);
      for (const id of targets) expect(await reviewState(id)).toBe('published');
      expect(await outcome(mod.markReporterFlagsAbusive(t.db, actor(chen), { reporter: rep.handle, note: 'again' }, now))).toBe('CONFLICT:mod.error.alreadyHandled');
    });
  });

  describe('authorization of every action', () => {
    // Each case builds fresh items, then calls the service as the given actor.
    type Case = { name: string; setup: () => Promise<(a: Actor | null) => Promise<unknown>>; adminOnly?: boolean };
    const cases: Case[] = [
      { name: 'removePost', setup: async () => { const id = await makeReview(platformId, author.id, 'auth remove'); return (a) => mod.removePost(t.db, a, { kind: 'review', id, reason: 'spam', note: '公开说明' }, now); } },
      { name: 'restorePost', setup: async () => { const id = await makeReview(platformId, author.id, 'auth restore'); await mod.removePost(t.db, actor(chen), { kind: 'review', id, reason: 'spam', note: '公开说明' }, now); return (a) => mod.restorePost(t.db, a, { kind: 'review', id }, now); } },
      { name: 'dismissFlags', setup: async () => { const id = await makeReview(platformId, author.id, 'auth dismiss'); await mod.createFlag(t.db, actor(member, false), { targetKind: 'review', targetId: id, reason: 'spam' }, now, now - 400 * dayMs); return (a) => mod.dismissFlags(t.db, a, { targetKind: 'review', targetId: id }, now); } },
      { name: 'markFlagsAbusive', setup: async () => { const id = await makeReview(platformId, author.id, 'auth abuse'); await mod.createFlag(t.db, actor(member, false), { targetKind: 'review', targetId: id, reason: 'spam' }, now, now - 400 * dayMs); return (a) => mod.markFlagsAbusive(t.db, a, { targetKind: 'review', targetId: id }, now); } },
      { name: 'removeRing', setup: async () => { const x = await makeAccount(t.db, { ageDays: 2, nowMs: now }); await makeReview(platformId, x.id, 'auth ring'); return (a) => mod.removeRing(t.db, a, { accountIds: [x.id], reason: 'shill', note: '团伙刷评' }, now); } },
      { name: 'dismissFinding', setup: async () => { const f = await finding(); return (a) => mod.dismissFinding(t.db, a, { findingId: f }, now); } },
      { name: 'confirmBrushing', setup: async () => { const f = await finding('burst'); return (a) => mod.confirmBrushing(t.db, a, { findingId: f }, now); } },
      { name: 'decideProof', setup: async () => { const id = await proof(); return (a) => mod.decideProof(t.db, a, { id, decision: 'approve' }, now); } },
      { name: 'decideEvidence', setup: async () => { const id = await evidence(); return (a) => mod.decideEvidence(t.db, a, { id, decision: 'approve' }, now); } },
      { name: 'decideSubmission', setup: async () => { const id = await submission(); return (a) => mod.decideSubmission(t.db, a, { id, decision: 'approve' }, now); } },
      { name: 'decideClaim', setup: async () => { const id = await repClaim(); return (a) => mod.decideClaim(t.db, a, { id, decision: 'approve' }, now); } },
      { name: 'decideIncident', setup: async () => { const id = await incident('refund_refused'); return (a) => mod.decideIncident(t.db, a, { id, decision: 'accept' }, now); } },
      { name: 'setPlatformStatus', setup: async () => { const p = await makePlatform(); return (a) => mod.setPlatformStatus(t.db, a, { platformId: p, status: 'closed', note: '网站关闭' }, now); } },
      { name: 'decideFact', setup: async () => { const id = await fact(); return (a) => mod.decideFact(t.db, a, { id, provenance: 'verified' }, now); } },
      { name: 'sanctionAccount', setup: async () => { const x = await makeAccount(t.db, { nowMs: now }); return (a) => mod.sanctionAccount(t.db, a, { accountId: x.id, action: 'suspend', reason: 'spam' }, now); } },
      { name: 'decideAppeal', setup: async () => { const id = await makeReview(platformId, author.id, 'auth appeal'); await mod.removePost(t.db, actor(chen), { kind: 'review', id, reason: 'spam', note: '公开说明' }, now); const { appealId } = await mod.fileAppeal(t.db, actor(author, false), { kind: 'review', id, body: '不是广告' }, now); return (a) => mod.decideAppeal(t.db, a, { appealId, decision: 'overturn', note: '复核' }, now); } },
      { name: 'markReporterFlagsAbusive', setup: async () => { const rep = await makeAccount(t.db, { nowMs: now }); const id = await makeReview(platformId, author.id, 'auth reporter'); await mod.createFlag(t.db, actor(rep, false), { targetKind: 'review', targetId: id, reason: 'spam' }, now, now - 365 * dayMs); return (a) => mod.markReporterFlagsAbusive(t.db, a, { reporter: rep.handle, note: '批量恶意举报' }, now); } },
      { name: 'claimItem', setup: async () => (a) => mod.claimItem(t.db, a, `review:${Math.floor(Math.random() * 1e9)}`, now) },
      { name: 'setModerator', adminOnly: true, setup: async () => { const x = await makeAccount(t.db, { nowMs: now }); return (a) => mod.setModerator(t.db, a, { handle: x.handle, appoint: true }, now); } },
    ];

    it.each(cases)('$name: anonymous 401, member 403, untrusted session 403, nothing changes; admin succeeds', async (c) => {
      const call = await c.setup();
      const events = await eventCount();
      expect(await outcome(call(null))).toBe('UNAUTHORIZED:common.loginToContinue');
      expect(await outcome(call(actor(member, false)))).toBe('FORBIDDEN:error.forbidden');
      // a forged form from a staff account whose session skipped TOTP
      expect(await outcome(call(actor(lin, false)))).toMatch(/^FORBIDDEN:/);
      if (c.adminOnly) expect(await outcome(call(actor(lin)))).toBe('FORBIDDEN:error.forbidden');
      expect(await eventCount()).toBe(events);
      expect(await outcome(call(actor(admin)))).toBe('ok');
    });

    it('a moderator cannot act on their own post, a platform they represent, or another staff account', async () => {
      const own = await makeReview(platformId, lin.id, 'moderator wrote this');
      expect(await outcome(mod.removePost(t.db, actor(lin), { kind: 'review', id: own, reason: 'spam', note: '公开说明' }, now))).toBe('FORBIDDEN:mod.error.ownPost');
      const repPlatform = await makePlatform();
      await t.db.insertInto('platform_representative').values({ platform_id: repPlatform, account_id: chen.id, evidence: '官方', state: 'verified', decided_by: admin.id, decided_at: new Date(now) }).execute();
      const theirs = await makeReview(repPlatform, author.id, '差评');
      expect(await outcome(mod.removePost(t.db, actor(chen), { kind: 'review', id: theirs, reason: 'spam', note: '公开说明' }, now))).toBe('FORBIDDEN:mod.error.ownPlatform');
      expect(await outcome(mod.setPlatformStatus(t.db, actor(chen), { platformId: repPlatform, status: 'active', note: 'x' }, now))).toBe('FORBIDDEN:mod.error.ownPlatform');
      expect(await outcome(mod.sanctionAccount(t.db, actor(lin), { accountId: chen.id, action: 'ban', reason: 'spam' }, now))).toBe('FORBIDDEN:mod.error.staffTarget');
      expect(await outcome(mod.sanctionAccount(t.db, actor(lin), { accountId: lin.id, action: 'warn', reason: 'spam' }, now))).toBe('FORBIDDEN:mod.error.ownPost');
      expect(await outcome(mod.setModerator(t.db, actor(lin), { handle: member.handle, appoint: true }, now))).toBe('FORBIDDEN:error.forbidden');
      expect(await reviewState(own)).toBe('published');
      expect(await reviewState(theirs)).toBe('published');
    });
  });

  describe('removal, restore and what the author sees', () => {
    it('removes in one transaction with its event, requests a recompute, and tells the author why', async () => {
      const id = await makeReview(platformId, author.id, 'spam spam');
      const flagId = (await mod.createFlag(t.db, actor(member, false), { targetKind: 'review', targetId: id, reason: 'spam' }, now, now - 400 * dayMs)).flagId;
      const requests = Number((await t.db.selectFrom('rank_request').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const r = await mod.removePost(t.db, actor(lin), { kind: 'review', id, reason: 'spam', note: '广告' }, now);
      const row = await t.db.selectFrom('review').select(['state', 'state_reason']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toEqual({ state: 'removed', state_reason: 'spam' });
      const ev = await t.db.selectFrom('moderation_event').selectAll().where('id', '=', r.eventId).executeTakeFirstOrThrow();
      const pid = (await t.db.selectFrom('review').select('platform_id').where('id', '=', id).executeTakeFirstOrThrow()).platform_id;
      expect(ev).toMatchObject({ action: 'remove', subject_kind: 'review', subject_id: id, platform_id: pid, reason: 'spam', note: '广告', moderator_id: lin.id });
      expect((await t.db.selectFrom('flag').select('state').where('id', '=', flagId).executeTakeFirstOrThrow()).state).toBe('upheld');
      expect(Number((await t.db.selectFrom('rank_request').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(requests + 1);
      const notice = await modRead.removalNotice(t.db, 'review', id);
      expect(notice).toMatchObject({ reason: 'spam', note: '广告', appeal: 'none', eventId: r.eventId });
      expect((await modRead.removedPostsOf(t.db, author.id)).map((x) => x.id)).toContain(id);
      expect(r.tags).toEqual(expect.arrayContaining(['modlog', `platform:${pid}`, `user:${author.id}`]));

      expect(await outcome(mod.removePost(t.db, actor(chen), { kind: 'review', id, reason: 'spam', note: '公开说明' }, now))).toBe('CONFLICT:mod.error.alreadyHandled');
      await mod.restorePost(t.db, actor(chen), { kind: 'review', id, note: '误删' }, now + 1000);
      expect(await reviewState(id)).toBe('published');
      expect(await modRead.removalNotice(t.db, 'review', id)).toBeNull();
      expect(await outcome(mod.restorePost(t.db, actor(chen), { kind: 'review', id }, now + 2000))).toBe('CONFLICT:mod.error.alreadyHandled');
    });

    it('refuses an unknown reason and an over-long note without changing anything', async () => {
      const id = await makeReview(platformId, author.id, 'bad input');
      const events = await eventCount();
      expect(await outcome(mod.removePost(t.db, actor(lin), { kind: 'review', id, reason: 'because', note: '公开说明' }, now))).toBe('BAD_REQUEST:mod.error.unknownReason');
      // a removal without a public note is refused, whatever the reason
      expect(await outcome(mod.removePost(t.db, actor(lin), { kind: 'review', id, reason: 'spam' }, now))).toBe('BAD_REQUEST:mod.removal.noteRequired');
      expect(await outcome(mod.removePost(t.db, actor(lin), { kind: 'review', id, reason: 'spam', note: '   ' }, now))).toBe('BAD_REQUEST:mod.removal.noteRequired');
      expect(await outcome(mod.removePost(t.db, actor(lin), { kind: 'review', id, reason: 'spam', note: 'x'.repeat(10_240) }, now))).toBe('BAD_REQUEST:mod.error.noteTooLong');
      expect(await outcome(mod.removePost(t.db, actor(lin), { kind: 'platform', id, reason: 'spam', note: '公开说明' }, now))).toBe('NOT_FOUND:mod.error.notFound');
      expect(await eventCount()).toBe(events);
      expect(await reviewState(id)).toBe('published');
    });
  });

  describe('official replies', () => {
    it('removes and restores an official reply; a ring removal takes a rep\'s replies too', async () => {
      const rep = await makeAccount(t.db, { nowMs: now });
      const rid = await makeReview(platformId, author.id, '客服不回复');
      const reply = await t.db.insertInto('official_reply').values({ target_kind: 'review', target_id: rid, platform_id: platformId, account_id: rep.id, body_source: '已处理，请查收', body_html: '<p>已处理</p>' }).returning('id').executeTakeFirstOrThrow();
      await mod.removePost(t.db, actor(lin), { kind: 'reply', id: reply.id, reason: 'harassment', note: '公开说明' }, now);
      expect((await t.db.selectFrom('official_reply').select('state').where('id', '=', reply.id).executeTakeFirstOrThrow()).state).toBe('removed');
      await mod.restorePost(t.db, actor(chen), { kind: 'reply', id: reply.id }, now + 1);
      expect((await t.db.selectFrom('official_reply').select('state').where('id', '=', reply.id).executeTakeFirstOrThrow()).state).toBe('published');
      const r = await mod.removeRing(t.db, actor(lin), { accountIds: [rep.id], reason: 'spam', note: '团伙刷评' }, now + 2);
      expect(r.postsRemoved).toBe(1);
      expect((await t.db.selectFrom('official_reply').select('state').where('id', '=', reply.id).executeTakeFirstOrThrow()).state).toBe('removed');
    });
  });

  describe('claims and two moderators at once', () => {
    it('a claimed item tells the other moderator who holds it; the holder can act', async () => {
      const id = await makeReview(platformId, author.id, 'claimed');
      await mod.claimItem(t.db, actor(lin), `review:${id}`, now);
      expect(await outcome(mod.claimItem(t.db, actor(chen), `review:${id}`, now))).toBe(`CONFLICT:mod.error.claimedBy`);
      expect(await outcome(mod.removePost(t.db, actor(chen), { kind: 'review', id, reason: 'spam', note: '公开说明' }, now))).toBe('CONFLICT:mod.error.claimedBy');
      const q = await loadQueue(t.db, { queue: 'flags', page: 1, nowMs: now, viewerId: chen.id });
      expect(q.queue).toBe('flags');
      // an expired claim frees the item
      await mod.claimItem(t.db, actor(chen), `review:${id}`, now + mod.claimTtlMs + 1);
      await mod.removePost(t.db, actor(chen), { kind: 'review', id, reason: 'spam', note: '公开说明' }, now + mod.claimTtlMs + 2);
      expect(await t.db.selectFrom('queue_claim').selectAll().where('item_key', '=', `review:${id}`).executeTakeFirst()).toBeUndefined();
    });

    it('two moderators removing the same post: one succeeds, the other is told, one event', async () => {
      const id = await makeReview(platformId, author.id, 'race');
      const results = await Promise.all([
        outcome(mod.removePost(t.db, actor(lin), { kind: 'review', id, reason: 'spam', note: '公开说明' }, now)),
        outcome(mod.removePost(t.db, actor(chen), { kind: 'review', id, reason: 'shill', note: '公开说明' }, now)),
      ]);
      expect(results.sort()).toEqual(['CONFLICT:mod.error.alreadyHandled', 'ok']);
      const evs = await t.db.selectFrom('moderation_event').select('id').where('subject_kind', '=', 'review').where('subject_id', '=', id).execute();
      expect(evs).toHaveLength(1);
    });

    it('two moderators deciding one proof: the second is told', async () => {
      const id = await proof();
      const results = await Promise.all([
        outcome(mod.decideProof(t.db, actor(lin), { id, decision: 'approve' }, now)),
        outcome(mod.decideProof(t.db, actor(chen), { id, decision: 'reject', note: '不符' }, now)),
      ]);
      expect(results.sort()).toEqual(['CONFLICT:mod.error.alreadyHandled', 'ok']);
    });
  });

  describe('ring removal', () => {
    async function bigRing(n: number): Promise<{ ids: number[]; platforms: number[] }> {
      const platforms = [await makePlatform(), await makePlatform(), await makePlatform()];
      const tag = `${process.pid}_${Date.now() % 1e6}`;
      const rows = Array.from({ length: n }, (_, i) => ({
        handle: `ring_${tag}_${i}`, handle_key: `ring_${tag}_${i}`, email: `r${tag}${i}@ring.example`, email_key: `r${tag}${i}@ring.example`,
        password_hash: 'x', registration_fingerprint: 'fp-ring', status_reason: null, totp_key_encrypted: null, totp_last_step: null, totp_enabled_at: null,
      }));
      const ids = (await t.db.insertInto('account').values(rows).returning('id').execute()).map((r) => r.id);
      // three posts per account, one of each kind: a review, a follow-up on it, a case report
      await sql`INSERT INTO review (platform_id, account_id, rating, current_rating, product_category, body_source, body_html)
        SELECT ${platforms[0]!}, a, 5, 5, 'game_cards', '秒发货 超级靠谱', '<p>秒发货 超级靠谱</p>'
        FROM unnest(${sql.val(ids)}::bigint[]) AS a`.execute(t.db);
      await sql`INSERT INTO review_follow_up (review_id, account_id, rating, body_source, body_html)
        SELECT r.id, r.account_id, 5, '追评：依然靠谱', '<p>追评：依然靠谱</p>' FROM review r WHERE r.account_id = ANY(${sql.val(ids)}::bigint[])`.execute(t.db);
      await sql`INSERT INTO case_report (platform_id, account_id, since_on, monthly_volume_band, products, uses_api, would_continue, body_source, body_html)
        SELECT ${platforms[1]!}, a, '2025-01-01', '1k_10k', '点卡', true, true, '合作愉快', '<p>合作愉快</p>'
        FROM unnest(${sql.val(ids)}::bigint[]) AS a`.execute(t.db);
      return { ids, platforms };
    }

    it('500 accounts × 3 posts: a failure midway changes nothing', async () => {
      const { ids } = await bigRing(500);
      const events = await eventCount();
      await expect(mod.removeRing(t.db, actor(lin), { accountIds: ids, reason: 'shill', note: '团伙刷评', banAccounts: true }, now, {
        afterStep: (step) => { if (step === 'case_report') throw new Error('crash midway'); },
      })).rejects.toThrow('crash midway');
      const published = async () => {
        const n = async (table: 'review' | 'review_follow_up' | 'case_report') =>
          Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', 'in', ids).where('state', '=', 'published').executeTakeFirstOrThrow()).n);
        return (await n('review')) + (await n('review_follow_up')) + (await n('case_report'));
      };
      expect(await published()).toBe(1500);
      expect(await eventCount()).toBe(events);
      const banned = await t.db.selectFrom('account').select('id').where('id', 'in', ids).where('status', '<>', 'active').execute();
      expect(banned).toHaveLength(0);

      const r = await mod.removeRing(t.db, actor(lin), { accountIds: ids, reason: 'shill', note: '同一指纹', banAccounts: true }, now);
      expect(r.postsRemoved).toBe(1500);
      expect(r.accounts).toBe(500);
      expect(await published()).toBe(0);
      const batch = await t.db.selectFrom('moderation_event').select(['action', (eb) => eb.fn.countAll<number>().as('n')]).where('batch_id', '=', r.eventId).groupBy('action').execute();
      expect(Object.fromEntries(batch.map((b) => [b.action, Number(b.n)]))).toEqual({ remove: 1500, ban: 500 });
      const alerts = await t.db.selectFrom('platform_alert').select(['platform_id', 'kind']).where('event_id', '=', r.eventId).execute();
      expect(alerts).toHaveLength(2);
      expect(alerts.every((a) => a.kind === 'ring_removed')).toBe(true);
      const kinds = await t.db.selectFrom('moderation_event').select(['subject_kind', (eb) => eb.fn.countAll<number>().as('n')]).where('batch_id', '=', r.eventId).where('action', '=', 'remove').groupBy('subject_kind').execute();
      expect(Object.fromEntries(kinds.map((k) => [k.subject_kind, Number(k.n)]))).toEqual({ review: 500, follow_up: 500, case_report: 500 });
    });

    it('removes a model finding\'s ring and marks the finding actioned; unknown handles are refused', async () => {
      const x = await makeAccount(t.db, { ageDays: 2, nowMs: now, fingerprint: 'fp-r2' });
      const y = await makeAccount(t.db, { ageDays: 2, nowMs: now, fingerprint: 'fp-r2' });
      const p = await makePlatform();
      const r1 = await makeReview(p, x.id), r2 = await makeReview(p, y.id);
      const f = await t.db.insertInto('model_finding').values({ kind: 'ring', dedupe_key: `t-${x.id}`, platform_ids: [p], account_ids: [x.id, y.id], review_ids: [r1, r2], evidence: '{}' }).returning('id').executeTakeFirstOrThrow();
      expect(await outcome(mod.removeRing(t.db, actor(lin), { handles: `${x.handle}\nnobody_${x.id}`, reason: 'shill', note: '团伙刷评' }, now))).toBe('BAD_REQUEST:mod.ring.unknownHandle');
      // a ring removal removes posts: no public note (empty or blank) or a reason outside the closed list is refused, nothing removed
      expect(await outcome(mod.removeRing(t.db, actor(lin), { findingId: f.id, reason: 'shill' }, now))).toBe('BAD_REQUEST:mod.removal.noteRequired');
      expect(await outcome(mod.removeRing(t.db, actor(lin), { findingId: f.id, reason: 'shill', note: ' \n ' }, now))).toBe('BAD_REQUEST:mod.removal.noteRequired');
      expect(await outcome(mod.removeRing(t.db, actor(lin), { findingId: f.id, reason: 'because', note: '团伙刷评' }, now))).toBe('BAD_REQUEST:mod.error.unknownReason');
      expect(await reviewState(r1)).toBe('published');
      const r = await mod.removeRing(t.db, actor(lin), { findingId: f.id, reason: 'shill', note: '团伙刷评' }, now);
      expect(r.postsRemoved).toBe(2);
      expect((await t.db.selectFrom('model_finding').select('state').where('id', '=', f.id).executeTakeFirstOrThrow()).state).toBe('actioned');
      expect(await outcome(mod.removeRing(t.db, actor(chen), { findingId: f.id, reason: 'shill', note: '团伙刷评' }, now))).toBe('CONFLICT:mod.error.alreadyHandled');
      expect(await outcome(mod.removeRing(t.db, actor(lin), { accountIds: [lin.id], reason: 'shill', note: '团伙刷评' }, now))).toBe('FORBIDDEN:mod.error.ownPost');
    });

    it('a burst finding made only of the ring\'s reviews leaves the queue with the ring; a burst with other reviews stays', async () => {
      const x = await makeAccount(t.db, { ageDays: 2, nowMs: now, fingerprint: 'fp-r3' });
      const y = await makeAccount(t.db, { ageDays: 2, nowMs: now, fingerprint: 'fp-r3' });
      const p = await makePlatform();
      const r1 = await makeReview(p, x.id), r2 = await makeReview(p, y.id), other = await makeReview(p, member.id);
      const ring = await t.db.insertInto('model_finding').values({ kind: 'ring', dedupe_key: `t3-${x.id}`, platform_ids: [p], account_ids: [x.id, y.id], review_ids: [r1, r2], evidence: '{}' }).returning('id').executeTakeFirstOrThrow();
      const covered = await t.db.insertInto('model_finding').values({ kind: 'burst', dedupe_key: `t3b-${x.id}`, platform_ids: [p], account_ids: [], review_ids: [r1, r2], evidence: '{}' }).returning('id').executeTakeFirstOrThrow();
      const wider = await t.db.insertInto('model_finding').values({ kind: 'burst', dedupe_key: `t3w-${x.id}`, platform_ids: [p], account_ids: [], review_ids: [r1, r2, other], evidence: '{}' }).returning('id').executeTakeFirstOrThrow();
      await mod.removeRing(t.db, actor(lin), { findingId: ring.id, reason: 'shill', note: '团伙刷评' }, now);
      const state = async (id: number) => (await t.db.selectFrom('model_finding').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;
      expect(await state(covered.id)).toBe('actioned');
      expect(await state(wider.id)).toBe('open');
    });
  });

  describe('incidents and platform status', () => {
    it('a confirmed 跑路 sets exit_scam with date and evidence, a status-change row and an alert', async () => {
      const p = await makePlatform();
      const id = await incident('exit_scam', p);
      expect(await outcome(mod.decideIncident(t.db, actor(chen), { id, decision: 'confirm' }, now))).toBe('BAD_REQUEST:mod.error.noteRequired');
      const r = await mod.decideIncident(t.db, actor(chen), { id, decision: 'confirm', note: '核实转账记录' }, now);
      const plat = await t.db.selectFrom('platform').select(['status', 'status_changed_at', 'status_evidence']).where('id', '=', p).executeTakeFirstOrThrow();
      expect(plat.status).toBe('exit_scam');
      expect(plat.status_changed_at?.getTime()).toBe(now);
      expect(plat.status_evidence).toContain('核实转账记录');
      const changes = await t.db.selectFrom('platform_status_change').selectAll().where('platform_id', '=', p).execute();
      expect(changes).toHaveLength(1);
      expect(changes[0]).toMatchObject({ from_status: 'active', to_status: 'exit_scam', changed_by: chen.id });
      const alerts = await modRead.platformAlerts(t.db, p, now + 1000 * dayMs);
      expect(alerts.map((a) => a.kind)).toEqual(['exit_scam']);
      expect(alerts[0]?.eventId).toBe(r.eventId);
      expect((await t.db.selectFrom('incident').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('accepted');
      expect(await outcome(mod.decideIncident(t.db, actor(lin), { id, decision: 'reject', note: 'x' }, now))).toBe('CONFLICT:mod.error.alreadyHandled');
      // a confirmed incident leaves the queue
      const q = await loadQueue(t.db, { queue: 'incidents', page: 1, nowMs: now, viewerId: lin.id });
      expect(q.items.map((i) => i.id)).not.toContain(id);
    });

    it('a second confirmed 跑路 case on the same platform is logged but adds no second alert', async () => {
      const p = await makePlatform();
      const first = await incident('exit_scam', p);
      const second = await incident('exit_scam', p);
      const r1 = await mod.decideIncident(t.db, actor(chen), { id: first, decision: 'confirm', note: '核实转账记录' }, now);
      const r2 = await mod.decideIncident(t.db, actor(lin), { id: second, decision: 'confirm', note: '又一位买家' }, now + 1000);
      const alerts = await modRead.platformAlerts(t.db, p, now + 2000);
      expect(alerts.map((a) => a.eventId)).toEqual([r1.eventId]);
      const logged = await t.db.selectFrom('moderation_event').select('id').where('id', '=', r2.eventId).execute();
      expect(logged).toHaveLength(1);
    });

    it('a platform already marked exit_scam without a log entry still shows the 跑路 banner', async () => {
      const p = await makePlatform();
      await t.db.updateTable('platform').set({ status: 'exit_scam', status_changed_at: new Date(now - 400 * dayMs), status_evidence: '网站关闭' }).where('id', '=', p).execute();
      const alerts = await modRead.platformAlerts(t.db, p, now);
      expect(alerts).toEqual([expect.objectContaining({ kind: 'exit_scam', summary: '网站关闭', eventId: null })]);
    });

    it('rejects an incident with a note that the reporter sees in the timeline', async () => {
      const id = await incident('invalid_keys');
      await mod.decideIncident(t.db, actor(lin), { id, decision: 'reject', note: '订单不存在' }, now);
      const inc = await t.db.selectFrom('incident').select(['status', 'status_reason']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(inc).toEqual({ status: 'rejected', status_reason: '订单不存在' });
      const upd = await t.db.selectFrom('incident_update').select(['author_role', 'status_to']).where('incident_id', '=', id).execute();
      expect(upd).toEqual([{ author_role: 'moderator', status_to: 'rejected' }]);
    });
  });

  describe('facts', () => {
    it('verifies a fact found by platform slug and key, logged; unknown key is a clear 404', async () => {
      const id = await fact();
      const row = await t.db.selectFrom('platform_fact as f').innerJoin('platform as p', 'p.id', 'f.platform_id').select(['p.slug', 'f.fact_key']).where('f.id', '=', id).executeTakeFirstOrThrow();
      expect(await outcome(mod.decideFact(t.db, actor(lin), { platform: row.slug, factKey: 'no_such_key', provenance: 'verified' }, now))).toBe('NOT_FOUND:mod.fact.unknown');
      const r = await mod.decideFact(t.db, actor(lin), { platform: row.slug, factKey: row.fact_key, provenance: 'contradicted', note: '多条追评称不退款' }, now);
      expect((await t.db.selectFrom('platform_fact').select('provenance').where('id', '=', id).executeTakeFirstOrThrow()).provenance).toBe('contradicted');
      expect((await t.db.selectFrom('moderation_event').select('action').where('id', '=', r.eventId).executeTakeFirstOrThrow()).action).toBe('contradict_fact');
    });
  });

  describe('accounts and roles', () => {
    it('suspends (the account can no longer write) and reinstates; admins appoint and remove moderators, logged', async () => {
      const x = await makeAccount(t.db, { nowMs: now });
      expect(await outcome(mod.sanctionAccount(t.db, actor(lin), { account: `nobody_${x.id}`, action: 'suspend', reason: 'spam' }, now))).toBe('NOT_FOUND:mod.staff.unknownHandle');
      expect(await outcome(mod.sanctionAccount(t.db, actor(lin), { account: x.handle, action: 'suspend', reason: 'nope' }, now))).toBe('BAD_REQUEST:mod.error.unknownReason');
      await mod.sanctionAccount(t.db, actor(lin), { account: x.handle, action: 'suspend', reason: 'spam', note: '发广告' }, now);
      const row = await t.db.selectFrom('account').select(['status', 'status_reason']).where('id', '=', x.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'suspended', status_reason: 'spam' });
      const reviewId = await makeReview(platformId, author.id, 'x');
      expect(await outcome(mod.createFlag(t.db, { ...actor(x, false), status: 'suspended' }, { targetKind: 'review', targetId: reviewId, reason: 'spam' }, now, now))).toBe('FORBIDDEN:error.suspended');
      expect(await outcome(mod.sanctionAccount(t.db, actor(chen), { accountId: x.id, action: 'suspend', reason: 'spam' }, now))).toBe('CONFLICT:mod.error.alreadyHandled');
      await mod.sanctionAccount(t.db, actor(chen), { accountId: x.id, action: 'reinstate' }, now);
      expect((await t.db.selectFrom('account').select('status').where('id', '=', x.id).executeTakeFirstOrThrow()).status).toBe('active');

      await mod.setModerator(t.db, actor(admin), { handle: x.handle, appoint: true }, now);
      expect((await t.db.selectFrom('account').select('role').where('id', '=', x.id).executeTakeFirstOrThrow()).role).toBe('moderator');
      expect(await outcome(mod.setModerator(t.db, actor(admin), { handle: x.handle, appoint: true }, now))).toBe('CONFLICT:mod.error.alreadyHandled');
      await mod.setModerator(t.db, actor(admin), { handle: x.handle, appoint: false, note: '离职' }, now);
      expect((await t.db.selectFrom('account').select('role').where('id', '=', x.id).executeTakeFirstOrThrow()).role).toBe('member');
      expect(await outcome(mod.setModerator(t.db, actor(admin), { handle: admin.handle, appoint: false }, now))).toBe('FORBIDDEN:mod.staff.cannotChangeAdmin');
      const evs = await t.db.selectFrom('moderation_event').select('action').where('subject_kind', '=', 'account').where('subject_id', '=', x.id).orderBy('id').execute();
      expect(evs.map((e) => e.action)).toEqual(['suspend', 'reinstate', 'appoint_moderator', 'dismiss_moderator']);
    });
  });

  describe('what the account owner is told', () => {
    it('a warning (for 90 days), a suspension in force, nothing after reinstatement', async () => {
      const x = await makeAccount(t.db, { nowMs: now });
      expect(await modRead.accountNotice(t.db, x.id, now)).toBeNull();
      await mod.sanctionAccount(t.db, actor(lin), { accountId: x.id, action: 'warn', reason: 'harassment', note: '注意措辞' }, now);
      expect(await modRead.accountNotice(t.db, x.id, now + dayMs)).toMatchObject({ action: 'warn', reason: 'harassment', note: '注意措辞' });
      expect(await modRead.accountNotice(t.db, x.id, now + 91 * dayMs)).toBeNull();
      await mod.sanctionAccount(t.db, actor(lin), { accountId: x.id, action: 'suspend', reason: 'spam' }, now + 2 * dayMs);
      expect(await modRead.accountNotice(t.db, x.id, now + 200 * dayMs)).toMatchObject({ action: 'suspend', reason: 'spam' });
      await mod.sanctionAccount(t.db, actor(chen), { accountId: x.id, action: 'reinstate' }, now + 3 * dayMs);
      expect(await modRead.accountNotice(t.db, x.id, now + 3 * dayMs)).toBeNull();
    });
  });

  describe('appeals', () => {
    it('the author appeals once; a different moderator decides; the log shows both', async () => {
      const id = await makeReview(platformId, author.id, '客服晚上不在线');
      await mod.removePost(t.db, actor(lin), { kind: 'review', id, reason: 'off_topic', note: '公开说明' }, now);
      expect(await outcome(mod.fileAppeal(t.db, actor(member, false), { kind: 'review', id, body: '不是我的' }, now))).toBe('NOT_FOUND:mod.error.notFound');
      expect(await outcome(mod.fileAppeal(t.db, actor(author, false), { kind: 'review', id, body: '   ' }, now))).toBe('BAD_REQUEST:field.required');
      const { appealId } = await mod.fileAppeal(t.db, actor(author, false), { kind: 'review', id, body: '这是购买体验' }, now);
      expect(await outcome(mod.fileAppeal(t.db, actor(author, false), { kind: 'review', id, body: '再来一次' }, now))).toBe('CONFLICT:mod.appeal.already');
      expect((await modRead.removalNotice(t.db, 'review', id))?.appeal).toBe('pending');
      // the deciding moderator sees the removed post and why beside the appeal
      const q = await loadQueue(t.db, { queue: 'appeals', page: 1, nowMs: now, viewerId: chen.id });
      const item = q.items.find((i) => i.id === appealId);
      expect(item).toMatchObject({ queue: 'appeals', postText: '客服晚上不在线', removalReason: 'off_topic', body: '这是购买体验' });
      expect(await outcome(mod.decideAppeal(t.db, actor(lin), { appealId, decision: 'overturn', note: '自己复核' }, now))).toBe('FORBIDDEN:mod.appeal.sameModerator');
      // the database refuses it too
      await expect(sql`UPDATE appeal SET decided_by = ${lin.id} WHERE id = ${appealId}`.execute(t.db)).rejects.toThrow();
      await mod.decideAppeal(t.db, actor(chen), { appealId, decision: 'overturn', note: '属于购买体验' }, now + 1000);
      expect(await reviewState(id)).toBe('published');
      const ap = await t.db.selectFrom('appeal').selectAll().where('id', '=', appealId).executeTakeFirstOrThrow();
      expect(ap).toMatchObject({ state: 'overturned', decided_by: chen.id, removed_by: lin.id });
      const evs = await t.db.selectFrom('moderation_event').select(['action', 'moderator_id']).where('subject_kind', '=', 'review').where('subject_id', '=', id).orderBy('id').execute();
      expect(evs).toEqual([{ action: 'remove', moderator_id: lin.id }, { action: 'appeal', moderator_id: null }, { action: 'overturn', moderator_id: chen.id }]);
      expect(await outcome(mod.decideAppeal(t.db, actor(admin), { appealId, decision: 'uphold', note: 'x' }, now))).toBe('CONFLICT:mod.error.alreadyHandled');
    });
  });

  it('the queue shows a reporter\'s flag weight as a band, never the number', () => {
    expect([1, 0.8, 0.7, 0.5, 0.3, 0.2].map(mod.reporterBand)).toEqual(['high', 'medium', 'medium', 'medium', 'low', 'low']);
    expect(mod.reporterBand(mod.reporterWeight('high', 400))).toBe('high');
    expect(mod.reporterBand(mod.reporterWeight('medium', 400))).toBe('medium');
    expect(mod.reporterBand(mod.reporterWeight('low', 400))).toBe('low');
  });

  describe('search follows moderation', () => {
    it('a removed review leaves the search index, a restored one comes back, an approved submission joins it', async () => {
      const { drainOutbox, postgresEngine } = await import('../../src/server/search/outbox.ts');
      const indexed = async (kind: 'review' | 'platform', id: number) =>
        (await t.db.selectFrom('search_document').select('ref_id').where('kind', '=', kind).where('ref_id', '=', id).execute()).length;
      const drain = () => drainOutbox(t.db, postgresEngine(t.db));
      const id = await makeReview(platformId, author.id, '搜索索引里的评价');
      await t.db.insertInto('search_outbox').values({ kind: 'review', ref_id: id, op: 'upsert', last_error: null, processed_at: null }).execute();
      await drain();
      expect(await indexed('review', id)).toBe(1);
      await mod.removePost(t.db, actor(lin), { kind: 'review', id, reason: 'spam', note: 'x' }, now);
      await drain();
      expect(await indexed('review', id)).toBe(0);
      await mod.restorePost(t.db, actor(chen), { kind: 'review', id, note: '误删' }, now + 1000);
      await drain();
      expect(await indexed('review', id)).toBe(1);

      // a whole ring: every removed review leaves the index
      const x = await makeAccount(t.db, { ageDays: 2, nowMs: now, fingerprint: 'fp-search' });
      const rid = await makeReview(platformId, x.id, '团伙的好评');
      await t.db.insertInto('search_outbox').values({ kind: 'review', ref_id: rid, op: 'upsert', last_error: null, processed_at: null }).execute();
      await drain();
      await mod.removeRing(t.db, actor(lin), { accountIds: [x.id], reason: 'shill', note: '团伙刷评' }, now);
      await drain();
      expect(await indexed('review', rid)).toBe(0);

      const sub = await submission();
      await mod.decideSubmission(t.db, actor(lin), { id: sub, decision: 'approve' }, now);
      await drain();
      expect(await indexed('platform', sub)).toBe(1);
    });
  });

  describe('the log page', () => {
    it('names an account by its handle and links its profile', async () => {
      const x = await makeAccount(t.db, { nowMs: now });
      await mod.sanctionAccount(t.db, actor(lin), { accountId: x.id, action: 'warn', reason: 'spam', note: '提醒' }, now + 6 * dayMs);
      const log = await loadLog(t.db, { action: 'warn', page: 1 });
      const row = log.rows.find((r) => r.subjectKind === 'account' && r.subjectId === x.id);
      expect(row).toBeDefined();
      expect(subjectLabel('zh-CN', row!, log.handles)).toBe(`账号 ${x.handle}`);
      expect(log.paths.get(`account:${x.id}`)).toBe(`/u/${encodeURIComponent(x.handle)}`);
      expect(subjectLabel('zh-CN', { subjectKind: 'review', subjectId: 7 }, log.handles)).toBe('评价 #7');
    });

    it('links a removed follow-up and an official reply to where they show: a review\'s reply to the review, a follow-up\'s reply to the follow-up', async () => {
      const rep = await makeAccount(t.db, { nowMs: now });
      const rid = await makeReview(platformId, author.id, 'log links');
      const fid = (await t.db.insertInto('review_follow_up').values({
        review_id: rid, account_id: author.id, rating: 2, outcome: null, body_source: '追评', body_html: '<p>追评</p>', state: 'published', state_reason: null,
      }).returning('id').executeTakeFirstOrThrow()).id;
      const reply = async (targetKind: 'review' | 'follow_up', targetId: number) => (await t.db.insertInto('official_reply').values({
        target_kind: targetKind, target_id: targetId, platform_id: platformId, account_id: rep.id, body_source: '官方回复', body_html: '<p>官方回复</p>',
      }).returning('id').executeTakeFirstOrThrow()).id;
      const onReview = await reply('review', rid);
      const onFollowUp = await reply('follow_up', fid);
      for (const [kind, id] of [['reply', onReview], ['reply', onFollowUp], ['follow_up', fid]] as const) {
        await mod.removePost(t.db, actor(lin), { kind, id, reason: 'spam', note: 'links' }, now + 7 * dayMs);
      }
      const log = await loadLog(t.db, { action: 'remove', moderator: lin.handle, page: 1 });
      expect(log.paths.get(`reply:${onReview}`)).toBe(`/reviews/${rid}`);
      expect(log.paths.get(`reply:${onFollowUp}`)).toBe(`/reviews/${rid}#follow-up-${fid}`);
      expect(log.paths.get(`follow_up:${fid}`)).toBe(`/reviews/${rid}#follow-up-${fid}`);
    });
  });

  describe('the Atom feed', () => {
    it('escapes every text and drops control characters', async () => {
      const id = await makeReview(platformId, author.id, 'feed');
      await mod.removePost(t.db, actor(lin), { kind: 'review', id, reason: 'spam', note: '<script>alert("x")</script> & \u0001 \'q\'' }, now + 5 * dayMs);
      const { GET } = await import('../../src/pages/mod/log.xml.ts');
      const res = await (GET as unknown as (ctx: unknown) => Promise<Response>)({ locals: { locale: 'zh-CN', rt: { db: t.db, origin: 'https://kaopu.example' } }, url: new URL('http://evil.example/mod/log.xml') });
      expect(res.headers.get('content-type')).toContain('application/atom+xml');
      const xml = await res.text();
      expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
      expect(xml).not.toContain('<script>');
      expect(xml).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;');
      expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
      expect(xml).toContain(`<id>tag:kaopu,2026:moderation-event:`);
      expect(xml.match(/<entry>/g)?.length).toBe(xml.match(/<\/entry>/g)?.length);
      // Absolute links come from the configured origin, never from the request (issue 16, finding 3).
      expect(xml).not.toContain('evil.example');
      expect(xml).toContain('href="https://kaopu.example/mod/log.xml"');
      expect(xml).toMatch(/<link href="https:\/\/kaopu\.example\/mod\/log\?event=\d+"/);
    });

    it('takes the page\'s filters: a feed of one moderator\'s or one action\'s entries', async () => {
      const id = await makeReview(platformId, author.id, 'feed2');
      const r = await mod.removePost(t.db, actor(chen), { kind: 'review', id, reason: 'spam', note: 'chen-feed' }, now + 6 * dayMs);
      const { GET } = await import('../../src/pages/mod/log.xml.ts');
      const get = async (q: string) => (await (GET as unknown as (ctx: unknown) => Promise<Response>)({ locals: { locale: 'zh-CN', rt: { db: t.db, origin: 'https://kaopu.example' } }, url: new URL(`http://evil.example/mod/log.xml${q}`) })).text();
      const byChen = await get(`?moderator=${chen.handle}&action=remove`);
      expect(byChen).toContain(`moderation-event:${r.eventId}<`);
      expect(byChen).toContain(`/mod/log.xml?action=remove&amp;moderator=${chen.handle}`);
      expect(byChen.match(/<name>[^<]*<\/name>/g)?.every((n) => n === `<name>${chen.handle}</name>`)).toBe(true);
      expect(await get(`?moderator=${lin.handle}&action=remove`)).not.toContain(`moderation-event:${r.eventId}<`);
    });
  });

  describe('model findings', () => {
    async function findingRow(id: number) {
      return t.db.selectFrom('model_finding').select(['state', 'platform_ids']).where('id', '=', id).executeTakeFirstOrThrow();
    }
    async function alertCount(platformId: number): Promise<number> {
      return Number((await t.db.selectFrom('platform_alert').select((eb) => eb.fn.countAll<number>().as('n')).where('platform_id', '=', platformId).executeTakeFirstOrThrow()).n);
    }

    it('dismissFinding logs one event and closes the finding; a handled finding is refused by both actions', async () => {
      const id = await finding();
      const pid = Number((await findingRow(id)).platform_ids[0]);
      const r = await mod.dismissFinding(t.db, actor(lin), { findingId: id, note: '  正常波动  ' }, now);
      expect(r.tags).toEqual(['modlog']);
      const ev = await t.db.selectFrom('moderation_event').selectAll().where('id', '=', r.eventId).executeTakeFirstOrThrow();
      expect(ev).toMatchObject({ action: 'dismiss_finding', subject_kind: 'finding', subject_id: id, platform_id: pid, reason: null, note: '正常波动', moderator_id: lin.id });
      expect((await findingRow(id)).state).toBe('dismissed');
      const events = await eventCount();
      expect(await outcome(mod.dismissFinding(t.db, actor(chen), { findingId: id }, now + 1))).toBe('CONFLICT:mod.error.alreadyHandled');
      expect(await outcome(mod.confirmBrushing(t.db, actor(chen), { findingId: id }, now + 1))).toBe('CONFLICT:mod.error.alreadyHandled');
      expect(await eventCount()).toBe(events);
      expect((await findingRow(id)).state).toBe('dismissed');
      expect(await alertCount(pid)).toBe(0);
    });

    it('confirmBrushing logs one event, raises one alert and a recompute; a handled finding is refused by both actions', async () => {
      const id = await finding('burst');
      const pid = Number((await findingRow(id)).platform_ids[0]);
      const requests = Number((await t.db.selectFrom('rank_request').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const r = await mod.confirmBrushing(t.db, actor(chen), { findingId: id, note: '同一批新号' }, now);
      expect(r.tags).toEqual(['modlog', `platform:${pid}`, 'alerts']);
      const ev = await t.db.selectFrom('moderation_event').selectAll().where('id', '=', r.eventId).executeTakeFirstOrThrow();
      expect(ev).toMatchObject({ action: 'confirm', subject_kind: 'finding', subject_id: id, platform_id: pid, reason: 'brushing', note: '同一批新号', moderator_id: chen.id });
      const alert = await t.db.selectFrom('platform_alert').selectAll().where('platform_id', '=', pid).executeTakeFirstOrThrow();
      expect(alert).toMatchObject({ kind: 'brushing', summary: '1', event_id: r.eventId });
      expect((await findingRow(id)).state).toBe('actioned');
      expect(Number((await t.db.selectFrom('rank_request').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(requests + 1);
      const events = await eventCount();
      expect(await outcome(mod.confirmBrushing(t.db, actor(lin), { findingId: id }, now + 1))).toBe('CONFLICT:mod.error.alreadyHandled');
      expect(await outcome(mod.dismissFinding(t.db, actor(lin), { findingId: id }, now + 1))).toBe('CONFLICT:mod.error.alreadyHandled');
      expect(await eventCount()).toBe(events);
      expect(await alertCount(pid)).toBe(1);
      expect((await findingRow(id)).state).toBe('actioned');
    });

    it('an unknown finding, one naming the moderator, one claimed by another moderator: refused, nothing logged', async () => {
      const events = await eventCount();
      for (const call of [mod.dismissFinding, mod.confirmBrushing]) {
        expect(await outcome(call(t.db, actor(lin), { findingId: 99_999_999 }, now))).toBe('NOT_FOUND:mod.error.notFound');
        const p = await makePlatform();
        const own = (await t.db.insertInto('model_finding').values({ kind: 'burst', dedupe_key: `own-${p}`, platform_ids: [p], account_ids: [lin.id], review_ids: [], evidence: '{}' }).returning('id').executeTakeFirstOrThrow()).id;
        expect(await outcome(call(t.db, actor(lin), { findingId: own }, now))).toBe('FORBIDDEN:mod.error.ownPost');
        const claimed = await finding('burst');
        await mod.claimItem(t.db, actor(chen), `finding:${claimed}`, now);
        expect(await outcome(call(t.db, actor(lin), { findingId: claimed }, now))).toBe('CONFLICT:mod.error.claimedBy');
        expect(await outcome(call(t.db, actor(lin), { findingId: claimed, note: 'x'.repeat(10_240) }, now))).toBe('BAD_REQUEST:mod.error.noteTooLong');
        expect((await findingRow(claimed)).state).toBe('open');
      }
      expect(await eventCount()).toBe(events);
    });
  });

  describe('queues', () => {
    it('lists every queue with counts and a page of items', async () => {
      const q = await loadQueue(t.db, { queue: null, page: 1, nowMs: now, viewerId: lin.id });
      expect([...q.counts.keys()].sort()).toEqual(['appeals', 'claims', 'evidence', 'findings', 'flags', 'incidents', 'proofs', 'submissions', 'warnings']);
      for (const name of ['flags', 'proofs', 'evidence', 'incidents', 'submissions', 'claims', 'appeals', 'findings', 'warnings']) {
        const page = await loadQueue(t.db, { queue: name, page: 1, nowMs: now, viewerId: lin.id });
        expect(page.queue).toBe(name);
        expect(page.items.length).toBeLessThanOrEqual(20);
      }
    });
  });

  // ── fixtures ──
  async function finding(kind: 'ring' | 'burst' = 'ring'): Promise<number> {
    const x = await makeAccount(t.db, { ageDays: 2, nowMs: now });
    const p = await makePlatform();
    const r = await makeReview(p, x.id);
    return (await t.db.insertInto('model_finding').values({ kind, dedupe_key: `f-${x.id}`, platform_ids: [p], account_ids: [x.id], review_ids: [r], evidence: '{}' }).returning('id').executeTakeFirstOrThrow()).id;
  }
  async function proof(): Promise<number> {
    const x = await makeAccount(t.db, { nowMs: now });
    const r = await makeReview(platformId, x.id);
    return (await t.db.insertInto('purchase_proof').values({ review_id: r, case_report_id: null, account_id: x.id, upload_id: null, state_reason: null, reviewed_by: null, reviewed_at: null }).returning('id').executeTakeFirstOrThrow()).id;
  }
  async function evidence(): Promise<number> {
    return (await t.db.insertInto('platform_qualification').values({ platform_id: platformId, kind: 'icp_filing', number: '京ICP备12345678号', upload_id: null, state_reason: null, submitted_by: member.id, reviewed_by: null, reviewed_at: null }).returning('id').executeTakeFirstOrThrow()).id;
  }
  async function submission(): Promise<number> {
    platformSeq++;
    return (await t.db.insertInto('platform').values({ slug: `sub-${process.pid}-${platformSeq}`, name_zh: '新平台', name_en: 'New', approval_reason: null, submitted_by: member.id, founded_on: null, status_changed_at: null, status_evidence: null }).returning('id').executeTakeFirstOrThrow()).id;
  }
  async function repClaim(): Promise<number> {
    const x = await makeAccount(t.db, { nowMs: now });
    return (await t.db.insertInto('platform_representative').values({ platform_id: platformId, account_id: x.id, evidence: '营业执照', decided_by: null, decided_at: null }).returning('id').executeTakeFirstOrThrow()).id;
  }
  async function incident(kind: 'exit_scam' | 'invalid_keys' | 'refund_refused', p = platformId): Promise<number> {
    platformSeq++;
    return (await t.db.insertInto('incident').values({ case_no: `T-${process.pid}-${platformSeq}`, platform_id: p, reporter_id: member.id, kind, occurred_on: new Date(now - 5 * dayMs), amount_cents: 1000, body_source: '跑了', body_html: '<p>跑了</p>', upload_id: null, status_reason: null, accepted_at: null, closed_at: null }).returning('id').executeTakeFirstOrThrow()).id;
  }
  async function fact(): Promise<number> {
    platformSeq++;
    return (await t.db.insertInto('platform_fact').values({ platform_id: platformId, fact_key: `k${platformSeq}`, value: 'yes', provenance: 'claimed', source_kind: 'member', asserted_by: member.id }).returning('id').executeTakeFirstOrThrow()).id;
  }
});

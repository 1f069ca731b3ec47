// Watchlists (issue 17 item 5) on PGlite and PostgreSQL: follow and unfollow with bad input and
// role checks; events from the real producers (the ranking run, moderation, official replies,
// cases) → inbox rows through the job table; no duplicates when a producer or the worker runs
// again; mail over real SMTP (smtp-server in the test) with RFC 8058 headers and a working
// unsubscribe link; the daily digest grouped by platform; the private Atom feed parsed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { parseFeed } from 'htmlparser2';
import type { Kysely } from 'kysely';
import { createTestDb, testDbKind, type TestDb } from '../helpers/db.ts';
import { makeAccount } from '../helpers/accounts.ts';
import { startMailCatcher, type MailCatcher } from '../helpers/mail.ts';
import { baseReview, failure, makePlatform, makeRepresentative } from './review-helpers.ts';
import type { Database } from '../../src/server/db/schema.ts';
import type { Account } from '../../src/server/accounts/account.repository.ts';
import * as watch from '../../src/server/watch/watch.service.ts';
import { drainOnce, nextDigestAt, retryDelayMs, type DeliveryDeps } from '../../src/server/watch/watch.worker.ts';
import { buildWatchFeed } from '../../src/server/watch/watch.feed.ts';
import { notificationTitle } from '../../src/server/watch/watch.format.ts';
import * as watchRepo from '../../src/server/watch/watch.repository.ts';
import { runRecompute } from '../../src/server/ranking/recompute.ts';
import { insertQualification } from '../../src/server/platforms/platform.repository.ts';
import { decideEvidence, decideIncident, setPlatformStatus } from '../../src/server/moderation/moderation.service.ts';
import { addPlatformReply, fileIncident } from '../../src/server/incidents/incident.service.ts';
import { postOfficialReply, createReview } from '../../src/server/reviews/review.service.ts';

const dayMs = 86_400_000;
const nowMs = Date.UTC(2026, 11, 1, 12, 0, 0);
const origin = 'https://kaopu.test';
const secret = 'a-test-secret-that-is-long-enough-0123456789';
let t: TestDb;
let mail: MailCatcher;
let deps: DeliveryDeps;

const actorOf = (a: Account) => ({ id: a.id, status: a.status });
const modActor = (a: Account) => ({ id: a.id, handle: a.handle, role: a.role, status: a.status, totpVerified: true });

async function verified(db: Kysely<Database>, opts: Parameters<typeof makeAccount>[1] = {}): Promise<Account> {
  const a = await makeAccount(db, { nowMs, ...opts });
  await db.updateTable('account').set({ email_verified_at: new Date(nowMs - dayMs) }).where('id', '=', a.id).execute();
  return a;
}

const inboxOf = async (a: Account) => watchRepo.inbox(t.db, a.id, 100);

beforeAll(async () => {
  t = await createTestDb();
  mail = await startMailCatcher();
  deps = { db: t.db, mailer: mail.mailer, origin, appSecret: secret, log: () => {} };
});
afterAll(async () => {
  await mail.close();
  await t.destroy();
});

describe(`watchlist on ${testDbKind}`, () => {
  it('follows and unfollows a platform and a case; bad input and the wrong people are refused; nothing saved is lost', async () => {
    const a = await verified(t.db);
    const p = await makePlatform(t.db);
    const pending = await makePlatform(t.db, 'pending');
    const reporter = await makeAccount(t.db, { nowMs });
    const c = await fileIncident(t.db, { config: { uploadDir: '/nonexistent' } }, reporter.id, { platformId: p, kind: 'withdrawal_blocked', occurredOn: '2026-11-20', body: '预存余额三千元无法提现，客服一直不回复消息。' }, nowMs);

    expect(await watch.follow(t.db, actorOf(a), { kind: 'platform', platformId: p }, nowMs)).toMatchObject({ kind: 'platform', subjectId: p });
    // Twice is once.
    await watch.follow(t.db, actorOf(a), { kind: 'platform', platformId: p }, nowMs);
    await watch.follow(t.db, actorOf(a), { kind: 'incident', caseNo: c.caseNo }, nowMs);
    const follows = await watch.listFollows(t.db, a.id);
    expect(follows.map((w) => [w.kind, w.caseNo]).sort()).toEqual([['incident', c.caseNo], ['platform', null]]);

    // Bad input: unknown or unapproved platform, a case number that is not one, a tampered id.
    for (const target of [
      { kind: 'platform' as const, platformId: 99_999_999 },
      { kind: 'platform' as const, platformId: pending },
      { kind: 'incident' as const, caseNo: 'KP-00000000-0000' },
      { kind: 'incident' as const, caseNo: "'; DROP TABLE watch; --" },
      { kind: 'incident' as const, caseNo: '' },
    ]) {
      expect(await failure(watch.follow(t.db, actorOf(a), target, nowMs))).toMatchObject({ key: 'watch.error.notFound', status: 'NOT_FOUND' });
    }
    // Roles: anonymous and suspended readers cannot follow, unfollow or change settings.
    expect((await failure(watch.follow(t.db, null, { kind: 'platform', platformId: p }, nowMs))).status).toBe('UNAUTHORIZED');
    const suspended = await makeAccount(t.db, { nowMs });
    await t.db.updateTable('account').set({ status: 'suspended' }).where('id', '=', suspended.id).execute();
    expect((await failure(watch.follow(t.db, { id: suspended.id, status: 'suspended' }, { kind: 'platform', platformId: p }, nowMs))).key).toBe('error.suspended');
    expect((await failure(watch.unfollow(t.db, null, { kind: 'platform', platformId: p }))).status).toBe('UNAUTHORIZED');
    expect((await failure(watch.setEmailMode(t.db, null, 'daily', nowMs))).status).toBe('UNAUTHORIZED');
    expect((await failure(watch.createFeedToken(t.db, { id: suspended.id, status: 'suspended' }, nowMs))).key).toBe('error.suspended');
    // A bad mail mode is refused and the saved one stays.
    await watch.setEmailMode(t.db, actorOf(a), 'daily', nowMs);
    expect(await failure(watch.setEmailMode(t.db, actorOf(a), 'hourly', nowMs))).toMatchObject({ field: 'emailMode', key: 'field.choice' });
    expect((await watch.loadPrefs(t.db, a.id)).emailMode).toBe('daily');
    expect(await watch.listFollows(t.db, a.id)).toHaveLength(2);

    await watch.unfollow(t.db, actorOf(a), { kind: 'platform', platformId: p });
    await watch.unfollow(t.db, actorOf(a), { kind: 'platform', platformId: p });
    expect((await watch.listFollows(t.db, a.id)).map((w) => w.kind)).toEqual(['incident']);
    expect(await watch.isFollowing(t.db, a.id, 'platform', p)).toBe(false);
  });

  it('a status change, an official reply and case moves reach followers through the job table, once each, and never the actor', async () => {
    const follower = await verified(t.db);
    const caseFollower = await verified(t.db);
    const bystander = await verified(t.db);
    const mod = await makeAccount(t.db, { role: 'moderator', nowMs });
    const rep = await verified(t.db);
    const p = await makePlatform(t.db);
    await makeRepresentative(t.db, rep.id, p);
    const reporter = await makeAccount(t.db, { nowMs });
    const c = await fileIncident(t.db, { config: { uploadDir: '/nonexistent' } }, reporter.id, { platformId: p, kind: 'withdrawal_blocked', occurredOn: '2026-11-20', body: '预存余额三千元无法提现，客服一直不回复消息。' }, nowMs);
    await watch.follow(t.db, actorOf(follower), { kind: 'platform', platformId: p }, nowMs);
    await watch.follow(t.db, actorOf(caseFollower), { kind: 'incident', caseNo: c.caseNo }, nowMs);
    // The representative follows their own platform: their own reply is not news to them.
    await watch.follow(t.db, actorOf(rep), { kind: 'platform', platformId: p }, nowMs);
    await watch.setEmailMode(t.db, actorOf(caseFollower), 'off', nowMs);
    await watch.setEmailMode(t.db, actorOf(rep), 'off', nowMs);

    await decideIncident(t.db, modActor(mod), { id: c.id, decision: 'accept' }, nowMs + 1000);
    await addPlatformReply(t.db, rep.id, { caseNo: c.caseNo, body: '已核实，今天内处理提现，请留意到账。' }, nowMs + 2000);
    await setPlatformStatus(t.db, modActor(mod), { platformId: p, status: 'suspended', note: '官网公告暂停服务' }, nowMs + 3000);

    // Nothing is delivered in the request: only events and fan-out jobs exist so far.
    expect(await inboxOf(follower)).toEqual([]);
    const jobs = await t.db.selectFrom('notify_job').select(['kind']).where('done_at', 'is', null).execute();
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.every((j) => j.kind === 'fanout')).toBe(true);

    const first = await drainOnce(deps, nowMs + 5000);
    expect(first.failed).toBe(0);
    const kinds = (rows: watchRepo.NotificationRow[]) => rows.map((r) => r.kind + (r.kind === 'case_status' ? `:${r.data.status}` : '')).sort();
    expect(kinds(await inboxOf(follower))).toEqual(['case_status:accepted', 'case_status:platform_replied', 'official_reply', 'status_changed'].sort());
    expect(kinds(await inboxOf(caseFollower))).toEqual(['case_status:accepted', 'case_status:platform_replied', 'official_reply'].sort());
    expect(kinds(await inboxOf(rep))).toEqual(['case_status:accepted', 'status_changed']);
    expect(await inboxOf(bystander)).toEqual([]);
    expect(await watch.unreadCount(t.db, follower.id)).toBe(4);

    // The worker running again, or a fan-out job re-enqueued by hand, adds nothing.
    const again = await drainOnce(deps, nowMs + 6000);
    expect(again.ran).toBe(0);
    const events = await t.db.selectFrom('notify_event').select('id').where('platform_id', '=', p).execute();
    for (const e of events) await t.db.updateTable('notify_job').set({ done_at: null }).where('job_key', '=', `fanout:${e.id}`).execute();
    await drainOnce(deps, nowMs + 7000);
    expect(await inboxOf(follower)).toHaveLength(4);

    // Immediate mail: one message per entry, in the member's language, with RFC 8058 headers.
    const mails = await mail.inbox(follower.email);
    expect(mails).toHaveLength(4);
    const statusMail = mails.find((m) => m.subject.includes('暂停服务'))!;
    expect(statusMail.subject).toMatch(/^\[靠谱\] 测试卡盟\d+ 的状态变为“暂停服务”$/);
    expect(statusMail.text).toContain(`${origin}/platforms/`);
    const header = (m: typeof statusMail, key: string) => m.headerLines.find((h) => h.key === key)?.line ?? '';
    expect(header(statusMail, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const unsub = /<(https:\/\/kaopu\.test\/watch\/unsubscribe\?token=[^>]+)>/.exec(header(statusMail, 'list-unsubscribe'))?.[1];
    expect(unsub).toBeDefined();
    expect(statusMail.text).toContain(unsub!);
    // Mail off: inbox entries only.
    expect(await mail.inbox(caseFollower.email)).toEqual([]);

    // The unsubscribe link works without a session; a forged one does not.
    const token = new URL(unsub!).searchParams.get('token')!;
    expect(watch.verifyUnsubscribeToken(secret, token)).toBe(follower.id);
    expect(watch.verifyUnsubscribeToken(secret, `${bystander.id}.${token.split('.')[1]}`)).toBeNull();
    expect(watch.verifyUnsubscribeToken('another-secret-that-is-long-enough-0123456789', token)).toBeNull();
    expect((await failure(watch.unsubscribe(t.db, secret, 'garbage', nowMs))).key).toBe('watch.unsubscribe.invalid');
    await watch.unsubscribe(t.db, secret, token, nowMs + 8000);
    expect((await watch.loadPrefs(t.db, follower.id)).emailMode).toBe('off');
    await setPlatformStatus(t.db, modActor(mod), { platformId: p, status: 'active', note: '恢复服务' }, nowMs + 9000);
    await drainOnce(deps, nowMs + 10_000);
    expect(await inboxOf(follower)).toHaveLength(5);
    expect(await mail.inbox(follower.email)).toHaveLength(4);

    // Read state belongs to its owner.
    const [newest] = await inboxOf(follower);
    expect((await watch.markRead(t.db, actorOf(bystander), [newest!.id], nowMs)).marked).toBe(0);
    expect(await watch.markRead(t.db, actorOf(follower), [newest!.id], nowMs)).toEqual({ marked: 1, tags: [`viewer:${follower.id}`] });
    expect(await watch.unreadCount(t.db, follower.id)).toBe(4);
    await watch.markRead(t.db, actorOf(follower), null, nowMs);
    expect(await watch.unreadCount(t.db, follower.id)).toBe(0);
  });

  it('an official reply under a review notifies the platform\'s followers', async () => {
    const follower = await verified(t.db);
    const rep = await verified(t.db);
    const author = await makeAccount(t.db, { nowMs });
    const p = await makePlatform(t.db);
    await makeRepresentative(t.db, rep.id, p);
    await watch.follow(t.db, actorOf(follower), { kind: 'platform', platformId: p }, nowMs);
    await watch.setEmailMode(t.db, actorOf(follower), 'off', nowMs);
    const review = await createReview(t.db, author.id, baseReview(p, { rating: 2, body: '充值三天没到账，客服说在处理，还没有结果。' }) as never, nowMs);
    await postOfficialReply(t.db, rep.id, { kind: 'review', targetId: review.id, body: '已为您补单，请查看账户余额。' }, nowMs + 1000);
    await drainOnce(deps, nowMs + 2000);
    const [n] = await inboxOf(follower);
    expect(n).toMatchObject({ kind: 'official_reply', data: { reviewId: review.id } });
  });

  it('a band change from a ranking run notifies once; a second run over the same state adds nothing', async () => {
    const buyers: number[] = [];
    for (let i = 0; i < 10; i++) buyers.push((await makeAccount(t.db, { ageDays: 500 + i * 20, nowMs })).id);
    const mod = await makeAccount(t.db, { role: 'moderator', nowMs });
    const r = await t.db.insertInto('platform').values({
      slug: 'watch-band', name_zh: '结论测试卡盟', name_en: 'Band Test', approval: 'approved', operator_type: 'company',
      created_at: new Date(nowMs - 900 * dayMs), status_changed_at: null, status_evidence: null, approval_reason: null,
      founded_on: new Date(nowMs - 8 * 365 * dayMs), submitted_by: null,
    }).returning('id').executeTakeFirstOrThrow();
    const p = Number(r.id);
    const q = (kind: 'business_licence' | 'icp_licence', state: 'verified' | 'pending') => insertQualification(t.db, {
      platformId: p, kind, number: kind === 'business_licence' ? '91440305CR7L2FWAPX' : '粤B2-20180123', holderName: '测试公司（虚构）',
      scopeText: kind === 'business_licence' ? '网络技术服务；第二类增值电信业务。' : '', uploadId: null, submittedBy: null, state, createdAt: new Date(nowMs - 300 * dayMs),
    });
    await q('business_licence', 'verified');
    const icp = await q('icp_licence', 'pending');
    for (const [i, rating] of [5, 4, 5, 5, 4, 5, 5, 4, 5, 5].entries()) {
      const text = `第${i}位买家：在这家买了很久，到账和售后情况都写在这里。`;
      await t.db.insertInto('review').values({
        platform_id: p, account_id: buyers[i]!, rating, current_rating: rating, rating_service: rating, rating_risk: null, rating_value: null,
        rating_after_sales: null, product_category: 'game_cards', purchased_on: null, body_source: text, body_html: `<p>${text}</p>`,
        proof_state: 'verified', state: 'published', state_reason: null, last_follow_up_at: null, edited_at: null, created_at: new Date(nowMs - (30 + i * 20) * dayMs),
      }).execute();
    }
    expect((await runRecompute(t.db, nowMs)).status).toBe('ran');
    const follower = await verified(t.db);
    await watch.follow(t.db, actorOf(follower), { kind: 'platform', platformId: p }, nowMs);
    await watch.setEmailMode(t.db, actorOf(follower), 'off', nowMs);

    await decideEvidence(t.db, modActor(mod), { id: icp, decision: 'approve' }, nowMs + 60_000);
    expect((await runRecompute(t.db, nowMs + 120_000)).status).toBe('ran');
    expect((await runRecompute(t.db, nowMs + 240_000)).status).toBe('ran');
    await drainOnce(deps, nowMs + 300_000);
    const rows = (await inboxOf(follower)).filter((n) => n.platformId === p);
    expect(rows.map((n) => [n.kind, n.data])).toEqual([['band_changed', { from: 'caution', to: 'reliable' }]]);
    expect(await t.db.selectFrom('notify_event').select('id').where('platform_id', '=', p).where('kind', '=', 'band_changed').execute()).toHaveLength(1);
  });

  it('a 预警 early warning opened by the ranking run notifies once (same wave as early-warning.test.ts)', async () => {
    // Platforms are listed "now" (column default), so this wave runs on the real clock.
    const now = Date.now();
    const wave = await makePlatform(t.db);
    for (let i = 0; i < 6; i++) {
      const a = await makeAccount(t.db, { ageDays: 400, nowMs: now });
      await createReview(t.db, a.id, baseReview(wave, { rating: 5, body: `第${i}次购买，到账很快，客服回复及时。` }) as never, now - (30 + i * 25) * dayMs);
    }
    for (let i = 0; i < 6; i++) {
      const a = await makeAccount(t.db, { ageDays: 90 + i * 100, nowMs: now });
      await createReview(t.db, a.id, baseReview(wave, { rating: 1 + (i % 2), body: `提现一直审核中，客服不回复，第${i}天。` }) as never, now - (1 + (i % 5)) * dayMs);
    }
    const follower = await verified(t.db);
    await watch.follow(t.db, actorOf(follower), { kind: 'platform', platformId: wave }, now);
    await watch.setEmailMode(t.db, actorOf(follower), 'off', now);
    expect((await runRecompute(t.db, now)).status).toBe('ran');
    expect((await runRecompute(t.db, now + 3_600_000)).status).toBe('ran');
    await drainOnce(deps, now + 3_700_000);
    const warnings = (await inboxOf(follower)).filter((n) => n.kind === 'early_warning');
    expect(warnings).toHaveLength(1);
    expect(Number(warnings[0]!.data.complainants)).toBeGreaterThanOrEqual(5);
    expect(notificationTitle('zh-CN', warnings[0]!)).toMatch(/出现跑路预警：近期 \d+ 位买家投诉$/);
  });

  it('daily digest: one message per member at 08:00 China time, grouped by platform; failures retry with backoff', async () => {
    const reader = await verified(t.db, { handle: 'digest_reader' });
    await t.db.updateTable('account').set({ locale: 'en' }).where('id', '=', reader.id).execute();
    const mod = await makeAccount(t.db, { role: 'moderator', nowMs });
    const p1 = await makePlatform(t.db);
    const p2 = await makePlatform(t.db);
    for (const p of [p1, p2]) await watch.follow(t.db, actorOf(reader), { kind: 'platform', platformId: p }, nowMs);
    await watch.setEmailMode(t.db, actorOf(reader), 'daily', nowMs);
    await setPlatformStatus(t.db, modActor(mod), { platformId: p1, status: 'suspended', note: 'paused' }, nowMs + 1000);
    await setPlatformStatus(t.db, modActor(mod), { platformId: p2, status: 'closed', note: 'closed' }, nowMs + 2000);
    await setPlatformStatus(t.db, modActor(mod), { platformId: p1, status: 'active', note: 'back' }, nowMs + 3000);
    await drainOnce(deps, nowMs + 4000);
    expect(await inboxOf(reader)).toHaveLength(3);
    const due = nextDigestAt(nowMs + 4000);
    expect(due.toISOString()).toBe('2026-12-02T00:00:00.000Z');
    const digestJobs = await t.db.selectFrom('notify_job').selectAll().where('kind', '=', 'digest').where('account_id', '=', reader.id).execute();
    expect(digestJobs).toHaveLength(1);
    // Not before it is due.
    await drainOnce(deps, nowMs + 5000);
    expect(await mail.inbox(reader.email)).toEqual([]);

    // The mail server refuses the first time: the job is retried later, not lost, not doubled.
    let refusals = 1;
    const flaky: DeliveryDeps = { ...deps, mailer: { deliver: async (m) => { if (refusals-- > 0) throw new Error('451 try later'); await mail.mailer.deliver(m); } } };
    const r1 = await drainOnce(flaky, due.getTime());
    expect(r1.failed).toBe(1);
    const job = await t.db.selectFrom('notify_job').selectAll().where('id', '=', digestJobs[0]!.id).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ attempts: 1, last_error: '451 try later', done_at: null });
    expect(job.run_at.getTime()).toBe(due.getTime() + retryDelayMs(1));
    await drainOnce(flaky, due.getTime() + 1000);
    expect(await mail.inbox(reader.email)).toEqual([]);
    await drainOnce(flaky, due.getTime() + retryDelayMs(1));
    const mails = await mail.inbox(reader.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('[Kaopu] 3 updates on what you follow');
    const text = mails[0]!.text;
    // Grouped: each platform's heading once, its entries under it.
    const h1 = text.indexOf('■ Test'), h2 = text.lastIndexOf('■ Test');
    expect(h1).toBeGreaterThan(-1);
    expect(h2).toBeGreaterThan(h1);
    expect(text.match(/■ /g)).toHaveLength(2);
    expect(text.slice(h1, h2).match(/status is now/g)).toHaveLength(2);
    expect(text).toContain(`${origin}/en/watch/unsubscribe?token=`);
    expect(mails[0]!.headerLines.some((h) => h.key === 'list-unsubscribe-post')).toBe(true);
    await drainOnce(flaky, due.getTime() + 2 * dayMs);
    expect(await mail.inbox(reader.email)).toHaveLength(1);
  });

  it('two workers draining at once (SKIP LOCKED) deliver each mail exactly once', async () => {
    const reader = await verified(t.db);
    const mod = await makeAccount(t.db, { role: 'moderator', nowMs });
    const platforms = [await makePlatform(t.db), await makePlatform(t.db), await makePlatform(t.db)];
    for (const p of platforms) await watch.follow(t.db, actorOf(reader), { kind: 'platform', platformId: p }, nowMs);
    let k = 0;
    for (const p of platforms) {
      for (const status of ['suspended', 'active'] as const) await setPlatformStatus(t.db, modActor(mod), { platformId: p, status, note: `n${k}` }, nowMs + 1000 + k++);
    }
    // Fan-out first, then the six mail jobs, each round with two workers side by side.
    await Promise.all([drainOnce(deps, nowMs + 10_000), drainOnce(deps, nowMs + 10_000)]);
    await Promise.all([drainOnce(deps, nowMs + 11_000), drainOnce(deps, nowMs + 11_000)]);
    expect(await inboxOf(reader)).toHaveLength(6);
    expect(await mail.inbox(reader.email)).toHaveLength(6);
    const open = await t.db.selectFrom('notify_job').select('id').where('account_id', '=', reader.id).where('done_at', 'is', null).execute();
    expect(open).toEqual([]);
    // Finished jobs are swept after 30 days; the inbox rows stay.
    expect(await watch.sweepWatchJobs(t.db, nowMs + 11_000 + 29 * dayMs)).toBe(0);
    expect(await watch.sweepWatchJobs(t.db, nowMs + 11_000 + 31 * dayMs)).toBeGreaterThan(0);
    expect(await inboxOf(reader)).toHaveLength(6);
  });

  it('the private feed: a secret token (only its hash stored), revocable; the Atom document parses', async () => {
    const a = await verified(t.db, { handle: 'feed_reader' });
    const mod = await makeAccount(t.db, { role: 'moderator', nowMs });
    const p = await makePlatform(t.db);
    await watch.follow(t.db, actorOf(a), { kind: 'platform', platformId: p }, nowMs);
    await watch.setEmailMode(t.db, actorOf(a), 'off', nowMs);
    await setPlatformStatus(t.db, modActor(mod), { platformId: p, status: 'exit_scam', note: '<script>x</script> 网站打不开 & 客服失联' }, nowMs + 1000);
    await drainOnce(deps, nowMs + 2000);

    const token = await watch.createFeedToken(t.db, actorOf(a), nowMs);
    const row = await t.db.selectFrom('notify_pref').selectAll().where('account_id', '=', a.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(token.split('.')[1]);
    expect(await watch.feedOwner(t.db, token)).toMatchObject({ accountId: a.id });
    expect(await watch.feedOwner(t.db, `${token.split('.')[0]}.${'a'.repeat(24)}`)).toBeNull();
    expect(await watch.feedOwner(t.db, 'nonsense')).toBeNull();

    const xml = buildWatchFeed({ origin, locale: 'zh-CN', handle: a.handle, feedPath: `/inbox/feed/${token}.xml`, rows: await inboxOf(a) });
    execFileSync('xmllint', ['--noout', '-'], { input: xml });
    const feed = parseFeed(xml)!;
    expect(feed.type).toBe('atom');
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]!.title).toMatch(/^测试卡盟\d+ 的状态变为“跑路”$/);
    expect(feed.items[0]!.link).toMatch(/^https:\/\/kaopu\.test\/platforms\/p-/);
    expect(xml).not.toContain('<script>');

    // A new token voids the old; revoking voids all.
    const second = await watch.createFeedToken(t.db, actorOf(a), nowMs);
    expect(await watch.feedOwner(t.db, token)).toBeNull();
    expect(await watch.feedOwner(t.db, second)).toMatchObject({ accountId: a.id });
    await watch.revokeFeedToken(t.db, actorOf(a), nowMs);
    expect(await watch.feedOwner(t.db, second)).toBeNull();
    expect((await watch.loadPrefs(t.db, a.id)).hasFeed).toBe(false);
  });
});

import { invalidatePages } from '../../src/server/http/invalidation.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKind, type TestDb } from '../helpers/db.ts';
import { makeAccount, viewerFor, withStatus } from '../helpers/accounts.ts';
import { DomainError } from '../../src/server/errors.ts';
import * as platforms from '../../src/server/platforms/platform.service.ts';
import { insertPlatform } from '../../src/server/platforms/platform.repository.ts';
import { normaliseDomain } from '../../src/server/platforms/validators.ts';
import { onInvalidate } from '../../src/server/http/invalidation.ts';
import type { Account } from '../../src/server/accounts/account.repository.ts';

let t: TestDb;
let member: Account;
let other: Account;
let moderator: Account;
let approvedId: number;
const nowMs = Date.parse('2026-11-25T03:00:00Z');

beforeAll(async () => {
  t = await createTestDb();
  const idnResult = normaliseDomain('星耀.example');
  if (!idnResult.ok) throw new Error('idn');
  const idn = idnResult.value;
  expect(idn.ascii).toMatch(/^xn--/);
  member = await makeAccount(t.db);
  other = await makeAccount(t.db);
  moderator = await makeAccount(t.db, { role: 'moderator' });
  approvedId = await insertPlatform(t.db, {
    slug: 'xingyao-card', nameZh: '星耀卡盟', nameEn: 'Xingyao Card', aliases: ['星耀'], categories: ['game_cards'], foundedOn: '2016-04-12',
    operatorType: 'company', descriptionSource: '', descriptionHtml: '', approval: 'approved', submittedBy: null,
  }, [{ ascii: 'xingyao-card.example', unicode: 'xingyao-card.example' }, idn]);
});
afterAll(async () => {
  await t.destroy();
});

async function errorOf(p: Promise<unknown>): Promise<{ code: string; field?: string; key: string; fields?: Record<string, string>; params?: Record<string, string | number> } | 'ok'> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, field: e.field, key: e.messageKey, fields: e.fields, params: e.params };
    throw e;
  }
}

const good = {
  slug: '', nameZh: '蓝海卡铺', nameEn: 'Lanhai Kapu', aliases: '蓝海, 蓝海卡', domains: 'https://www.LanHai-kapu.example/shop?id=1\nlanhai.example',
  categories: ['game_cards', 'phone_topup'], foundedOn: '2021-05-01', operatorType: 'studio', description: '新开的点卡店',
};

async function platformCount(): Promise<number> {
  const r = await t.db.selectFrom('platform').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe(`platform submission on ${testDbKind}`, () => {
  it('stores a pending submission with normalised domains, a derived slug and an outbox row', async () => {
    const r = await platforms.submitPlatform(t.db, member, good, nowMs);
    expect(r.slug).toBe('lanhai-kapu');
    const row = await t.db.selectFrom('platform').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row.approval).toBe('pending');
    expect(Number(row.submitted_by)).toBe(member.id);
    expect(row.aliases).toEqual(['蓝海', '蓝海卡']);
    const domains = await t.db.selectFrom('platform_domain').selectAll().where('platform_id', '=', r.id).orderBy('id').execute();
    expect(domains.map((d) => [d.domain, d.is_primary])).toEqual([['lanhai-kapu.example', true], ['lanhai.example', false]]);
    const outbox = await t.db.selectFrom('search_outbox').selectAll().where('kind', '=', 'platform').where('ref_id', '=', r.id).execute();
    expect(outbox).toHaveLength(1);
  });

  it('keeps a pending platform off public views but shows it to its submitter and moderators', async () => {
    expect(await platforms.findVisiblePlatform(t.db, 'lanhai-kapu', null)).toBeNull();
    expect(await platforms.findVisiblePlatform(t.db, 'lanhai-kapu', viewerFor(other))).toBeNull();
    expect(await platforms.findVisiblePlatform(t.db, 'lanhai-kapu', viewerFor(member))).not.toBeNull();
    expect(await platforms.findVisiblePlatform(t.db, 'lanhai-kapu', viewerFor(moderator))).not.toBeNull();
    const dir = await platforms.listDirectory(t.db, { category: null, status: null, sort: 'newest', page: 1 });
    expect(dir.rows.map((r) => r.slug)).toEqual(['xingyao-card']);
    const cmp = await platforms.compare(t.db, 'xingyao-card,lanhai-kapu', nowMs);
    expect(cmp.ok).toBe(false);
    if (!cmp.ok) expect(cmp.unknown).toEqual(['lanhai-kapu']);
  });

  it('hides a pending platform from a suspended or banned moderator, and from staff without TOTP', async () => {
    const suspended = await withStatus(t.db, await makeAccount(t.db, { role: 'moderator' }), 'suspended');
    const banned = await withStatus(t.db, await makeAccount(t.db, { role: 'admin' }), 'banned');
    for (const viewer of [viewerFor(suspended), viewerFor(banned), viewerFor(moderator, false)]) {
      expect(await platforms.findVisiblePlatform(t.db, 'lanhai-kapu', viewer)).toBeNull();
      expect(await platforms.getPlatformPage(t.db, 'lanhai-kapu', viewer, nowMs)).toBeNull();
    }
    // reinstated, the same moderator sees it again
    expect(await platforms.findVisiblePlatform(t.db, 'lanhai-kapu', viewerFor(await withStatus(t.db, suspended, 'active')))).not.toBeNull();
  });

  it.each([
    ['same domain as an approved platform (pasted URL, upper case)', { ...good, nameZh: '新名字卡盟', nameEn: 'New Name', aliases: '', domains: 'HTTP://XINGYAO-CARD.example/a' }, 'domains', 'platforms.submit.duplicateDomain', 'xingyao-card'],
    ['same IDN domain in Unicode form', { ...good, nameZh: '另一个', nameEn: 'Another One', aliases: '', domains: '星耀.example' }, 'domains', 'platforms.submit.duplicateDomain', 'xingyao-card'],
    ['same domain as a pending submission', { ...good, nameZh: '别的名字', nameEn: 'Other Name', aliases: '', domains: 'lanhai.example' }, 'domains', 'platforms.submit.duplicatePending', 'lanhai-kapu'],
    ['near-identical Latin name', { ...good, nameZh: '完全不同', nameEn: 'Xingyao Cards', aliases: '', domains: 'xy-new.example' }, 'nameEn', 'platforms.submit.duplicateName', 'xingyao-card'],
    ['same name in full-width capitals (skeleton)', { ...good, nameZh: '完全不同二', nameEn: 'ＸＩＮＧＹＡＯ ＣＡＲＤ', aliases: '', domains: 'xy-new2.example' }, 'nameEn', 'platforms.submit.duplicateName', 'xingyao-card'],
    ['a near-identical Chinese name', { ...good, nameZh: '星耀卡盟', nameEn: 'Totally Fresh', aliases: '', domains: 'xy-new4.example' }, 'nameZh', 'platforms.submit.duplicateName', 'xingyao-card'],
    ['an alias equal to an existing name', { ...good, nameZh: '完全不同三', nameEn: 'Totally Else', aliases: '星耀卡盟', domains: 'xy-new3.example' }, 'aliases', 'platforms.submit.duplicateName', 'xingyao-card'],
  ])('refuses a duplicate: %s', async (_label, input, field, key, slug) => {
    const before = await platformCount();
    const e = await errorOf(platforms.submitPlatform(t.db, other, input, nowMs));
    expect(e).not.toBe('ok');
    if (e === 'ok') return;
    expect(e.code).toBe('conflict');
    expect(e.field).toBe(field);
    expect(e.key).toBe(key);
    expect(e.params?.slug).toBe(slug);
    expect(e.params?.existing, 'a name for the link to the existing page').toBeTruthy();
    expect(await platformCount()).toBe(before);
  });

  it.each([
    ['bad slug characters', { slug: 'Bad Slug!' }, 'slug', 'platforms.v.slug.charset'],
    ['slug with double hyphen', { slug: 'a--b' }, 'slug', 'platforms.v.slug.hyphen'],
    ['domain that is an IP', { domains: 'http://10.0.0.1/shop' }, 'domains', 'platforms.v.domain.ip'],
    ['domain without a dot', { domains: 'localhost' }, 'domains', 'platforms.v.domain.no_dot'],
    ['no domain', { domains: '' }, 'domains', 'platforms.submit.domainRequired'],
    ['no name', { nameZh: '   ' }, 'nameZh', 'field.required'],
    ['homoglyph name', { nameEn: 'Kаmi Shop' }, 'nameEn', 'platforms.submit.mixedScript'],
    ['unknown category', { categories: ['weapons'] }, 'categories', 'field.choice'],
    ['founded in the future', { foundedOn: '2030-01-01' }, 'foundedOn', 'platforms.submit.foundedOn'],
    ['unknown operator type', { operatorType: 'mafia' }, 'operatorType', 'field.choice'],
  ])('refuses bad input: %s', async (_label, patch, field, key) => {
    const before = await platformCount();
    const e = await errorOf(platforms.submitPlatform(t.db, other, { ...good, nameZh: '全新平台', nameEn: 'Brand New', aliases: '', domains: 'brand-new.example', ...patch }, nowMs));
    expect(e).not.toBe('ok');
    if (e === 'ok') return;
    expect(e.fields?.[field] ?? (e.field === field ? e.key : undefined)).toBe(key);
    expect(await platformCount()).toBe(before);
  });

  it('an empty slug derived from an empty English name reports the name only (the slug hint says it is derived)', async () => {
    const e = await errorOf(platforms.submitPlatform(t.db, other, { ...good, nameZh: '全新平台二', nameEn: '', slug: '', aliases: '', domains: 'brand-new2.example' }, nowMs));
    expect(e !== 'ok' && e.fields).toEqual({ nameEn: 'field.required' });
  });

  it('refuses a taken slug', async () => {
    const e = await errorOf(platforms.submitPlatform(t.db, other, { ...good, slug: 'xingyao-card', nameZh: '全新平台', nameEn: 'Brand New', aliases: '', domains: 'brand-new.example' }, nowMs));
    expect(e !== 'ok' && e.key).toBe('platforms.submit.slugTaken');
  });
});

describe(`qualification evidence on ${testDbKind}`, () => {
  async function evidenceCount(): Promise<number> {
    const r = await t.db.selectFrom('platform_qualification').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  it('stores a valid business licence with its scope check and names the platform page for invalidation', async () => {
    const tags: string[] = [];
    const off = onInvalidate((x) => tags.push(...x));
    const v = platforms.validateEvidence({ kind: 'business_licence', number: '91440305CR7L2FWAPX', holderName: '深圳星耀网络科技有限公司', scopeText: '网络技术服务；第二类增值电信业务', description: '' });
    expect(v.scope?.hasTelecomScope).toBe(true);
    const r = await platforms.submitEvidence(t.db, member, approvedId, v, null, nowMs);
    // The service only names the pages; the caller (here the test, in the site the action) invalidates after it.
    expect(tags).toEqual([]);
    invalidatePages(r.tags);
    off();
    const row = await t.db.selectFrom('platform_qualification').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'business_licence', number: '91440305CR7L2FWAPX', state: 'pending' });
    expect(tags).toContain(`platform:${approvedId}`);
  });

  it('normalises an ICP filing and a licence number', async () => {
    const f = platforms.validateEvidence({ kind: 'icp_filing', number: ' 粤ICP备16012345号－1 ', holderName: '', scopeText: '', description: '' });
    expect(f.number).toBe('粤ICP备16012345号-1');
    const l = platforms.validateEvidence({ kind: 'icp_licence', number: '粤b2-20180123', holderName: '', scopeText: '', description: '' });
    expect(l.number).toBe('粤B2-20180123');
  });

  it.each([
    ['credit code checksum', { kind: 'business_licence', number: '91440305CR7L2FWAPY', holderName: 'x', scopeText: '技术服务' }, 'number', 'platforms.v.credit_code.checksum'],
    ['credit code province', { kind: 'business_licence', number: '919905055J0DT8M3GA', holderName: 'x', scopeText: '技术服务' }, 'number', 'platforms.v.credit_code.region'],
    ['credit code length', { kind: 'business_licence', number: '9144030', holderName: 'x', scopeText: '技术服务' }, 'number', 'platforms.v.credit_code.length'],
    ['licence without scope text', { kind: 'business_licence', number: '91440305CR7L2FWAPX', holderName: 'x', scopeText: '' }, 'scopeText', 'platforms.evidence.scopeRequired'],
    ['ICP filing format', { kind: 'icp_filing', number: '粤ICP备16012345' }, 'number', 'platforms.v.icp_filing.format'],
    ['ICP证 licence pasted as a filing', { kind: 'icp_filing', number: '粤ICP证16012345号' }, 'number', 'platforms.evidence.licenceNotFiling'],
    ['ICP filing province', { kind: 'icp_filing', number: '港ICP备16012345号' }, 'number', 'platforms.v.icp_filing.province'],
    ['filing pasted as a licence', { kind: 'icp_licence', number: '粤ICP备16012345号' }, 'number', 'platforms.evidence.filingNotLicence'],
    ['licence pasted as a filing', { kind: 'icp_filing', number: '京B2-20201234' }, 'number', 'platforms.evidence.licenceNotFiling'],
    ['licence province', { kind: 'icp_licence', number: '港B2-20180123' }, 'number', 'platforms.v.telecom_licence.province'],
    ['licence year', { kind: 'icp_licence', number: 'B2-19980123' }, 'number', 'platforms.v.telecom_licence.year'],
    ['licence format', { kind: 'icp_licence', number: 'B3-2018' }, 'number', 'platforms.v.telecom_licence.format'],
    ['payment partner without description', { kind: 'payment_partner', description: '有' }, 'description', 'platforms.evidence.describePartner'],
    ['payment partner with an empty description', { kind: 'payment_partner', description: ' \n ' }, 'description', 'platforms.evidence.describePartner'],
    ['payment partner with a description too long', { kind: 'payment_partner', description: '长'.repeat(3001) }, 'description', 'field.tooLong'],
    ['licence without holder', { kind: 'business_licence', number: '91440305CR7L2FWAPX', holderName: '\u200B ', scopeText: '技术服务' }, 'holderName', 'field.required'],
    ['holder name too long', { kind: 'icp_filing', number: '粤ICP备16012345号-1', holderName: '名'.repeat(121) }, 'holderName', 'field.tooLong'],
    ['holder name not valid Unicode', { kind: 'icp_filing', number: '粤ICP备16012345号-1', holderName: 'a\uD800' }, 'holderName', 'field.invalidUtf8'],
    ['scope text too long', { kind: 'icp_filing', number: '粤ICP备16012345号-1', scopeText: '围'.repeat(3001) }, 'scopeText', 'field.tooLong'],
    ['unknown kind', { kind: 'passport' }, 'kind', 'field.choice'],
  ])('refuses %s and writes nothing', async (_label, patch, field, key) => {
    const before = await evidenceCount();
    const input: platforms.EvidenceInput = Object.assign({ kind: '', number: '', holderName: '', scopeText: '', description: '' }, patch);
    const e = await errorOf((async () => platforms.submitEvidence(t.db, member, approvedId, platforms.validateEvidence(input), null, nowMs))());
    expect(e).not.toBe('ok');
    if (e === 'ok') return;
    expect(e.fields?.[field]).toBe(key);
    expect(await evidenceCount()).toBe(before);
  });

  it('refuses the same number again while it waits or once verified; a rejected one may come back', async () => {
    const v = platforms.validateEvidence({ kind: 'icp_licence', number: '粤B2-20190456', holderName: '', scopeText: '', description: '' });
    const first = await platforms.submitEvidence(t.db, member, approvedId, v, null, nowMs);
    const before = await evidenceCount();
    const again = platforms.validateEvidence({ kind: 'icp_licence', number: ' 粤Ｂ２-20190456 ', holderName: '', scopeText: '', description: '' });
    const e = await errorOf(platforms.submitEvidence(t.db, member, approvedId, again, null, nowMs));
    expect(e !== 'ok' && [e.code, e.field, e.key]).toEqual(['conflict', 'number', 'platforms.evidence.duplicatePending']);
    expect(await evidenceCount()).toBe(before);
    await t.db.updateTable('platform_qualification').set({ state: 'verified' }).where('id', '=', first.id).execute();
    const e2 = await errorOf(platforms.assertNewEvidence(t.db, approvedId, again));
    expect(e2 !== 'ok' && e2.key).toBe('platforms.evidence.duplicateVerified');
    await t.db.updateTable('platform_qualification').set({ state: 'rejected' }).where('id', '=', first.id).execute();
    expect(await errorOf(platforms.assertNewEvidence(t.db, approvedId, again))).toBe('ok');
  });

  it('refuses evidence for a pending platform', async () => {
    const pending = await t.db.selectFrom('platform').select('id').where('slug', '=', 'lanhai-kapu').executeTakeFirstOrThrow();
    const v = platforms.validateEvidence({ kind: 'icp_filing', number: '粤ICP备16012345号', holderName: '', scopeText: '', description: '' });
    const e = await errorOf(platforms.submitEvidence(t.db, member, Number(pending.id), v, null, nowMs));
    expect(e !== 'ok' && e.code).toBe('not_found');
  });
});

describe(`facts on ${testDbKind}`, () => {
  it('records a member claim with who and when, and replaces an earlier claim', async () => {
    const r = await platforms.claimFact(t.db, member, approvedId, { key: 'refund_window_hours', value: '48', note: '客服说的' }, nowMs);
    expect(r.sourceKind).toBe('member');
    await platforms.claimFact(t.db, other, approvedId, { key: 'refund_window_hours', value: '072', note: '' }, nowMs + 1000);
    const rows = await t.db.selectFrom('platform_fact').selectAll().where('platform_id', '=', approvedId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ fact_key: 'refund_window_hours', value: '72', provenance: 'claimed', source_kind: 'member' });
    expect(Number(rows[0]!.asserted_by)).toBe(other.id);
  });

  it('marks a claim by the verified representative as the platform\'s own', async () => {
    await t.db.insertInto('platform_representative').values({ platform_id: approvedId, account_id: other.id, evidence: 'x', state: 'verified' }).execute();
    const r = await platforms.claimFact(t.db, other, approvedId, { key: 'support_24x7', value: 'yes', note: '' }, nowMs);
    expect(r.sourceKind).toBe('platform');
  });

  it.each([
    ['unknown key', { key: 'free_money', value: 'yes', note: '' }, 'key', 'field.choice'],
    ['bad yes/no value', { key: 'https', value: 'maybe', note: '' }, 'value', 'field.choice'],
    ['hours not a number', { key: 'refund_window_hours', value: '48h', note: '' }, 'value', 'platforms.facts.hours'],
    ['zero hours', { key: 'refund_window_hours', value: '0', note: '' }, 'value', 'platforms.facts.hours'],
  ])('refuses %s', async (_label, input, field, key) => {
    const before = await t.db.selectFrom('platform_fact').selectAll().where('platform_id', '=', approvedId).execute();
    const e = await errorOf(platforms.claimFact(t.db, member, approvedId, input, nowMs));
    expect(e !== 'ok' && e.fields?.[field]).toBe(key);
    expect(await t.db.selectFrom('platform_fact').selectAll().where('platform_id', '=', approvedId).execute()).toEqual(before);
  });

  it('does not let a claim overwrite a verified fact', async () => {
    await t.db.insertInto('platform_fact').values({ platform_id: approvedId, fact_key: 'https', value: 'yes', provenance: 'verified', source_kind: 'moderator', asserted_by: moderator.id }).execute();
    const e = await errorOf(platforms.claimFact(t.db, member, approvedId, { key: 'https', value: 'no', note: '' }, nowMs));
    expect(e !== 'ok' && e.key).toBe('platforms.facts.locked');
    const row = await t.db.selectFrom('platform_fact').selectAll().where('platform_id', '=', approvedId).where('fact_key', '=', 'https').executeTakeFirstOrThrow();
    expect(row.value).toBe('yes');
  });

  it('shows an accepted refund-refused incident as contradicting "unconditional refund"', async () => {
    await platforms.claimFact(t.db, member, approvedId, { key: 'unconditional_refund', value: 'yes', note: '' }, nowMs);
    let page = await platforms.getPlatformPage(t.db, 'xingyao-card', null, nowMs);
    expect(page!.facts.find((f) => f.key === 'unconditional_refund')!.effectiveProvenance).toBe('claimed');
    await t.db.insertInto('incident').values({
      case_no: 'KP-T-1', platform_id: approvedId, reporter_id: member.id, kind: 'refund_refused', occurred_on: new Date('2026-11-01'),
      amount_cents: null, body_source: 'x', body_html: 'x', upload_id: null, status: 'accepted', status_reason: null, accepted_at: new Date(), closed_at: null,
    }).execute();
    // What the writer (moderation, the ranking job) does after its commit:
    invalidatePages([`platform:${page!.platform.id}`]);
    page = await platforms.getPlatformPage(t.db, 'xingyao-card', null, nowMs);
    const fact = page!.facts.find((f) => f.key === 'unconditional_refund')!;
    expect(fact.effectiveProvenance).toBe('contradicted');
    expect(fact.contradictedBy).toBe('incident');
    expect(page!.checklist.service.find((c) => c.key === 'unconditional_refund')!.state).toBe('warning');
  });
});

describe(`platform page read model on ${testDbKind}`, () => {
  it('labels the pure mean when there is no snapshot and prefers the latest snapshot', async () => {
    let page = await platforms.getPlatformPage(t.db, 'xingyao-card', null, nowMs);
    expect(page!.score.weighted).toBe(false);
    expect(page!.ageYears).toBeGreaterThan(3);
    expect(page!.checklist.qualification.find((c) => c.key === 'age')!.state).toBe('known');
    await t.db.insertInto('score_snapshot').values([
      { platform_id: approvedId, computed_at: new Date(nowMs - 2000), score: 3.1, lower_bound: 2.5, rank: 3, review_count: 4, effective_reviews: 2, dimensions: JSON.stringify({}), changes: '[]' },
      { platform_id: approvedId, computed_at: new Date(nowMs - 1000), score: 4.2, lower_bound: 3.9, rank: 1, review_count: 9, effective_reviews: 5, dimensions: JSON.stringify({ service: { score: 4.5, lowerBound: 4 } }), changes: '[]' },
    ]).execute();
    // What the writer (moderation, the ranking job) does after its commit:
    invalidatePages([`platform:${page!.platform.id}`]);
    page = await platforms.getPlatformPage(t.db, 'xingyao-card', null, nowMs);
    expect(page!.score).toMatchObject({ weighted: true, overall: expect.closeTo(4.2, 5), rank: 1 });
    const dir = await platforms.listDirectory(t.db, { category: 'game_cards', status: 'active', sort: 'rank', page: 1 });
    expect(dir.rows[0]).toMatchObject({ slug: 'xingyao-card', rank: 1 });
    const none = await platforms.listDirectory(t.db, { category: 'course_codes', status: null, sort: 'rank', page: 1 });
    expect(none.total).toBe(0);
  });

  it('compare: 2–4 known slugs, friendly reasons otherwise', async () => {
    await insertPlatform(t.db, {
      slug: 'second-one', nameZh: '第二家', nameEn: 'Second One', aliases: [], categories: ['other'], foundedOn: null,
      operatorType: 'unknown', descriptionSource: '', descriptionHtml: '', approval: 'approved', submittedBy: null,
    }, [{ ascii: 'second-one.example', unicode: 'second-one.example' }]);
    expect((await platforms.compare(t.db, 'xingyao-card, second-one', nowMs)).ok).toBe(true);
    expect(await platforms.compare(t.db, 'xingyao-card', nowMs)).toMatchObject({ ok: false, reason: 'too_few' });
    expect(await platforms.compare(t.db, '', nowMs)).toMatchObject({ ok: false, reason: 'too_few' });
    expect(await platforms.compare(t.db, 'xingyao-card,nope,<script>', nowMs)).toMatchObject({ ok: false, reason: 'unknown' });
    expect(await platforms.resolvePlatformRef(t.db, 'https://www.second-one.example/x')).toBe('second-one');
    expect(await platforms.resolvePlatformRef(t.db, '星耀')).toBe('xingyao-card');
  });
});

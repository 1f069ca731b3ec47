// The /mod route data (queue-view.ts): built once from the queue data, read by the components.
import { describe, expect, it } from 'vitest';
import { actionUrl, buildQueueView, excerpt, queuePageHref, type QueueViewInput } from '../../src/server/moderation/queue-view.ts';
import { queueNames, type QueueData, type QueueItem, type QueueName } from '../../src/server/moderation/queue.service.ts';
import type { PostKind } from '../../src/server/moderation/flag-reasons.ts';

const at = new Date('2026-12-01T08:00:00Z');
const counts = (over: Partial<Record<QueueName, number>> = {}) => new Map(queueNames.map((q) => [q, over[q] ?? 0]));

function data(queue: QueueName, items: QueueItem[], over: Partial<QueueData> = {}): QueueData {
  return {
    counts: counts({ [queue]: items.length }), queue, page: 1, hasNext: false, items,
    platforms: new Map([[7, { slug: 'kami-a', name: '甲卡盟' }]]), accounts: new Map(), reviews: new Map(), ...over,
  };
}
const input = (d: QueueData, over: Partial<QueueViewInput> = {}): QueueViewInput => ({
  data: d, locale: 'zh-CN', viewerId: 1, queueParam: d.queue, errorKey: null, submittedNote: '', ...over,
});

const flagsItem = (over: Partial<Extract<QueueItem, { queue: 'flags' }>> = {}): QueueItem => ({
  queue: 'flags', key: 'review:5', kind: 'review', id: 5, claim: null, platformId: 7,
  flagCount: 2, weighted: 1.5, firstAt: at, reasons: ['shill', 'spam'], text: '好评返现', state: 'published', author: 'wang',
  flags: [{ reporter: 'li', weight: 1, reason: 'shill', note: '' }, { reporter: 'zhao', weight: 0.2, reason: 'spam', note: 'x'.repeat(300) }],
  ...over,
});

describe('page and tabs', () => {
  it('every queue gets a tab with its count; the current one is marked; the first two are urgent', () => {
    const v = buildQueueView(input(data('flags', [flagsItem()], { counts: counts({ incidents: 3, flags: 1, claims: 0 }) })));
    expect(v.tabs.map((t) => t.queue)).toEqual([...queueNames]);
    expect(v.tabs.find((t) => t.queue === 'incidents')).toMatchObject({ count: 3, tone: 'danger', current: false, accessKey: '1', href: '/mod?queue=incidents' });
    expect(v.tabs.find((t) => t.queue === 'flags')).toMatchObject({ count: 1, tone: 'warn', current: true });
    expect(v.tabs.find((t) => t.queue === 'claims')?.tone).toBeNull();
  });
  it('forms post back to the queue as requested and the page; English paths carry /en', () => {
    expect(buildQueueView(input(data('flags', []))).here).toBe('/mod?queue=flags&page=1');
    expect(buildQueueView(input(data('flags', []), { queueParam: null })).here).toBe('/mod?page=1');
    expect(queuePageHref('en', 'proofs', 3)).toBe('/en/mod?queue=proofs&page=3');
    expect(actionUrl('/mod?page=1', 'removePost')).toBe('/mod?page=1&_action=moderation.removePost');
  });
  it('pages link back and forth only where there is a page', () => {
    const first = buildQueueView(input(data('flags', [], { hasNext: true })));
    expect([first.prevHref, first.nextHref]).toEqual([null, '/mod?queue=flags&page=2']);
    const second = buildQueueView(input(data('flags', [], { page: 2 })));
    expect([second.prevHref, second.nextHref]).toEqual(['/mod?queue=flags&page=1', null]);
  });
});

describe('item heads', () => {
  it('links a review and its platform; an unknown platform gives no link', () => {
    const [v] = buildQueueView(input(data('flags', [flagsItem(), flagsItem({ key: 'review:6', id: 6, platformId: 99 })]))).items;
    expect(v).toMatchObject({ anchorId: 'item-review-5', openHref: '/reviews/5', platform: { href: '/platforms/kami-a', name: '甲卡盟' }, locked: false, claim: null });
    expect(buildQueueView(input(data('flags', [flagsItem({ platformId: 99 })]))).items[0]!.platform).toBeNull();
  });
  it('a claim held by someone else locks the item; the viewer\'s own does not', () => {
    const other = buildQueueView(input(data('flags', [flagsItem({ claim: { handle: 'chen', mine: false, expiresAt: at } })]))).items[0]!;
    expect([other.locked, other.claim]).toEqual([true, { mine: false, handle: 'chen' }]);
    const mine = buildQueueView(input(data('flags', [flagsItem({ claim: { handle: 'me', mine: true, expiresAt: at } })]))).items[0]!;
    expect([mine.locked, mine.claim]).toEqual([false, { mine: true, expiresAt: at }]);
  });
  it('the note typed into a failed form comes back only in that item\'s form', () => {
    const d = data('flags', [flagsItem(), flagsItem({ key: 'review:6', id: 6 })]);
    const v = buildQueueView(input(d, { errorKey: 'review:6', submittedNote: '理由' }));
    expect(v.items.map((i) => i.noteValue)).toEqual(['', '理由']);
  });
});

describe('flags', () => {
  it('a published post can be removed, with the first reason preselected; notes show bands, not weights', () => {
    const v = buildQueueView(input(data('flags', [flagsItem()]))).items[0]!;
    if (v.queue !== 'flags') throw new Error('flags');
    expect([v.removable, v.sanctionable, v.defaultReason]).toEqual(['review', false, 'shill']);
    expect(v.notes.map((n) => n.band)).toEqual(['high', 'low']);
    expect([...v.notes[1]!.note].length).toBe(201);
  });
  it('a removed post cannot be removed again; an account can be sanctioned, not removed', () => {
    const removed = buildQueueView(input(data('flags', [flagsItem({ state: 'removed' })]))).items[0]!;
    expect(removed.queue === 'flags' && removed.removable).toBeNull();
    const account = buildQueueView(input(data('flags', [flagsItem({ key: 'account:3', kind: 'account', id: 3, state: 'active' })]))).items[0]!;
    expect(account.queue === 'flags' && [account.removable, account.sanctionable, account.openHref]).toEqual([null, true, null]);
  });
});

describe('the other queues', () => {
  it('proofs, evidence, submissions and claims each post to their own decision', () => {
    const base = { claim: null, platformId: 7 } as const;
    const items: QueueItem[] = [
      { ...base, queue: 'proofs', key: 'proof:1', kind: 'proof', id: 1, uploadId: null, orderNumber: null, reviewId: 4, caseReportId: null, caseState: null, handle: 'a', rating: 5, postHtml: '' },
      { ...base, queue: 'evidence', key: 'evidence:2', kind: 'evidence', id: 2, qualification: 'payment_partner', number: 'X', holderName: null, scopeText: null, uploadId: null },
      { ...base, queue: 'submissions', key: 'platform:3', kind: 'platform', id: 3, nameZh: '乙', nameEn: 'B', slug: 'b', operatorType: 'company', handle: null, descriptionHtml: '' },
      { ...base, queue: 'claims', key: 'claim:4', kind: 'claim', id: 4, handle: 'c', platformName: '甲', evidence: 'e'.repeat(900) },
    ];
    const views = items.map((it) => buildQueueView(input(data(it.queue, [it]))).items[0]!);
    expect(views.map((v) => ('decide' in v ? [v.decide.action, v.decide.approveLabel] : null))).toEqual([
      ['decideProof', 'mod.verify'], ['decideEvidence', 'mod.verify'], ['decideSubmission', 'mod.approve'], ['decideClaim', 'mod.verify'],
    ]);
    expect(views[0]!.queue === 'proofs' && views[0]!.reviewHref).toBe('/reviews/4');
    expect(views[1]!.queue === 'evidence' && views[1]!.check).toEqual({ ok: null, message: '' });
    expect(views[3]!.queue === 'claims' && [...views[3]!.evidenceExcerpt].length).toBe(801);
  });
  it('an incident can be accepted only while submitted', () => {
    const inc = (status: 'submitted' | 'accepted'): QueueItem => ({
      queue: 'incidents', key: 'incident:9', kind: 'incident', id: 9, claim: null, platformId: 7,
      incidentKind: 'exit_scam', caseNo: 'C-1', status, handle: 'a', occurredOn: at, bodyHtml: '', uploadId: null,
    });
    expect((['submitted', 'accepted'] as const).map((s) => {
      const v = buildQueueView(input(data('incidents', [inc(s)]))).items[0]!;
      return v.queue === 'incidents' && v.canAccept;
    })).toEqual([true, false]);
  });
  it('an appeal links a review and tells the moderator who removed it that someone else decides', () => {
    const appeal = (removedBy: number, subjectKind: PostKind): QueueItem => ({
      queue: 'appeals', key: 'appeal:2', kind: 'appeal', id: 2, claim: null, platformId: 7, subjectKind, subjectId: 40,
      handle: 'author', body: '请复核', removedBy, removedByHandle: 'm', postText: '帖子', removalReason: 'spam', removalNote: '',
    });
    const mine = buildQueueView(input(data('appeals', [appeal(1, 'review')]))).items[0]!;
    expect(mine.queue === 'appeals' && [mine.sameModerator, mine.subjectHref]).toEqual([true, '/reviews/40']);
    const other = buildQueueView(input(data('appeals', [appeal(2, 'reply')]))).items[0]!;
    expect(other.queue === 'appeals' && [other.sameModerator, other.subjectHref]).toEqual([false, null]);
  });
  it('a finding names its accounts and reviews, the fingerprints they share, and its actions', () => {
    const accounts = new Map([
      [10, { handle: 'a1', fingerprint: 'fp-same', createdAt: at, status: 'active' }],
      [11, { handle: 'a2', fingerprint: 'fp-same', createdAt: at, status: 'banned' }],
      [12, { handle: 'a3', fingerprint: 'fp-other', createdAt: at, status: 'active' }],
    ]);
    const reviews = new Map([[20, { rating: 5, body: '好'.repeat(200), state: 'removed', createdAt: at, handle: 'a1', platformId: 7 }]]);
    const finding = (findingKind: 'ring' | 'burst', accountIds: number[]): QueueItem => ({
      queue: 'findings', key: 'finding:8', kind: 'finding', id: 8, claim: null, platformId: 7,
      findingKind, score: 0.9, evidence: { sharedFingerprint: 2 }, accountIds, reviewIds: [20, 21],
    });
    const ring = buildQueueView(input(data('findings', [finding('ring', [10, 11, 12, 13])], { accounts, reviews }))).items[0]!;
    if (ring.queue !== 'findings') throw new Error('findings');
    expect(ring.accounts.map((a) => a.handle)).toEqual(['a1', 'a2', 'a3']);
    expect(ring.sharedFingerprints).toEqual([['fp-same', 2]]);
    expect(ring.reviews).toHaveLength(1);
    expect(ring.reviews[0]).toMatchObject({ removed: true, handle: 'a1' });
    expect([...ring.reviews[0]!.body].length).toBe(141);
    expect([ring.ring, ring.canConfirmBrushing]).toEqual([{ reason: 'shill' }, false]);
    expect(ring.evidenceLines.map((l) => l.key)).toEqual(['mod.finding.ev.sharedFingerprint']);
    const burst = buildQueueView(input(data('findings', [finding('burst', [])], { accounts, reviews }))).items[0]!;
    expect(burst.queue === 'findings' && [burst.ring, burst.canConfirmBrushing]).toEqual([null, true]);
  });
});

describe('excerpt', () => {
  it.each([
    ['short', 5, 'short'], ['abcdef', 3, 'abc…'], ['卡盟卡盟', 2, '卡盟…'], ['😀😀😀', 2, '😀😀…'], ['', 3, ''],
  ] as const)('%s cut at %d → %s', (s, n, out) => {
    expect(excerpt(s, n)).toBe(out);
  });
});

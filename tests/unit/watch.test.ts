// Pure parts of the watchlist: the follow-state hole of a shared member render, the digest's
// schedule and grouping, the retry backoff, the signed unsubscribe token, notification wording.
import { describe, expect, it } from 'vitest';
import { compileTemplate, fillTemplate, holeClose, holeOpen, holeVariant, templateUnread } from '../../src/server/http/member-template.ts';
import { nextDigestAt, retryDelayMs } from '../../src/server/watch/watch.worker.ts';
import { groupByPlatform, notificationPath, notificationTitle } from '../../src/server/watch/watch.format.ts';
import { unsubscribeToken, verifyUnsubscribeToken } from '../../src/server/watch/watch.service.ts';
import { isNotifyEventPayload, type NotificationRow } from '../../src/server/watch/watch.repository.ts';

const hole = (key: string, variants: Record<string, string>) =>
  holeOpen(key) + Object.entries(variants).map(([v, html]) => holeVariant(v) + html).join('') + holeClose();

describe('follow state on a shared member render', () => {
  const page = `<div>${hole('watch:platform:7', { on: '[following]', off: '[follow]' })}</div>`;
  it('asks for the reader\'s follows with the votes and picks their variant', () => {
    const t = compileTemplate(page)!;
    expect(Object.fromEntries(t.voteTargets)).toEqual({ watch_platform: [7] });
    expect(fillTemplate(t, { id: 1, handle: 'a', votes: new Map([['watch_platform:7', 1]]) }).toString()).toBe('<div>[following]</div>');
    expect(fillTemplate(t, { id: 2, handle: 'b', votes: new Map() }).toString()).toBe('<div>[follow]</div>');
    // Another platform's follow does not count.
    expect(fillTemplate(t, { id: 1, handle: 'a', votes: new Map([['watch_platform:8', 1]]) }).toString()).toBe('<div>[follow]</div>');
  });
  it('refuses malformed watch holes (the render is then never served)', () => {
    expect(compileTemplate(hole('watch:review:7', { on: 'x', off: 'y' }))).toBeNull();
    expect(compileTemplate(hole('watch:platform:7', { on: 'x' }))).toBeNull();
    expect(compileTemplate(hole('watch:platform', { on: 'x', off: 'y' }))).toBeNull();
  });
});

describe('unread count in the header of a shared member render', () => {
  const page = `<nav>${hole('unread', { none: '<a>通知</a>', some: `<a aria-label="通知，${templateUnread} 条未读">通知 ${templateUnread}</a>` })}</nav>`;
  it('shows each reader their own count, and the plain link at zero', () => {
    const t = compileTemplate(page)!;
    expect(t.needsUnread).toBe(true);
    expect(fillTemplate(t, { id: 1, handle: 'a', votes: new Map(), unread: 3 }).toString()).toBe('<nav><a aria-label="通知，3 条未读">通知 3</a></nav>');
    expect(fillTemplate(t, { id: 2, handle: 'b', votes: new Map(), unread: 0 }).toString()).toBe('<nav><a>通知</a></nav>');
    expect(fillTemplate(t, { id: 2, handle: 'b', votes: new Map() }).toString()).toBe('<nav><a>通知</a></nav>');
    expect(compileTemplate('<p>x</p>')!.needsUnread).toBe(false);
  });
});

describe('delivery schedule', () => {
  it('digests go out at the next 00:00 UTC = 08:00 China time', () => {
    expect(nextDigestAt(Date.UTC(2026, 11, 1, 12, 0)).toISOString()).toBe('2026-12-02T00:00:00.000Z');
    expect(nextDigestAt(Date.UTC(2026, 11, 31, 23, 59)).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    // Exactly at the hour: the next day's (today's has just been claimed).
    expect(nextDigestAt(Date.UTC(2026, 11, 2, 0, 0)).toISOString()).toBe('2026-12-03T00:00:00.000Z');
  });
  it('backs off exponentially from 30 s, capped at one hour', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(20)).toBe(3_600_000);
  });
});

describe('unsubscribe token', () => {
  const secret = 'x'.repeat(40);
  it('names the account and verifies only with the same secret and id', () => {
    const token = unsubscribeToken(secret, 42);
    expect(verifyUnsubscribeToken(secret, token)).toBe(42);
    expect(verifyUnsubscribeToken('y'.repeat(40), token)).toBeNull();
    expect(verifyUnsubscribeToken(secret, token.replace(/^42\./, '43.'))).toBeNull();
    for (const bad of ['', '42', '42.', 'abc.def', `${token}x`, ` ${token.slice(1)}`]) expect(verifyUnsubscribeToken(secret, bad)).toBeNull();
  });
});

describe('notification wording', () => {
  const base: NotificationRow = {
    id: 1, accountId: 1, createdAt: new Date(0), readAt: null, mailedAt: null, kind: 'band_changed', data: { from: 'caution', to: 'reliable' },
    platformId: 3, slug: 'xingyao-card', nameZh: '星耀卡盟', nameEn: 'Xingyao', caseNo: null,
  };
  it('says what happened in each language, with plurals, and links the right page', () => {
    expect(notificationTitle('zh-CN', base)).toBe('星耀卡盟 的结论从“谨慎”变为“靠谱”');
    expect(notificationPath('en', base)).toBe('/en/platforms/xingyao-card');
    const warn = { ...base, kind: 'early_warning' as const, data: { complainants: 1 } };
    expect(notificationTitle('en', warn)).toBe('Xingyao: early warning — 1 buyer has complained recently');
    expect(notificationTitle('en', { ...warn, data: { complainants: 5 } })).toContain('5 buyers have');
    const c = { ...base, kind: 'case_status' as const, data: { status: 'unresolved' as const }, caseNo: 'KP-20261201-0001' };
    expect(notificationTitle('zh-CN', c)).toBe('投诉 KP-20261201-0001（星耀卡盟）的状态变为“未解决”');
    expect(notificationPath('zh-CN', c)).toBe('/incidents/KP-20261201-0001');
    expect(notificationPath('zh-CN', { ...base, kind: 'official_reply', data: { reviewId: 9 } })).toBe('/reviews/9');
  });
  it('groups a digest by platform in order of first appearance', () => {
    const rows = [3, 5, 3, 7, 5].map((p, i) => ({ ...base, id: i, platformId: p }));
    expect(groupByPlatform(rows).map((g) => [g.platformId, g.rows.map((r) => r.id)])).toEqual([[3, [0, 2]], [5, [1, 4]], [7, [3]]]);
  });
});

describe('a notification\'s event read back (isNotifyEventPayload)', () => {
  it.each<[string, { kind: unknown; data: unknown }]>([
    ['a band change', { kind: 'band_changed', data: { from: 'fair', to: 'caution' } }],
    ['an early warning', { kind: 'early_warning', data: { complainants: 4 } }],
    ['a status change', { kind: 'status_changed', data: { from: 'active', to: 'exit_scam' } }],
    ['a reply on a case (no review)', { kind: 'official_reply', data: {} }],
    ['a reply under a review', { kind: 'official_reply', data: { reviewId: 12 } }],
    ['a case status', { kind: 'case_status', data: { status: 'resolved' } }],
  ])('accepts %s', (_name, event) => {
    expect(isNotifyEventPayload(event)).toBe(true);
  });

  it.each<[string, { kind: unknown; data: unknown }]>([
    ['an unknown kind', { kind: 'price_changed', data: {} }],
    ['a band that does not exist', { kind: 'band_changed', data: { from: 'fair', to: 'superb' } }],
    ['a count given as text', { kind: 'early_warning', data: { complainants: '4' } }],
    ['a status that does not exist', { kind: 'status_changed', data: { from: 'active', to: 'gone' } }],
    ['a review id given as text', { kind: 'official_reply', data: { reviewId: '12' } }],
    ['a case status that does not exist', { kind: 'case_status', data: { status: 'lost' } }],
    ['data that is a list', { kind: 'official_reply', data: [] }],
    ['no data', { kind: 'early_warning', data: null }],
  ])('refuses %s', (_name, event) => {
    expect(isNotifyEventPayload(event)).toBe(false);
  });
});

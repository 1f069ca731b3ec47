// The moderation reducer as a table: event sequences → status (pure, no database).
import { describe, expect, it } from 'vitest';
import { applyEvent, initialStatus, reduceStatus, type ModAction, type StatusEvent } from '../../src/server/moderation/status.ts';
import { reporterWeight } from '../../src/server/moderation/moderation.service.ts';
import { activeAlerts, type PublicAlert } from '../../src/server/moderation/moderation.read.ts';
import { flagReasons, isFlagReason } from '../../src/server/moderation/flag-reasons.ts';

// `action` is a string so the table can hold a log row written by a newer build (the reducer must ignore it).
const ev = (action: ModAction | 'something_new', t: number, moderatorId: number | null = 1): StatusEvent => ({ action: action as ModAction, createdAtMs: t, moderatorId });

describe.each([
  // [name, events, expected partial status]
  ['no events', [], { visibility: 'visible', review: 'pending', standing: 'good', appeal: 'none' }],
  ['removed', [ev('remove', 1)], { visibility: 'removed', removedBy: 1 }],
  ['removed in a ring', [ev('ring_remove', 1, 7)], { visibility: 'removed', removedBy: 7 }],
  ['removed then restored', [ev('remove', 1), ev('restore', 2)], { visibility: 'visible' }],
  ['restore before remove (out of order input)', [ev('restore', 2), ev('remove', 1)], { visibility: 'visible' }],
  ['removed, appealed', [ev('remove', 1), ev('appeal', 2, null)], { visibility: 'removed', appeal: 'pending' }],
  ['appeal upheld', [ev('remove', 1), ev('appeal', 2, null), ev('uphold', 3, 2)], { visibility: 'removed', appeal: 'upheld' }],
  ['appeal overturned restores', [ev('remove', 1), ev('appeal', 2, null), ev('overturn', 3, 2)], { visibility: 'visible', appeal: 'overturned' }],
  ['overturn without a pending appeal does nothing', [ev('remove', 1), ev('overturn', 2, 2)], { visibility: 'removed', appeal: 'none' }],
  ['second appeal does not reopen a decided one', [ev('remove', 1), ev('appeal', 2, null), ev('uphold', 3, 2), ev('appeal', 4, null)], { appeal: 'upheld' }],
  ['approved submission', [ev('approve', 1)], { review: 'approved' }],
  ['rejected submission', [ev('reject', 1)], { review: 'rejected' }],
  ['incident accepted then confirmed', [ev('accept', 1), ev('confirm', 2)], { review: 'confirmed' }],
  ['accept after reject stays rejected', [ev('reject', 1), ev('accept', 2)], { review: 'rejected' }],
  ['warned', [ev('warn', 1)], { standing: 'warned' }],
  ['warn does not soften a suspension', [ev('suspend', 1), ev('warn', 2)], { standing: 'suspended' }],
  ['suspended then banned', [ev('suspend', 1), ev('ban', 2)], { standing: 'banned' }],
  ['banned then reinstated', [ev('ban', 1), ev('reinstate', 2)], { standing: 'good' }],
  ['unknown action changes nothing but is last', [ev('remove', 1), ev('something_new', 2)], { visibility: 'removed', lastAction: 'something_new', lastActionAtMs: 2 }],
] as const)('reduceStatus: %s', (_name, events, expected) => {
  it('derives the status', () => {
    expect(reduceStatus(events as unknown as StatusEvent[])).toMatchObject(expected);
  });
});

describe('reducer properties', () => {
  it('is pure: the input is not changed and the same input gives the same output', () => {
    const events = [ev('remove', 1), ev('appeal', 2, null)];
    const copy = JSON.parse(JSON.stringify(events));
    expect(reduceStatus(events)).toEqual(reduceStatus(events));
    expect(events).toEqual(copy);
    expect(initialStatus.visibility).toBe('visible');
  });
  it('folding one event at a time equals reducing the list', () => {
    const events = [ev('remove', 1), ev('appeal', 2, null), ev('overturn', 3, 2), ev('remove', 4, 3)];
    expect(events.reduce(applyEvent, initialStatus)).toEqual(reduceStatus(events));
  });
});

describe('flag reasons and weights', () => {
  it('has the closed list', () => {
    expect(flagReasons).toEqual(['shill', 'brushing', 'spam', 'off_topic', 'personal_info', 'card_key_leak', 'harassment', 'false_incident', 'other']);
    expect(isFlagReason('shill')).toBe(true);
    expect(isFlagReason('SHILL')).toBe(false);
    expect(isFlagReason('')).toBe(false);
  });
  it.each([
    [null, 1, 0.2], [null, 10, 0.5], [null, 100, 0.8], [null, 1000, 1],
    ['low', 1000, 0.3], ['medium', 1, 0.7], ['high', 1, 1],
  ] as const)('band %s, age %d days → %d', (band, age, w) => {
    expect(reporterWeight(band, age)).toBe(w);
  });
  it('weights grow with account age when there is no band', () => {
    const ages = [0, 5, 20, 90, 400];
    const ws = ages.map((a) => reporterWeight(null, a));
    expect([...ws].sort((a, b) => a - b)).toEqual(ws);
  });
});

describe('alerts lift after 90 days; 跑路 never lifts', () => {
  const day = 86_400_000;
  const now = 1000 * day;
  const a = (kind: PublicAlert['kind'], daysAgo: number): PublicAlert => ({ id: daysAgo, kind, summary: '', eventId: 1, createdAt: new Date(now - daysAgo * day) });
  it.each([
    ['fresh ring alert shows', [a('ring_removed', 10)], 1],
    ['old ring alert lifted', [a('ring_removed', 91)], 0],
    ['old alert kept alive by a newer finding', [a('ring_removed', 200), a('brushing', 30)], 2],
    ['exit scam never lifts', [a('exit_scam', 2000)], 1],
    ['exit scam stays, old manipulation lifts', [a('exit_scam', 2000), a('flag_abuse', 100)], 1],
  ] as const)('%s', (_n, alerts, count) => {
    expect(activeAlerts(alerts as unknown as PublicAlert[], now)).toHaveLength(count);
  });
});

describe('every moderation label exists in both dictionaries', async () => {
  const { zhCN } = await import('../../src/i18n/zh-CN.ts');
  const { en } = await import('../../src/i18n/en.ts');
  const { modActions } = await import('../../src/server/moderation/status.ts');
  const { queueNames } = await import('../../src/server/moderation/queue.service.ts');
  const keys = [
    ...flagReasons.flatMap((r) => [`mod.reason.${r}`, `mod.reason.${r}.explain`]),
    ...modActions.map((a) => `mod.action.${a}`),
    ...queueNames.map((q) => `mod.queue.${q}`),
    ...['review', 'follow_up', 'case_report', 'reply', 'proof', 'evidence', 'incident', 'platform', 'claim', 'account', 'fact', 'finding', 'ring', 'appeal'].map((k) => `mod.subject.${k}`),
    ...['ring_removed', 'brushing', 'flag_abuse', 'exit_scam'].map((k) => `mod.alert.${k}`),
  ];
  it.each(keys)('%s', (key) => {
    expect((zhCN as Record<string, string>)[key]).toBeTruthy();
    expect((en as Record<string, string>)[key]).toBeTruthy();
  });
});

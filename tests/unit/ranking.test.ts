// Pure parts of the ranking job and its explanations: words for every code, snapshot
// policy, changelog classification, findings dedupe keys, weight bands, debounce.
import { describe, expect, it } from 'vitest';
import { REASON_CODES, reasonText, DEFAULT_CONFIG, type PlatformOutput } from '../../src/server/reputation/index.ts';
import {
  CHANGE_CODES, buildChanges, classifyReviewChange, findingRows, influence, leavesRanking, shouldSnapshot,
} from '../../src/server/ranking/ranking.compute.ts';
import { formatDelta, formatFactor, weightBand, explainReasons } from '../../src/server/ranking/ranking.service.ts';
import { dueForRun } from '../../src/server/ranking/recompute.ts';
import { zhCN } from '../../src/i18n/zh-CN.ts';
import { en } from '../../src/i18n/en.ts';
import type { SnapshotRow } from '../../src/server/ranking/ranking.repository.ts';

const hour = 3_600_000;
const t0 = Date.UTC(2026, 10, 1);

function platformOut(p: Partial<PlatformOutput>): PlatformOutput {
  return {
    id: '1', score: 4, lowerBound: 3.5, rank: 1, exitScam: false, reviewCount: 10, effectiveReviews: 6,
    dimensions: { service: null, risk: null, value: null, afterSales: null }, ...p,
  };
}
function snap(p: Partial<SnapshotRow>): SnapshotRow {
  return {
    platformId: 1, computedAt: new Date(t0), score: 4, lowerBound: 3.5, rank: 1, reviewCount: 10, effectiveReviews: 6,
    dimensions: {}, changes: [], ...p,
  };
}

describe('words for every code', () => {
  it.each(REASON_CODES.map((c) => [c]))('model reason %s has zh-CN and English text', (code) => {
    expect(reasonText[code]['zh-CN'].length).toBeGreaterThan(2);
    expect(reasonText[code].en.length).toBeGreaterThan(2);
    expect(explainReasons([{ code, factor: 0.5 }])).toHaveLength(1);
  });
  it.each(CHANGE_CODES.map((c) => [c]))('changelog code %s has zh-CN and English text', (code) => {
    const key = `ranking.change.${code}` as keyof typeof zhCN;
    expect(zhCN[key]).toBeTruthy();
    expect((en as Record<string, string>)[key]).toBeTruthy();
  });
  it('unknown reason codes are skipped, not shown raw', () => {
    expect(explainReasons([{ code: 'SOMETHING_NEW', factor: 0.5 }])).toEqual([]);
  });
  it('every ranking.* key exists in both dictionaries', () => {
    const zk = Object.keys(zhCN).filter((k) => k.startsWith('ranking.')).sort();
    const ek = Object.keys(en).filter((k) => k.startsWith('ranking.')).sort();
    expect(ek).toEqual(zk);
  });
});

describe('bands and formatting', () => {
  it.each([
    [0, 'low'], [DEFAULT_CONFIG.bandLowBelow - 0.01, 'low'], [DEFAULT_CONFIG.bandLowBelow, 'medium'],
    [DEFAULT_CONFIG.bandHighFrom, 'high'], [1, 'high'],
  ] as const)('weight %s → %s', (w, band) => expect(weightBand(w)).toBe(band));
  it.each([[0.3, '×0.3'], [1, '×1'], [0, '×0'], [0.04, '×0.04'], [0.25, '×0.3']] as const)('factor %s → %s', (f, s) => expect(formatFactor(f)).toBe(s));
  it.each([[0.123, '+0.12'], [-0.05, '−0.05'], [0.001, '±0.00']] as const)('delta %s → %s', (d, s) => expect(formatDelta(d)).toBe(s));
});

describe('influence (leave-one-out on the Bayesian average)', () => {
  it('matches recomputing the average without the review', () => {
    const C = DEFAULT_CONFIG.priorWeightReviews;
    const m = DEFAULT_CONFIG.priorMeanStars;
    const ws = [0.9, 0.5, 0.2];
    const rs = [5, 4, 1];
    const avg = (w: number[], r: number[]) => (C * m + w.reduce((s, x, i) => s + x * r[i]!, 0)) / (C + w.reduce((s, x) => s + x, 0));
    const S = avg(ws, rs);
    const W = ws.reduce((s, x) => s + x, 0);
    for (let i = 0; i < ws.length; i++) {
      const without = avg(ws.filter((_, j) => j !== i), rs.filter((_, j) => j !== i));
      expect(influence(ws[i]!, rs[i]!, S, W)).toBeCloseTo(S - without, 10);
    }
  });
});

describe('snapshot policy', () => {
  it('first snapshot, rank or count change: always', () => {
    expect(shouldSnapshot(undefined, platformOut({}), t0)).toBe(true);
    expect(shouldSnapshot(snap({}), platformOut({ rank: 2 }), t0 + 1000)).toBe(true);
    expect(shouldSnapshot(snap({}), platformOut({ reviewCount: 11 }), t0 + 1000)).toBe(true);
    expect(shouldSnapshot(snap({}), platformOut({ rank: null }), t0 + 1000)).toBe(true);
  });
  it('no change: never; small drift: at most hourly', () => {
    expect(shouldSnapshot(snap({}), platformOut({}), t0 + 100 * hour)).toBe(false);
    expect(shouldSnapshot(snap({}), platformOut({ score: 4.001 }), t0 + 100 * hour)).toBe(false);
    expect(shouldSnapshot(snap({}), platformOut({ score: 4.02 }), t0 + hour / 2)).toBe(false);
    expect(shouldSnapshot(snap({}), platformOut({ score: 4.02 }), t0 + hour)).toBe(true);
  });
});

describe('changelog', () => {
  const now = (p: Partial<{ weight: number; influence: number; effectiveRating: number; reasons: { code: string; factor: number }[] }>) => ({
    reviewId: 7, platformId: 1, weight: 0.8, influence: 0.1, effectiveRating: 5, reasons: [], ...p,
  });
  const before = (p: Partial<{ weight: number; influence: number; effectiveRating: number | null; reasons: { code: string; factor: number }[] }>) => ({
    reviewId: 7, platformId: 1, weight: 0.8, influence: 0.1, effectiveRating: 5, reasons: [], ...p,
  });
  it.each([
    ['new', undefined, now({}), undefined, 'NEW_REVIEW'],
    ['removed', before({}), undefined, 'removed', 'REVIEW_REMOVED'],
    ['deleted', before({}), undefined, 'deleted', 'REVIEW_DELETED'],
    ['follow-up', before({}), now({ effectiveRating: 2 }), undefined, 'FOLLOW_UP'],
    ['proof verified', before({ reasons: [{ code: 'PENDING_PROOF', factor: 0.7 }] }), now({}), undefined, 'PROOF_VERIFIED'],
    ['proof rejected', before({ reasons: [{ code: 'PENDING_PROOF', factor: 0.7 }] }), now({ reasons: [{ code: 'REJECTED_PROOF', factor: 0 }] }), undefined, 'PROOF_REJECTED'],
    ['burst', before({}), now({ reasons: [{ code: 'BURST', factor: 0.2 }] }), undefined, 'FLAGGED_BY_MODEL'],
    ['restored', before({ reasons: [{ code: 'BURST', factor: 0.2 }] }), now({}), undefined, 'WEIGHT_RESTORED'],
    ['weight drift (consensus, account age)', before({ weight: 0.5, influence: 0.2 }), now({}), undefined, 'WEIGHT_CHANGED'],
  ] as const)('%s → %s', (_n, b, n, gone, code) => {
    expect(classifyReviewChange(b, n, gone, 99)?.code).toBe(code);
  });
  it('a review posted before the last run that comes back (restored on appeal) is not called new', () => {
    expect(classifyReviewChange(undefined, now({}), undefined, undefined, true)?.code).toBe('REVIEW_RESTORED');
    expect(classifyReviewChange(undefined, now({}), undefined, undefined, false)?.code).toBe('NEW_REVIEW');
  });
  it('influence moved only because other reviews arrived: not a cause', () => {
    expect(classifyReviewChange(before({ influence: 0.3 }), now({ influence: 0.1 }), undefined, undefined)).toBeNull();
  });
  it('a wave of new reviews gets a summary line with the count and the summed effect', () => {
    const news = [0.02, 0.03, 0.01, 0.04, 0.05].map((d, i) => ({ code: 'NEW_REVIEW' as const, delta: d, reviewId: i + 1 }));
    const out = buildChanges({ prev: snap({}), next: platformOut({ reviewCount: 15 }), reviewChanges: news });
    expect(out).toHaveLength(4);
    expect(out[3]).toMatchObject({ code: 'NEW_REVIEW', count: 5 });
    expect(out[3]!.delta).toBeCloseTo(0.15, 4);
  });
  it('rank moved with no change of its own: says others moved', () => {
    expect(buildChanges({ prev: snap({ rank: 3 }), next: platformOut({ rank: 4 }), reviewChanges: [] })).toEqual([{ code: 'OTHERS_MOVED', delta: 0 }]);
  });
  it('a follow-up links to the latest follow-up', () => {
    expect(classifyReviewChange(before({}), now({ effectiveRating: 1 }), undefined, 42)).toMatchObject({ followUpId: 42 });
  });
  it('lists the 3 biggest movers, status change first', () => {
    const changes = [0.01, -0.3, 0.002, 0.2, -0.05].map((d, i) => ({ code: 'WEIGHT_CHANGED' as const, delta: d, reviewId: i }));
    const out = buildChanges({ prev: snap({}), next: platformOut({ rank: null }), reviewChanges: changes, exitScamIncidentId: 5 });
    expect(out.map((c) => c.code)).toEqual(['EXIT_SCAM', 'WEIGHT_CHANGED', 'WEIGHT_CHANGED', 'WEIGHT_CHANGED']);
    expect(out[0]!.incidentId).toBe(5);
    expect(out.slice(1).map((c) => c.reviewId)).toEqual([1, 3, 4]);
  });
});

describe('findings dedupe', () => {
  it('the same ring in another order has the same key', () => {
    const f = (ids: string[]) => findingRows([{ kind: 'ring', accountIds: ids, reviewIds: ['3', '1'], platformIds: ['9'], evidence: { nearDuplicateTexts: 2, burst: true, score: 0.8 } }])[0]!;
    expect(f(['10', '2', '33']).dedupeKey).toBe(f(['33', '10', '2']).dedupeKey);
    expect(f(['10', '2', '33']).dedupeKey).not.toBe(f(['10', '2']).dedupeKey);
    expect(f(['10', '2', '33']).accountIds).toEqual([2, 10, 33]);
  });
});

describe('leaving the ranking', () => {
  const p = (status: 'active' | 'exit_scam' | 'closed', at: number | null) => ({ id: 1, foundedOn: null, status, statusChangedAt: at === null ? null : new Date(at) });
  it('跑路 and closed leave; only from when the status was set', () => {
    expect(leavesRanking(p('active', null), t0)).toBe(false);
    expect(leavesRanking(p('exit_scam', null), t0)).toBe(true);
    expect(leavesRanking(p('exit_scam', t0 + hour), t0)).toBe(false);
    expect(leavesRanking(p('closed', t0 - hour), t0)).toBe(true);
  });
});

describe('debounce', () => {
  const pending = (count: number, oldest: number, newest: number) => ({ count, maxId: count, oldestAt: new Date(oldest), newestAt: new Date(newest) });
  it.each([
    ['nothing pending', pending(0, t0, t0), t0 + 60_000, null, false],
    ['fresh request', pending(1, t0, t0), t0 + 1_000, null, false],
    ['quiet for 2 s', pending(3, t0, t0 + 500), t0 + 2_600, null, true],
    ['ran 5 s ago', pending(3, t0, t0), t0 + 5_000, t0, false],
    ['steady trickle for 10 s', pending(30, t0, t0 + 9_900), t0 + 10_000, null, true],
  ] as const)('%s', (_n, p, nowMs, last, want) => expect(dueForRun(p, nowMs, last)).toBe(want));
});

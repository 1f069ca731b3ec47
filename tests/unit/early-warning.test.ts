// The 跑路 early warning's pure detector: named personas as table tests (a real wave of
// established customers warns; a smear by young single-target accounts, a few complaints, a
// busy platform's usual complaints do not; a passed wave lifts), the statistics against
// closed forms, and fast-check properties (an added established complaint never lifts a
// warning; removing the window's complaints always lifts it; a smear alone never raises it).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BASELINE_DAYS, ESTABLISHED_ACCOUNT_AGE_DAYS, HISTORY_LEAD_DAYS, MIN_COMPLAINANTS, PRIOR_COMPLAINTS, PRIOR_DAYS, WINDOW_DAYS,
  baselineTest, detectEarlyWarnings, establishedBy, isEvidence, negativeBinomialUpperTail, warns,
  type AccountRecord, type DetectorInput, type FollowUpRecord, type IncidentRecord, type PlatformRecord, type ReviewRecord,
} from '../../src/server/warnings/early-warning.ts';
import { mergeEvidence, toVerdictInput } from '../../src/server/warnings/warning.service.ts';
import { dayMs } from '../../src/server/time.ts';

const nowMs = Date.UTC(2026, 11, 7, 12);
const target = 1;
const elsewhere = 2;

/** A small world builder: accounts, reviews, follow-ups, cases; ids assigned in order. */
class World {
  accounts: AccountRecord[] = [];
  reviews: ReviewRecord[] = [];
  followUps: FollowUpRecord[] = [];
  incidents: IncidentRecord[] = [];
  platforms: PlatformRecord[] = [
    { id: target, status: 'active', historyStartMs: nowMs - 900 * dayMs, warningOpen: false },
    { id: elsewhere, status: 'active', historyStartMs: nowMs - 900 * dayMs, warningOpen: false },
  ];
  private next = 1;

  account(o: { ageDays: number; fingerprint?: string; verifiedOn?: number[]; status?: AccountRecord['status'] }): AccountRecord {
    const id = this.next++;
    const a: AccountRecord = {
      id, createdAtMs: nowMs - o.ageDays * dayMs, fingerprint: o.fingerprint ?? `fp-${id}`, status: o.status ?? 'active',
      reviewedPlatforms: [], verifiedPlatformIds: o.verifiedOn ?? [],
    };
    this.accounts.push(a);
    return a;
  }
  review(a: AccountRecord, platformId: number, rating: number, daysAgo: number): ReviewRecord {
    const r = { id: this.next++, platformId, accountId: a.id, rating, atMs: nowMs - daysAgo * dayMs };
    this.reviews.push(r);
    const seen = a.reviewedPlatforms.find((x) => x.platformId === platformId);
    if (!seen) a.reviewedPlatforms.push({ platformId, firstAtMs: r.atMs });
    else seen.firstAtMs = Math.min(seen.firstAtMs, r.atMs);
    return r;
  }
  followUp(a: AccountRecord, review: ReviewRecord, rating: number, daysAgo: number, previousRating = review.rating): FollowUpRecord {
    const f = { id: this.next++, reviewId: review.id, platformId: review.platformId, accountId: a.id, rating, previousRating, atMs: nowMs - daysAgo * dayMs };
    this.followUps.push(f);
    return f;
  }
  incident(a: AccountRecord, platformId: number, kind: IncidentRecord['kind'], daysAgo: number, status: IncidentRecord['status'] = 'submitted'): IncidentRecord {
    const id = this.next++;
    const i = { id, caseNo: `KP-20261201-${String(id).padStart(4, '0')}`, platformId, reporterId: a.id, kind, status, atMs: nowMs - daysAgo * dayMs };
    this.incidents.push(i);
    return i;
  }
  input(o: { at?: number; open?: boolean; status?: PlatformRecord['status'] } = {}): DetectorInput {
    return {
      nowMs: o.at ?? nowMs,
      platforms: this.platforms.map((p) => (p.id === target ? { ...p, warningOpen: o.open ?? false, status: o.status ?? p.status } : p)),
      accounts: this.accounts, reviews: this.reviews, followUps: this.followUps, incidents: this.incidents,
    };
  }
  warningFor(o: Parameters<World['input']>[0] = {}) {
    return detectEarlyWarnings(this.input(o)).find((w) => w.platformId === target);
  }
}

// ── personas ──

/** The platform's ordinary life: happy customers and the odd complaint over the past half-year. */
function ordinaryLife(w: World, usualComplaintsPerWeek = 0.25): void {
  for (let i = 0; i < 30; i++) w.review(w.account({ ageDays: 400 + i }), target, 4 + (i % 2), 10 + i * 6);
  const complaints = Math.round((usualComplaintsPerWeek * BASELINE_DAYS) / 7);
  for (let i = 0; i < complaints; i++) w.review(w.account({ ageDays: 500 }), target, 1 + (i % 2), WINDOW_DAYS + 1 + ((i * BASELINE_DAYS) / Math.max(1, complaints)));
}

/** 10 existing customers of a good platform collapse into complaints within one week (the wave, scaled down). */
function realWave(w: World, n = 10): void {
  for (let i = 0; i < n; i++) {
    const kind = i % 4;
    if (kind === 0) {
      // a year-old account with a verified order, 1★
      const a = w.account({ ageDays: 365 + i, verifiedOn: [target] });
      w.review(a, target, 1, 1 + (i % 6));
    } else if (kind === 1) {
      // a two-month-old account that reviewed another platform long ago
      const a = w.account({ ageDays: 60 });
      w.review(a, elsewhere, 5, 50);
      w.review(a, target, 2, 1 + (i % 6));
    } else if (kind === 2) {
      // an old happy customer whose 追评 drops 5★ → 1★
      const a = w.account({ ageDays: 700 });
      const r = w.review(a, target, 5, 200);
      w.followUp(a, r, 1, 1 + (i % 6));
    } else {
      // a customer whose withdrawal hangs files a case
      const a = w.account({ ageDays: 45 });
      w.incident(a, target, i % 8 === 3 ? 'withdrawal_blocked' : 'refund_refused', 1 + (i % 6));
    }
  }
}

/** A smear: brand-new, unproven accounts that review nothing else, 1★ within two days. */
function smear(w: World, n = 40): void {
  for (let i = 0; i < n; i++) {
    const a = w.account({ ageDays: 1 + (i % 10) });
    if (i % 3 === 0) w.incident(a, target, 'refund_refused', i % 2);
    else w.review(a, target, 1, i % 2);
  }
}

describe('personas', () => {
  const cases: Array<{ name: string; build: (w: World) => void; open?: boolean; at?: number; status?: PlatformRecord['status']; active: boolean; check?: (x: NonNullable<ReturnType<World['warningFor']>>) => void }> = [
    {
      name: 'a real wave of established customers on a quiet good platform → warns',
      build: (w) => { ordinaryLife(w); realWave(w); }, active: true,
      check: (x) => {
        expect(x.complainants).toBe(10);
        expect(x.counts).toEqual({ lowRatings: 6, downgrades: 2, incidents: 2, verified: 3 });
        expect(x.tailProbability).toBeLessThan(0.001);
        expect(x.evidence.map((e) => e.source).sort()).toEqual(['follow_up', 'follow_up', 'incident', 'incident', 'review', 'review', 'review', 'review', 'review', 'review']);
        expect(x.evidence.find((e) => e.source === 'incident')!.caseNo).toMatch(/^KP-/);
        // what the episode stores reads back whole (the repository checks each item with isEvidence)
        const kept: unknown[] = JSON.parse(JSON.stringify(x.evidence));
        expect(kept.filter(isEvidence)).toEqual(x.evidence);
      },
    },
    {
      name: 'a smear by 40 young single-target unproven accounts → does not warn (and says they were not counted)',
      build: (w) => { ordinaryLife(w); smear(w); }, active: false,
      check: (x) => { expect(x.complainants).toBe(0); expect(x.uncountedComplaints).toBe(40); },
    },
    {
      name: 'a smear alongside two genuine complaints → does not warn',
      build: (w) => { ordinaryLife(w); smear(w); realWave(w, 2); }, active: false,
    },
    {
      name: 'a few complaints (4 established) → does not warn',
      build: (w) => { ordinaryLife(w); realWave(w, 4); }, active: false,
      check: (x) => expect(x.complainants).toBe(4),
    },
    {
      name: 'a busy platform with its usual rate (2 a week) and a normal week of 3 → does not warn',
      build: (w) => {
        ordinaryLife(w, 2);
        for (let i = 0; i < 3; i++) w.review(w.account({ ageDays: 300 }), target, 1, 1 + i);
      }, active: false,
    },
    {
      name: 'a busy platform with a bad-but-usual week of 5 → does not warn (not far above its baseline)',
      build: (w) => {
        ordinaryLife(w, 2);
        for (let i = 0; i < 5; i++) w.review(w.account({ ageDays: 300 }), target, 1, 1 + i);
      }, active: false,
    },
    {
      name: 'a busy platform whose complaints jump to 10× its usual week → warns',
      build: (w) => {
        ordinaryLife(w, 2);
        for (let i = 0; i < 20; i++) w.review(w.account({ ageDays: 300 }), target, 1, 1 + (i % 6));
      }, active: true,
    },
    {
      name: 'the wave has passed (evaluated 8 days later, warning open) → lifted',
      build: (w) => { ordinaryLife(w); realWave(w); }, open: true, at: nowMs + 8 * dayMs, active: false,
      check: (x) => { expect(x.complainants).toBe(0); expect(x.baselineComplainants).toBeGreaterThanOrEqual(10); },
    },
    {
      name: 'a platform already confirmed 跑路 shows 跑路 instead',
      build: (w) => { ordinaryLife(w); realWave(w); }, status: 'exit_scam', active: false,
      check: (x) => { expect(x.suppressedBy).toBe('exit_scam'); expect(x.complainants).toBe(10); },
    },
    {
      name: 'six aged accounts registered on one device count as one complainant → does not warn',
      build: (w) => { ordinaryLife(w); for (let i = 0; i < 6; i++) w.review(w.account({ ageDays: 90, fingerprint: 'one-phone' }), target, 1, 1); },
      active: false, check: (x) => expect(x.complainants).toBe(1),
    },
    {
      name: 'suspended or banned accounts do not count',
      build: (w) => { ordinaryLife(w); for (let i = 0; i < 8; i++) w.review(w.account({ ageDays: 400, status: i % 2 ? 'banned' : 'suspended' }), target, 1, 1); },
      active: false, check: (x) => expect(x.complainants).toBe(0),
    },
    {
      name: 'rejected cases, other case kinds and follow-ups that raise the rating do not count',
      build: (w) => {
        ordinaryLife(w);
        for (let i = 0; i < 6; i++) w.incident(w.account({ ageDays: 400 }), target, 'refund_refused', 1, 'rejected');
        for (let i = 0; i < 6; i++) w.incident(w.account({ ageDays: 400 }), target, 'data_leak', 1);
        for (let i = 0; i < 6; i++) {
          const a = w.account({ ageDays: 400 });
          w.followUp(a, w.review(a, target, 1, 100), 2, 1); // 1★ → 2★ is an improvement, not a complaint
        }
      },
      active: false, check: (x) => expect(x.complainants).toBe(0),
    },
    {
      name: 'the same customer complaining three ways counts once',
      build: (w) => {
        ordinaryLife(w);
        const a = w.account({ ageDays: 400 });
        const r = w.review(a, target, 2, 3);
        w.followUp(a, r, 1, 2);
        w.incident(a, target, 'refund_refused', 1);
      },
      active: false, check: (x) => { expect(x.complainants).toBe(1); expect(x.evidence).toHaveLength(3); },
    },
    {
      name: 'a new platform (listed 20 days ago) with a wave of its verified buyers → warns',
      build: (w) => {
        w.platforms[0] = { ...w.platforms[0]!, historyStartMs: nowMs - 20 * dayMs };
        for (let i = 0; i < 6; i++) w.review(w.account({ ageDays: 5, verifiedOn: [target] }), target, 1, 1 + (i % 3));
      }, active: true,
    },
  ];
  it.each(cases)('$name', ({ build, open, at, status, active, check }) => {
    const w = new World();
    build(w);
    const x = w.warningFor({ open, at, status });
    expect(x).toBeDefined();
    expect(x!.active).toBe(active);
    check?.(x!);
  });

  it('hysteresis: 3 complainants keep an open warning but never raise one', () => {
    const w = new World();
    ordinaryLife(w);
    realWave(w, 3);
    expect(w.warningFor({ open: true })!.active).toBe(true);
    expect(w.warningFor({ open: false })!.active).toBe(false);
  });

  it('recheck time is when the oldest counted complaint leaves the window', () => {
    const w = new World();
    ordinaryLife(w);
    realWave(w);
    const x = w.warningFor()!;
    expect(x.recheckAtMs).toBe(x.evidence[0]!.atMs + WINDOW_DAYS * dayMs);
    expect(w.warningFor({ at: x.recheckAtMs!, open: true })!.evidence.length).toBe(x.evidence.length - x.evidence.filter((e) => e.atMs === x.evidence[0]!.atMs).length);
  });

  it('a platform with no complaints and no open warning is not reported at all', () => {
    const w = new World();
    w.review(w.account({ ageDays: 400 }), target, 5, 3);
    expect(w.warningFor()).toBeUndefined();
  });
});

describe('who is established', () => {
  const w = new World();
  const at = nowMs;
  it.each([
    ['an account exactly 30 days old', { ageDays: ESTABLISHED_ACCOUNT_AGE_DAYS }, 'age'],
    ['an account 29 days old', { ageDays: ESTABLISHED_ACCOUNT_AGE_DAYS - 1 }, null],
    ['a day-old account with a verified order there', { ageDays: 1, verifiedOn: [target] }, 'verified'],
    ['a day-old account with a verified order elsewhere only', { ageDays: 1, verifiedOn: [elsewhere] }, null],
  ] as const)('%s', (_name, o, expected) => {
    const { ageDays, verifiedOn } = o as { ageDays: number; verifiedOn?: readonly number[] };
    expect(establishedBy(w.account({ ageDays, verifiedOn: [...(verifiedOn ?? [])] }), target, at)).toBe(expected);
  });
  it('history counts only on another platform and only if posted ≥ 14 days before', () => {
    const a = w.account({ ageDays: 20 });
    w.review(a, target, 5, 19);
    expect(establishedBy(a, target, at)).toBeNull();
    const b = w.account({ ageDays: 20 });
    w.review(b, elsewhere, 5, HISTORY_LEAD_DAYS - 1);
    expect(establishedBy(b, target, at)).toBeNull();
    const c = w.account({ ageDays: 20 });
    w.review(c, elsewhere, 5, HISTORY_LEAD_DAYS);
    expect(establishedBy(c, target, at)).toBe('history');
  });
});

describe('the statistics', () => {
  it('the negative-binomial tail matches its closed form at k = 1: 1 − (β/(β+w))^α', () => {
    for (const [alpha, beta, wDays] of [[1, 60, 7], [5.5, 240, 7], [53, 240, 7]] as const) {
      expect(negativeBinomialUpperTail(1, alpha, beta, wDays)).toBeCloseTo(1 - (beta / (beta + wDays)) ** alpha, 12);
    }
  });
  it('tends to the Poisson tail when the baseline is long (the posterior is then sharp)', () => {
    // rate 0.5/day over 7 days: Poisson(3.5); P(X ≥ 8) = 0.0267 (tables)
    const t = negativeBinomialUpperTail(8, 0.5 * 1e7, 1e7, 7);
    expect(t).toBeCloseTo(0.0267, 3);
  });
  it('the expected count is the smoothed baseline rate × window', () => {
    const r = baselineTest(0, 10, 180);
    expect(r.expected).toBeCloseTo(((PRIOR_COMPLAINTS + 10) / (PRIOR_DAYS + 180)) * 7, 12);
    expect(r.tailProbability).toBe(1);
  });
  it('the tail falls as the count rises and rises with the baseline', () => {
    for (let k = 1; k < 30; k++) expect(baselineTest(k + 1, 5, 180).tailProbability).toBeLessThanOrEqual(baselineTest(k, 5, 180).tailProbability);
    for (let b = 0; b < 60; b++) expect(baselineTest(6, b + 1, 180).tailProbability).toBeGreaterThanOrEqual(baselineTest(6, b, 180).tailProbability);
  });
  it('never warns under the minimum, however quiet the baseline', () => {
    expect(warns({ complainants: MIN_COMPLAINANTS - 1, expected: 0.01, tailProbability: 1e-9 }, false)).toBe(false);
    expect(warns({ complainants: MIN_COMPLAINANTS, expected: 0.01, tailProbability: 1e-9 }, false)).toBe(true);
  });
});

describe('episode helpers', () => {
  const ev = (id: number, daysAgo: number) => ({ source: 'review' as const, id, reviewId: id, caseNo: null, rating: 1, incidentKind: null, accountId: id, atMs: nowMs - daysAgo * dayMs, establishedBy: 'age' as const });
  it('keeps evidence that left the window, drops evidence inside it that no longer counts', () => {
    const windowStart = nowMs - 7 * dayMs;
    const merged = mergeEvidence([ev(1, 9), ev(2, 3), ev(3, 2)], [ev(3, 2), ev(4, 1)], windowStart);
    expect(merged.map((e) => e.id)).toEqual([1, 3, 4]);
  });
  it('the verdict input is exactly { active, complaints, windowDays, sinceMs } for an open episode, null otherwise', () => {
    const startedAt = new Date(nowMs - dayMs);
    expect(toVerdictInput({ complainants: 9, windowDays: 7, startedAt, endedAt: null })).toEqual({ active: true, complaints: 9, windowDays: 7, sinceMs: startedAt.getTime() });
    expect(toVerdictInput({ complainants: 9, windowDays: 7, startedAt, endedAt: new Date(nowMs) })).toBeNull();
    expect(toVerdictInput(null)).toBeNull();
  });
});

// ── properties ──

/** Random worlds: a baseline of established complaints, window complaints from a mix of established and young accounts. */
const worldArb = fc.record({
  baseline: fc.integer({ min: 0, max: 40 }),
  established: fc.array(fc.record({ age: fc.integer({ min: 30, max: 1500 }), days: fc.double({ min: 0, max: 6.99, noNaN: true }), source: fc.constantFrom('review', 'follow_up', 'incident') }), { maxLength: 25 }),
  young: fc.array(fc.record({ age: fc.integer({ min: 0, max: 29 }), days: fc.double({ min: 0, max: 6.99, noNaN: true }) }), { maxLength: 25 }),
  open: fc.boolean(),
  historyDays: fc.integer({ min: 8, max: 1000 }),
});

interface WorldSpec {
  baseline: number;
  established: Array<{ age: number; days: number; source: string }>;
  young: Array<{ age: number; days: number }>;
  historyDays: number;
}

function buildWorld(s: WorldSpec): World {
  const w = new World();
  w.platforms[0] = { ...w.platforms[0]!, historyStartMs: nowMs - s.historyDays * dayMs };
  for (let i = 0; i < s.baseline; i++) w.review(w.account({ ageDays: 600 }), target, 1, WINDOW_DAYS + 1 + ((i * 37) % (BASELINE_DAYS - 1)));
  for (const e of s.established) addComplaint(w, w.account({ ageDays: e.age + e.days }), e.source, e.days);
  // age at posting = y.age < 30 days, no proof, no other platform
  for (const y of s.young) w.review(w.account({ ageDays: y.age + y.days }), target, 1, y.days);
  return w;
}

function addComplaint(w: World, a: AccountRecord, source: string, daysAgo: number): void {
  if (source === 'review') w.review(a, target, 1, daysAgo);
  else if (source === 'follow_up') w.followUp(a, w.review(a, target, 5, 300), 1, daysAgo);
  else w.incident(a, target, 'withdrawal_blocked', daysAgo);
}

describe('properties', () => {
  it('adding an established complaint inside the window never lifts a warning', () => {
    fc.assert(
      fc.property(worldArb, fc.double({ min: 0, max: 6.99, noNaN: true }), fc.constantFrom('review', 'follow_up', 'incident'), fc.integer({ min: 30, max: 2000 }), (s, days, source, age) => {
        const w = buildWorld(s);
        const before = w.warningFor({ open: s.open });
        fc.pre(before?.active === true);
        addComplaint(w, w.account({ ageDays: age + days }), source, days);
        expect(w.warningFor({ open: s.open })!.active).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('removing all the window’s complaints lifts it', () => {
    fc.assert(
      fc.property(worldArb, (s) => {
        const w = buildWorld(s);
        const windowStart = nowMs - WINDOW_DAYS * dayMs;
        const inWindow = (x: { atMs: number }) => x.atMs > windowStart;
        w.reviews = w.reviews.filter((r) => !inWindow(r));
        w.followUps = w.followUps.filter((f) => !inWindow(f));
        w.incidents = w.incidents.filter((i) => !inWindow(i));
        const x = w.warningFor({ open: true });
        expect(x?.active ?? false).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('young, single-target, unproven accounts alone never raise it, however many', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 10 }), (n, baseline) => {
        const w = new World();
        for (let i = 0; i < baseline; i++) w.review(w.account({ ageDays: 600 }), target, 1, 30 + i * 10);
        for (let i = 0; i < n; i++) w.review(w.account({ ageDays: i % ESTABLISHED_ACCOUNT_AGE_DAYS }), target, 1 + (i % 2), (i % 29) / 10);
        expect(w.warningFor()?.active ?? false).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});

describe('words', () => {
  it('plurals by Intl.PluralRules, never "1 reviews"; a tiny expected count reads "under 0.1"', async () => {
    const { tPlural, formatExpected } = await import('../../src/components/warnings/plural.ts');
    expect(tPlural('en', 'warning.count.lowRatings', 1)).toBe('1 review rated 1–2★');
    expect(tPlural('en', 'warning.count.lowRatings', 4)).toBe('4 reviews rated 1–2★');
    expect(tPlural('zh-CN', 'warning.count.lowRatings', 1)).toBe('1 条 1–2 星评价');
    expect(formatExpected('en', 0.03)).toBe('under 0.1');
    expect(formatExpected('zh-CN', 0.03)).toBe('不到 0.1');
    expect(formatExpected('en', 0.26)).toBe('0.3');
    expect(formatExpected('en', 12.4)).toBe('12.4');
    expect(formatExpected('en', 12)).toBe('12');
  });
});

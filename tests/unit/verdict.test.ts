// The verdict (src/server/verdict/verdict.ts): a table of named profiles from the article's
// cases with the band each must get, then properties over random platforms.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bandQuality, computeVerdict, decidingReasons, isVerdictReason, isVerdictReasonWords, rankVerdicts, reasonWords, widenedLowerBound, VERDICT_REASON_CODES,
  type VerdictBand, type VerdictFact, type VerdictIncident, type VerdictInput, type VerdictQualification, type VerdictScore,
} from '../../src/server/verdict/verdict.ts';
import { FACTS } from '../../src/server/platforms/facts.ts';
import { storedReasons } from '../../src/server/verdict/verdict.repository.ts';
import { reasonText } from '../../src/components/verdict/reason-text.ts';
import { computeReputation, type ReviewInput } from '../../src/server/reputation/index.ts';

const NOW = Date.UTC(2026, 11, 7);
const YEAR = 365.25 * 86_400_000;
const scopeFull = '网络技术服务；信息技术咨询服务；第二类增值电信业务。';
const scopeNone = '技术服务、技术开发；电子产品销售（不含增值电信业务）。';

const licence = (id: number, state: VerdictQualification['state'] = 'verified', scopeText = scopeFull): VerdictQualification => ({ id, kind: 'business_licence', state, scopeText });
const icpLicence = (id: number, state: VerdictQualification['state'] = 'verified'): VerdictQualification => ({ id, kind: 'icp_licence', state, scopeText: '' });
const icpFiling = (id: number, state: VerdictQualification['state'] = 'verified'): VerdictQualification => ({ id, kind: 'icp_filing', state, scopeText: '' });
const fact = (key: string, value: string, provenance: VerdictFact['provenance'] = 'verified'): VerdictFact => ({ key, value, provenance });
const incident = (caseNo: string, kind: VerdictIncident['kind'], status: VerdictIncident['status'] = 'accepted'): VerdictIncident => ({ caseNo, kind, status });
const score = (s: number, lb: number, n: number, eff: number): VerdictScore => ({ score: s, lowerBound: lb, reviewCount: n, effectiveReviews: eff });

function platform(over: Partial<VerdictInput> & { operator?: VerdictInput['platform']['operatorType']; ageYears?: number | null; status?: VerdictInput['platform']['status'] } = {}): VerdictInput {
  const { operator = 'company', ageYears = 8, status = 'active', ...rest } = over;
  return {
    nowMs: NOW,
    platform: { id: 1, status, operatorType: operator, foundedOnMs: ageYears === null ? null : NOW - ageYears * YEAR },
    qualifications: [],
    facts: [],
    incidents: [],
    complaints: [],
    score: null,
    earlyWarning: null,
    ...rest,
  };
}

const licensedCompany = (over: Partial<VerdictInput> & { operator?: VerdictInput['platform']['operatorType']; ageYears?: number | null; status?: VerdictInput['platform']['status'] } = {}) =>
  platform({ qualifications: [licence(11), icpFiling(12), icpLicence(13)], score: score(4.4, 4.05, 24, 12), ...over });

// ── the article's cases ──
const profiles: Array<[name: string, input: VerdictInput, band: VerdictBand, firstReason?: string]> = [
  ['licensed company with escrow, years old, well reviewed (某持证卡盟)',
    licensedCompany({ facts: [fact('escrow', 'yes'), fact('unconditional_refund', 'yes'), fact('refund_window_hours', '168')] }), 'reliable', 'REVIEWS_STRONG'],
  ['unlicensed studio with glowing reviews (个人工作室)',
    platform({ operator: 'studio', ageYears: 1.7, score: score(4.8, 4.5, 30, 14), facts: [fact('refund_window_hours', '48', 'claimed')] }), 'caution'],
  ['"5 折话费" platform selling black keys (黑卡密)',
    platform({ operator: 'unknown', ageYears: 1, score: score(3.9, 3.4, 12, 5), incidents: [incident('K-1', 'black_keys')] }), 'high_risk', 'BLACK_KEYS'],
  ['new platform with a verified licence (成立不足3年)',
    licensedCompany({ ageYears: 0.5, score: score(4.2, 3.8, 9, 4) }), 'fair'],
  ['licensed platform whose refund claim follow-ups contradict (售后无忧 but refused)',
    licensedCompany({ facts: [fact('unconditional_refund', 'yes', 'claimed')], complaints: [{ reviewId: 7, followUpId: 70 }] }), 'fair', 'CLAIM_CONTRADICTED'],
  ['confirmed 跑路 (失联跑路)',
    platform({ operator: 'studio', status: 'exit_scam', ageYears: 2, score: score(1.6, 1.4, 7, 5), incidents: [incident('K-9', 'exit_scam')] }), 'exit_scam', 'EXIT_SCAM'],
  ['nothing known at all (no reviews, no evidence)',
    platform({ operator: 'unknown', ageYears: null }), 'insufficient', 'NO_EVIDENCE'],
  ['ICP 备案 only, the 许可证 rejected (混淆备案与许可证)',
    platform({ qualifications: [licence(1), icpFiling(2), icpLicence(3, 'rejected')], score: score(4.4, 4.05, 24, 12) }), 'caution', 'ICP_LICENCE_REJECTED'],
  ['代理加盟 with every licence and good reviews',
    licensedCompany({ operator: 'franchise' }), 'caution', 'FRANCHISE'],
  ['licensed company with an open data-leak incident (10万条客户信息泄露)',
    licensedCompany({ incidents: [incident('L-1', 'data_leak', 'platform_replied')] }), 'caution', 'DATA_LEAK_OPEN'],
  ['licensed company with a 48-hour refund window (48小时申请时限)',
    licensedCompany({ facts: [fact('refund_window_hours', '48', 'claimed')] }), 'fair', 'REFUND_WINDOW_TRAP'],
  ['licensed company with glowing but low-weight reviews (刷单, 伪口碑)',
    licensedCompany({ score: score(4.7, 3.8, 40, 1.6) }), 'fair'],
  ['prepaid balances that cannot be withdrawn (预付款无法追回)',
    licensedCompany({ incidents: [incident('W-1', 'withdrawal_blocked', 'unresolved')] }), 'high_risk', 'WITHDRAWAL_BLOCKED'],
  ['licensed company paid into a personal account (直接向个人账户转账)',
    licensedCompany({ facts: [fact('escrow', 'no', 'verified')] }), 'fair', 'NO_ESCROW'],
  ['licensed company with two service warnings',
    licensedCompany({ facts: [fact('unconditional_refund', 'yes', 'contradicted'), fact('refund_window_hours', '24', 'claimed')] }), 'caution'],
  ['licensed company, suspended (暂停服务)',
    licensedCompany({ status: 'suspended' }), 'caution', 'SUSPENDED'],
  ['licensed company with many poor reviews from real buyers (差评)',
    licensedCompany({ score: score(2.0, 1.7, 30, 15) }), 'high_risk', 'REVIEWS_BAD'],
  ['licensed company under an early warning (预警)',
    licensedCompany({ earlyWarning: { active: true, complaints: 6, windowDays: 14, sinceMs: NOW - 5 * 86_400_000 } }), 'caution', 'EARLY_WARNING'],
  ['company with a licence but the ICP 许可证 still pending (unknown is not a pass)',
    platform({ qualifications: [licence(1), icpLicence(2, 'pending')], score: score(4.4, 4.05, 24, 12) }), 'caution', 'ICP_LICENCE_PENDING'],
  ['licensed on ICP, business licence pending, company',
    platform({ qualifications: [licence(1, 'pending'), icpLicence(2)], score: score(4.4, 4.05, 24, 12) }), 'fair', 'LICENCE_PENDING'],
  ['licence without a telecom scope (经营范围不含增值电信业务)',
    platform({ qualifications: [licence(1, 'verified', scopeNone), icpLicence(2)], score: score(4.4, 4.05, 24, 12) }), 'fair', 'LICENCE_NO_TELECOM_SCOPE'],
];

describe('verdict: the article\'s cases', () => {
  it.each(profiles.map(([name, input, band, first]) => [`${name} → ${band}`, input, band, first] as const))('%s', (_name, input, band, firstReason) => {
    const v = computeVerdict(input);
    expect(v.band).toBe(band);
    if (firstReason) expect(v.reasons[0]!.code).toBe(firstReason);
    // Every reason code is one the dictionaries know; every 'against' reason with a cap caps at or above the band.
    for (const r of v.reasons) {
      expect(VERDICT_REASON_CODES).toContain(r.code);
      if (r.cap && band !== 'exit_scam' && band !== 'insufficient') expect(bandQuality[r.cap]).toBeGreaterThanOrEqual(bandQuality[band]);
    }
  });

  it('has at least twelve profiles and every band', () => {
    expect(profiles.length).toBeGreaterThanOrEqual(12);
    expect(new Set(profiles.map((p) => p[2]))).toEqual(new Set(['reliable', 'fair', 'caution', 'high_risk', 'exit_scam', 'insufficient']));
  });

  it('links each reason to its evidence: licence rows, incidents, follow-ups, facts', () => {
    const contradicted = computeVerdict(profiles[4]![1]);
    expect(contradicted.reasons[0]!.evidence).toEqual({ kind: 'follow_up', reviewId: 7, followUpId: 70 });
    const rejected = computeVerdict(profiles[7]![1]);
    expect(rejected.reasons[0]!.evidence).toEqual({ kind: 'qualification', id: 3 });
    const black = computeVerdict(profiles[2]![1]);
    expect(black.reasons[0]!.evidence).toEqual({ kind: 'incident', caseNo: 'K-1' });
    const trap = computeVerdict(profiles[10]![1]);
    expect(trap.reasons[0]!.evidence).toEqual({ kind: 'fact', key: 'refund_window_hours' });
  });

  it('names only the reasons that decided the band in the history', () => {
    const fair = computeVerdict(licensedCompany({ facts: [fact('unconditional_refund', 'yes', 'claimed')], complaints: [{ reviewId: 7, followUpId: 70 }] }));
    expect(decidingReasons(fair).map((r) => r.code)).toEqual(['CLAIM_CONTRADICTED']);
    const reliable = computeVerdict(profiles[0]![1]);
    expect(decidingReasons(reliable).every((r) => r.effect === 'for')).toBe(true);
    expect(decidingReasons(reliable).map((r) => r.code)).toContain('REVIEWS_STRONG');
    const studio = computeVerdict(profiles[1]![1]);
    expect(decidingReasons(studio).map((r) => r.code)).toEqual(expect.arrayContaining(['STUDIO', 'ICP_LICENCE_MISSING']));
  });

  it('widens the interval for a young platform instead of a fixed penalty', () => {
    // Same age: the narrower interval (more reviews) loses less.
    const narrow = 4.2 - widenedLowerBound(4.2, 4.0, 1);
    const wide = 4.2 - widenedLowerBound(4.2, 3.6, 1);
    expect(narrow).toBeLessThan(wide);
    expect(widenedLowerBound(4.2, 3.6, 3)).toBe(3.6);
    expect(widenedLowerBound(4.2, 3.6, 0)).toBeCloseTo(3.0, 10);
    // Older never widens more.
    expect(widenedLowerBound(4.2, 3.6, 2)).toBeGreaterThan(widenedLowerBound(4.2, 3.6, 1));
  });

  it('orders by band first, then by the lower bound', () => {
    const reliable = computeVerdict(licensedCompany({ score: score(4.0, 3.6, 30, 20) }));
    const fairHigh = computeVerdict(licensedCompany({ score: score(4.9, 4.8, 30, 20), facts: [fact('escrow', 'no')] }));
    const ranks = rankVerdicts([{ id: 1, verdict: fairHigh, reviewCount: 30 }, { id: 2, verdict: reliable, reviewCount: 30 }]);
    expect(reliable.band).toBe('reliable');
    expect(fairHigh.band).toBe('fair');
    expect(ranks.get(2)).toBe(1);
    expect(ranks.get(1)).toBe(2);
    const exit = computeVerdict(profiles[5]![1]);
    expect(rankVerdicts([{ id: 3, verdict: exit, reviewCount: 7 }]).get(3)).toBeNull();
  });
});

// ── properties ──

const KINDS = ['business_licence', 'icp_filing', 'icp_licence', 'payment_partner'] as const;
const STATES = ['pending', 'verified', 'rejected'] as const;
const qualArb = fc.record({
  kind: fc.constantFrom(...KINDS), state: fc.constantFrom(...STATES), scoped: fc.boolean(),
});
const factArb = fc.record({
  key: fc.constantFrom(...FACTS.map((f) => f.key)),
  yes: fc.boolean(),
  hours: fc.constantFrom(24, 48, 72, 168),
  provenance: fc.constantFrom('claimed', 'verified', 'contradicted', 'claimed') as fc.Arbitrary<VerdictFact['provenance']>,
});
const incidentArb = fc.record({
  kind: fc.constantFrom('invalid_keys', 'refund_refused', 'withdrawal_blocked', 'data_leak', 'black_keys') as fc.Arbitrary<VerdictIncident['kind']>,
  status: fc.constantFrom('submitted', 'accepted', 'platform_replied', 'resolved', 'unresolved', 'rejected') as fc.Arbitrary<VerdictIncident['status']>,
});
const scoreArb = fc.option(
  fc.record({ s: fc.double({ min: 1, max: 5, noNaN: true }), half: fc.double({ min: 0, max: 1.5, noNaN: true }), n: fc.integer({ min: 1, max: 60 }), eff: fc.double({ min: 0, max: 30, noNaN: true }) })
    .map(({ s, half, n, eff }) => score(s, s - half, n, eff)),
  { nil: null },
);

const inputArb: fc.Arbitrary<VerdictInput> = fc.record({
  status: fc.constantFrom('active', 'active', 'active', 'suspended') as fc.Arbitrary<'active' | 'suspended'>,
  operator: fc.constantFrom('company', 'studio', 'franchise', 'unknown') as fc.Arbitrary<VerdictInput['platform']['operatorType']>,
  ageYears: fc.option(fc.double({ min: 0, max: 12, noNaN: true }), { nil: null }),
  quals: fc.array(qualArb, { maxLength: 5 }),
  facts: fc.uniqueArray(factArb, { maxLength: 8, selector: (f) => f.key }),
  incidents: fc.array(incidentArb, { maxLength: 3 }),
  complaints: fc.integer({ min: 0, max: 2 }),
  score: scoreArb,
}).map((r) => ({
  nowMs: NOW,
  platform: { id: 1, status: r.status, operatorType: r.operator, foundedOnMs: r.ageYears === null ? null : NOW - r.ageYears * YEAR },
  qualifications: r.quals.map((q, i) => ({ id: i + 1, kind: q.kind, state: q.state, scopeText: q.scoped ? scopeFull : scopeNone })),
  facts: r.facts.map((f) => ({ key: f.key, value: f.key === 'refund_window_hours' ? String(f.hours) : f.yes ? 'yes' : 'no', provenance: f.provenance })),
  incidents: r.incidents.map((i, n) => ({ caseNo: `C-${n}`, kind: i.kind, status: i.status })),
  complaints: Array.from({ length: r.complaints }, (_, n) => ({ reviewId: 100 + n, followUpId: 200 + n })),
  score: r.score,
  earlyWarning: null,
}));

const q = (v: { band: VerdictBand }) => bandQuality[v.band];
const RUNS = { numRuns: 400 };

/** Is this fact value in the platform's favour (what a careful buyer hopes for)? */
function favourable(f: VerdictFact): boolean {
  const def = FACTS.find((d) => d.key === f.key)!;
  if (def.kind === 'hours') return Number(f.value) > 48;
  return f.value === def.good;
}

describe('verdict: properties', () => {
  it('an unlicensed platform or a studio never outranks a licensed company with the same reviews', () => {
    fc.assert(fc.property(inputArb, fc.constantFrom('drop_licence', 'drop_icp', 'studio', 'franchise'), (base, how) => {
      const licensed: VerdictInput = {
        ...base,
        platform: { ...base.platform, id: 1, operatorType: 'company' },
        qualifications: [...base.qualifications, licence(901), icpLicence(902)],
      };
      let other: VerdictInput = { ...base, platform: { ...base.platform, id: 2 } };
      if (how === 'drop_licence') other = { ...other, qualifications: base.qualifications.filter((x) => !(x.kind === 'business_licence' && x.state === 'verified')) };
      else if (how === 'drop_icp') other = { ...other, qualifications: [...base.qualifications.filter((x) => !(x.kind === 'icp_licence' && x.state === 'verified')), licence(903)] };
      else other = { ...other, platform: { ...other.platform, operatorType: how }, qualifications: licensed.qualifications };
      const a = computeVerdict(licensed);
      const b = computeVerdict(other);
      expect(q(b)).toBeLessThanOrEqual(q(a));
      // Either id assignment gives the same answer: the id never decides.
      for (const [idA, idB] of [[1, 2], [2, 1]] as const) {
        const ranks = rankVerdicts([{ id: idA, verdict: a, reviewCount: 5 }, { id: idB, verdict: b, reviewCount: 5 }]);
        const ra = ranks.get(idA) ?? null;
        const rb = ranks.get(idB) ?? null;
        if (rb !== null) {
          expect(ra).not.toBeNull();
          expect(rb).toBeGreaterThan(ra!);
        }
      }
    }), RUNS);
  });

  it('verifying a claim never lowers a verdict', () => {
    fc.assert(fc.property(inputArb, fc.nat(), (input, pick) => {
      const claims = input.facts.map((f, i) => [f, i] as const).filter(([f]) => f.provenance === 'claimed');
      fc.pre(claims.length > 0);
      const [, i] = claims[pick % claims.length]!;
      const after = { ...input, facts: input.facts.map((f, k) => (k === i ? { ...f, provenance: 'verified' as const } : f)) };
      expect(q(computeVerdict(after))).toBeGreaterThanOrEqual(q(computeVerdict(input)));
    }), RUNS);
  });

  it('contradicting a claim in the platform\'s favour never raises a verdict', () => {
    fc.assert(fc.property(inputArb, fc.nat(), fc.constantFrom('claimed', 'verified') as fc.Arbitrary<'claimed' | 'verified'>, (input, pick, from) => {
      const claims = input.facts.map((f, i) => [f, i] as const).filter(([f]) => favourable(f));
      fc.pre(claims.length > 0);
      const [, i] = claims[pick % claims.length]!;
      const before = { ...input, facts: input.facts.map((f, k) => (k === i ? { ...f, provenance: from } : f)) };
      const after = { ...input, facts: input.facts.map((f, k) => (k === i ? { ...f, provenance: 'contradicted' as const } : f)) };
      expect(q(computeVerdict(after))).toBeLessThanOrEqual(q(computeVerdict(before)));
    }), RUNS);
  });

  it('adding a verified licence never lowers a verdict', () => {
    fc.assert(fc.property(inputArb, fc.constantFrom('business', 'business_no_scope', 'icp', 'partner'), (input, which) => {
      const added: VerdictQualification = which === 'icp' ? icpLicence(990)
        : which === 'partner' ? { id: 990, kind: 'payment_partner', state: 'verified', scopeText: '' }
          : licence(990, 'verified', which === 'business' ? scopeFull : scopeNone);
      const after = { ...input, qualifications: [...input.qualifications, added] };
      expect(q(computeVerdict(after))).toBeGreaterThanOrEqual(q(computeVerdict(input)));
    }), RUNS);
  });

  it('more 5★ reviews never lift a capped platform past its cap (through the reputation model)', () => {
    const worldArb = fc.record({
      base: inputArb,
      reviews: fc.array(fc.record({ rating: fc.integer({ min: 1, max: 5 }), ageDays: fc.integer({ min: 40, max: 900 }), daysAgo: fc.integer({ min: 0, max: 30 }), verified: fc.boolean() }), { maxLength: 8 }),
      extra: fc.integer({ min: 1, max: 25 }),
    });
    fc.assert(fc.property(worldArb, ({ base, reviews, extra }) => {
      const modelScore = (list: typeof reviews): VerdictScore | null => {
        const accounts = list.map((r, i) => ({ id: `a${i}`, createdAtMs: NOW - r.ageDays * 86_400_000, fingerprint: `fp${i}` }));
        const revs: ReviewInput[] = list.map((r, i) => ({ id: `r${i}`, accountId: `a${i}`, platformId: 'p', rating: r.rating, createdAtMs: NOW - r.daysAgo * 86_400_000, proof: r.verified ? 'verified' : 'none' }));
        const out = computeReputation({ nowMs: NOW, accounts, platforms: [{ id: 'p' }], reviews: revs }).platforms[0]!;
        return out.reviewCount === 0 ? null : score(out.score, out.lowerBound, out.reviewCount, out.effectiveReviews);
      };
      const before = computeVerdict({ ...base, score: modelScore(reviews) });
      const cap = before.reasons.reduce<VerdictBand>((b, r) => (r.cap && r.cap !== 'exit_scam' && bandQuality[r.cap] < bandQuality[b] ? r.cap : b), 'reliable');
      fc.pre(cap !== 'reliable');
      const more = [...reviews, ...Array.from({ length: extra }, (_, i) => ({ rating: 5, ageDays: 400 + i, daysAgo: i % 20, verified: true }))];
      const after = computeVerdict({ ...base, score: modelScore(more) });
      expect(q(after)).toBeLessThanOrEqual(bandQuality[cap]);
    }), { numRuns: 150 });
  });

  it('an early warning keeps any platform out of 靠谱 and 一般 and is the first reason', () => {
    fc.assert(fc.property(inputArb, (input) => {
      const v = computeVerdict({ ...input, earlyWarning: { active: true, complaints: 5, windowDays: 14, sinceMs: NOW } });
      expect(q(v)).toBeLessThanOrEqual(bandQuality.caution);
      expect(v.band).not.toBe('insufficient');
      expect(v.reasons[0]!.code).toBe('EARLY_WARNING');
      const inactive = computeVerdict({ ...input, earlyWarning: { active: false, complaints: 1, windowDays: 14, sinceMs: NOW } });
      expect(inactive).toEqual(computeVerdict(input));
    }), RUNS);
  });

  it('is deterministic and never lists a reason twice for the same evidence and code', () => {
    fc.assert(fc.property(inputArb, (input) => {
      const a = computeVerdict(input);
      expect(computeVerdict(structuredClone(input))).toEqual(a);
      expect(a.reasons.length).toBeGreaterThan(0);
    }), { numRuns: 200 });
  });
});

describe('verdict: reason words (code and typed parameters)', () => {
  it('every reason, kept as JSON, reads back as its words and renders with no placeholder left', () => {
    fc.assert(fc.property(inputArb, fc.boolean(), (input, warned) => {
      const v = computeVerdict(warned ? { ...input, earlyWarning: { active: true, complaints: 4, windowDays: 14, sinceMs: NOW } } : input);
      for (const reason of v.reasons) {
        const kept: unknown = JSON.parse(JSON.stringify(reasonWords(reason)));
        expect(kept).toEqual({ code: reason.code, ...(reason.params ? { params: reason.params } : {}) });
        expect(isVerdictReasonWords(kept)).toBe(true);
        for (const locale of ['zh-CN', 'en'] as const) {
          const words = reasonText(locale, reason);
          expect(words).not.toMatch(/[{}]/);
          expect(words).not.toContain('verdict.reason.');
        }
      }
    }), { numRuns: 200 });
  });

  it.each<[string, unknown]>([
    ['not an object', 'REVIEWS_STRONG'],
    ['an unknown code', { code: 'REVIEWS_GREAT', params: { score: 4, lb: 3, n: 1, eff: 1, min: 3 } }],
    ['a code that needs parameters, without them', { code: 'EARLY_WARNING' }],
    ['a missing parameter', { code: 'REVIEWS_MIXED', params: { score: 3, lb: 2.7, n: 9, eff: 4 } }],
    ['a number given as text', { code: 'EARLY_WARNING', params: { n: '5', days: 14 } }],
    ['a fact that does not exist', { code: 'FACT_WARNING', params: { fact: 'free_lunch' } }],
    ['an incident kind that does not exist', { code: 'INCIDENT_UNRESOLVED', params: { kind: 'late' } }],
    ['parameters on a code that takes none', { code: 'COMPANY', params: { n: 1 } }],
  ])('rejects %s read back from JSON', (_name, kept) => {
    expect(isVerdictReasonWords(kept)).toBe(false);
  });

  it.each<[string, unknown]>([
    ['a code without parameters', { code: 'COMPANY' }],
    ['an age reason never scored (no lower bounds)', { code: 'YOUNG', params: { years: 1.5, min: 3 } }],
    ['an age reason with its widened lower bound', { code: 'AGE_UNKNOWN', params: { years: 0, min: 3, from: 3.4, to: 3.1 } }],
    ['a fact key', { code: 'CLAIM_CONTRADICTED', params: { fact: 'unconditional_refund' } }],
  ])('accepts %s', (_name, kept) => {
    expect(isVerdictReasonWords(kept)).toBe(true);
  });

  it('every whole reason, stored as JSON (jsonb or its text), reads back unchanged', () => {
    fc.assert(fc.property(inputArb, fc.boolean(), (input, warned) => {
      const v = computeVerdict(warned ? { ...input, earlyWarning: { active: true, complaints: 4, windowDays: 14, sinceMs: NOW } } : input);
      const text = JSON.stringify(v.reasons);
      expect(storedReasons(JSON.parse(text))).toEqual(JSON.parse(text));
      expect(storedReasons(text)).toEqual(JSON.parse(text));
    }), { numRuns: 200 });
  });

  const storedReason = { code: 'COMPANY', dimension: 'qualification', effect: 'for', strength: 2, evidence: { kind: 'profile' } };
  it.each<[string, unknown]>([
    ['no dimension', { ...storedReason, dimension: undefined }],
    ['an unknown dimension', { ...storedReason, dimension: 'vibes' }],
    ['an unknown effect', { ...storedReason, effect: 'maybe' }],
    ['a cap that is not a band', { ...storedReason, cap: 'great' }],
    ['a strength given as text', { ...storedReason, strength: '2' }],
    ['no evidence field', { ...storedReason, evidence: undefined }],
    ['evidence of an unknown kind', { ...storedReason, evidence: { kind: 'rumour' } }],
    ['evidence without its fields', { ...storedReason, evidence: { kind: 'follow_up', reviewId: 3 } }],
    ['words that do not check', { ...storedReason, code: 'EARLY_WARNING' }],
  ])('leaves out a stored reason with %s', (_name, reason) => {
    expect(isVerdictReason(reason)).toBe(false);
    expect(storedReasons([storedReason, reason])).toEqual([storedReason]);
  });

  it('reads a malformed stored list as no reasons', () => {
    expect(storedReasons('{not json')).toEqual([]);
    expect(storedReasons({ code: 'COMPANY' })).toEqual([]);
    expect(storedReasons([{ ...storedReason, cap: 'caution', evidence: null }])).toHaveLength(1);
  });

  it('shows a fact and an incident kind by their labels, and an age reason without a score in its short words', () => {
    expect(reasonText('en', { code: 'FACT_WARNING', params: { fact: 'https' } })).toBe('“HTTPS everywhere”: no.');
    expect(reasonText('en', { code: 'INCIDENT_UNRESOLVED', params: { kind: 'refund_refused' } })).toContain('“');
    expect(reasonText('en', { code: 'INCIDENT_UNRESOLVED', params: { kind: 'refund_refused' } })).not.toContain('refund_refused');
    expect(reasonText('en', { code: 'YOUNG', params: { years: 1, min: 3 } })).toBe('Under 3 years old: a reputation takes time to build.');
    expect(reasonText('en', { code: 'YOUNG', params: { years: 1, min: 3, from: 3.4, to: 3.1 } })).toContain('from 3.4 to 3.1');
  });
});

// The verdict (结论): one band per platform over the article's four dimensions — 资质
// qualifications, 服务 service, 风控 risk control, 口碑 reputation (docs/seed-article.md, docs/DESIGN.md
// "The verdict"). A pure function: records in, { band, reasons, sort key } out; no I/O, no
// clock (the caller passes nowMs). The reputation model's weighted score is one input.
//
// Shape: 资质 and 风控 are gates and caps — each finding limits the best band the platform
// can get, whatever its reviews say — never terms of an average. 服务 findings lower the cap
// too (one warning: at most 一般, two: at most 谨慎). 口碑 decides the band inside the caps
// from the lower bound of the weighted score, widened for platforms under three years old.
// The ranking orders by band, then by that lower bound.
import { checkBusinessScope } from '../platforms/validators.ts';
import { FACTS, contradictedKeys, factByKey, isFactKey, refundWindowTrapHours, type FactKey } from '../platforms/facts.ts';
import { yearMs } from '../time.ts';
import type { OperatorType, PlatformStatus, QualificationKind, EvidenceState, Provenance } from '../platforms/platform.table.ts';
import { isIncidentKind, type IncidentKind, type IncidentStatus } from '../reviews/review.table.ts';
import { isOneOf } from '../one-of.ts';

// ── bands ──

/** 靠谱 reliable · 一般 fair · 谨慎 caution · 高风险 high risk · 跑路 exit scam · 数据不足 insufficient data */
export const VERDICT_BANDS = ['reliable', 'fair', 'caution', 'high_risk', 'exit_scam', 'insufficient'] as const;
export type VerdictBand = (typeof VERDICT_BANDS)[number];
/** Bands that are ranked, best first. 跑路 and 数据不足 are listed apart, without a rank. */
export const RANKED_BANDS: readonly VerdictBand[] = ['reliable', 'fair', 'caution', 'high_risk'];
/**
 * How good a band is, for "never lowers" comparisons: 数据不足 says nothing bad is known yet,
 * so it sits above 高风险 (something bad is known) and below 谨慎 (a known weakness, but
 * enough is known to rank it).
 */
export const bandQuality: Readonly<Record<VerdictBand, number>> = Object.freeze({
  reliable: 5, fair: 4, caution: 3, insufficient: 2, high_risk: 1, exit_scam: 0,
});

export function isVerdictBand(x: unknown): x is VerdictBand {
  return isOneOf(VERDICT_BANDS, x);
}

/** The worse of two ranked bands. */
function worse(a: VerdictBand, b: VerdictBand): VerdictBand {
  return bandQuality[a] <= bandQuality[b] ? a : b;
}

// ── tuning constants (each says why it has its value) ──

/** The seed: "那些成立3年以上、用户评价稳定的卡盟，往往更值得信赖". */
export const MATURE_AGE_YEARS = 3;
/**
 * Under three years the interval of the score is widened: its lower half-width is multiplied
 * by 1 + YOUNG_WIDENING × (3 − age) / 3, so a brand-new platform's interval is twice as wide
 * and the widening fades to nothing at three years. Not a fixed penalty: a platform with many
 * consistent reviews has a narrow interval and loses little; one with a few loses more.
 * An unknown founding date is treated as new (nothing says it has lasted).
 */
export const YOUNG_WIDENING = 1;
/** Effective reviews (credibility × recency) below which reviews decide nothing yet (at most 一般, never lower by themselves). */
export const SUPPORT_EFFECTIVE_REVIEWS = 3;
/** Effective reviews below which the reviews alone are not evidence enough for any band. */
export const EVIDENCE_EFFECTIVE_REVIEWS = 1;
/**
 * Lower bounds (stars, on the reputation model's 1–5 scale, prior mean 3) that the reviews
 * must reach: 3.5 = "clearly better than the prior with confidence" for 靠谱; 2.6 = "not
 * clearly worse than average" for 一般; 2.0 = below that, buyers report more bad than good.
 */
export const RELIABLE_MIN_LOWER_BOUND = 3.5;
export const FAIR_MIN_LOWER_BOUND = 2.6;
export const CAUTION_MIN_LOWER_BOUND = 2.0;
/** Reasons shown under "为什么" on a platform page. */
export const TOP_REASONS = 3;

// ── records in ──

// The domain enumerations are the tables' own (one list each); the verdict only reads them.
export type { OperatorType, PlatformStatus, QualificationKind, EvidenceState, Provenance, IncidentKind, IncidentStatus };

export interface VerdictQualification {
  id: number;
  kind: QualificationKind;
  state: EvidenceState;
  /** 经营范围 of a business licence (checked for a telecom / IT scope). */
  scopeText: string;
}

export interface VerdictFact {
  key: string;
  value: string;
  /** As stored (the contradiction rule below may still turn a claim into 'contradicted'). */
  provenance: Provenance;
}

export interface VerdictIncident {
  caseNo: string;
  kind: IncidentKind;
  status: IncidentStatus;
}

/** A 追评 that reports a refused refund (it contradicts "unconditional refund"). */
export interface VerdictComplaint {
  reviewId: number;
  followUpId: number;
}

/** The reputation model's output for the platform (null: never scored). */
export interface VerdictScore {
  score: number;
  lowerBound: number;
  reviewCount: number;
  effectiveReviews: number;
}

/** 预警: a wave of complaints from established or verified customers (another module decides it). */
export interface EarlyWarning {
  active: boolean;
  complaints: number;
  windowDays: number;
  sinceMs: number;
}

export interface VerdictInput {
  nowMs: number;
  platform: { id: number; status: PlatformStatus; operatorType: OperatorType; foundedOnMs: number | null };
  qualifications: readonly VerdictQualification[];
  facts: readonly VerdictFact[];
  incidents: readonly VerdictIncident[];
  complaints: readonly VerdictComplaint[];
  score: VerdictScore | null;
  earlyWarning?: EarlyWarning | null;
}

// ── results out ──

export const VERDICT_DIMENSIONS = ['status', 'qualification', 'service', 'risk', 'reputation'] as const;
export type VerdictDimension = (typeof VERDICT_DIMENSIONS)[number];
/** 'for' supports the platform, 'against' limits it, 'info' explains. */
export const REASON_EFFECTS = ['for', 'against', 'info'] as const;
export type ReasonEffect = (typeof REASON_EFFECTS)[number];

/** Where a reason's evidence is on the site (the page turns it into a link). */
export type EvidenceRef =
  | { kind: 'qualification'; id: number }
  | { kind: 'qualifications' }
  | { kind: 'fact'; key: string }
  | { kind: 'incident'; caseNo: string }
  | { kind: 'follow_up'; reviewId: number; followUpId: number }
  | { kind: 'reviews' }
  | { kind: 'status' }
  | { kind: 'warning' }
  | { kind: 'profile' };

/** Why a band is what it is; words for each code are in the i18n dictionaries (verdict.reason.*). */
export const VERDICT_REASON_CODES = [
  'EXIT_SCAM', 'EARLY_WARNING', 'SUSPENDED', 'CLOSED',
  'LICENCE_VERIFIED', 'LICENCE_NO_TELECOM_SCOPE', 'LICENCE_PENDING', 'LICENCE_MISSING', 'LICENCE_REJECTED',
  'ICP_LICENCE_VERIFIED', 'ICP_LICENCE_PENDING', 'ICP_LICENCE_MISSING', 'ICP_LICENCE_REJECTED',
  'PAYMENT_PARTNER_VERIFIED',
  'COMPANY', 'OPERATOR_UNKNOWN', 'STUDIO', 'FRANCHISE',
  'MATURE', 'YOUNG', 'AGE_UNKNOWN',
  'REFUND_WINDOW_TRAP', 'CLAIM_CONTRADICTED', 'FACT_WARNING', 'INCIDENT_UNRESOLVED', 'SERVICE_VERIFIED',
  'NO_ESCROW', 'ESCROW_VERIFIED', 'NO_HTTPS', 'DATA_LEAK_OPEN', 'DATA_LEAK_PAST', 'BLACK_KEYS', 'WITHDRAWAL_BLOCKED',
  'REVIEWS_STRONG', 'REVIEWS_MIXED', 'REVIEWS_POOR', 'REVIEWS_BAD', 'REVIEWS_FEW', 'NO_EVIDENCE',
] as const;
export type VerdictReasonCode = (typeof VERDICT_REASON_CODES)[number];

/** A 口碑 reason's numbers: the weighted score, its (widened) lower bound, reviews, effective reviews and the support threshold. */
type ReviewsParams = { score: number; lb: number; n: number; eff: number; min: number };
/** An age reason's numbers: years, the maturity threshold, and the lower bound before and after widening (absent: never scored). */
type AgeParams = { years: number; min: number; from?: number; to?: number };

/**
 * The values a reason's words need, by code ({placeholders} of verdict.reason.* in the
 * dictionaries). `fact` is a fact key and `kind` an incident kind: the words show their labels.
 * A code missing here has no parameters.
 */
export interface VerdictReasonParams {
  EARLY_WARNING: { n: number; days: number };
  MATURE: { years: number; min: number };
  YOUNG: AgeParams;
  AGE_UNKNOWN: AgeParams;
  REFUND_WINDOW_TRAP: { hours: number; trap: number };
  CLAIM_CONTRADICTED: { fact: FactKey };
  FACT_WARNING: { fact: FactKey };
  INCIDENT_UNRESOLVED: { kind: IncidentKind };
  SERVICE_VERIFIED: { n: number };
  REVIEWS_STRONG: ReviewsParams;
  REVIEWS_MIXED: ReviewsParams;
  REVIEWS_POOR: ReviewsParams;
  REVIEWS_BAD: ReviewsParams;
  REVIEWS_FEW: ReviewsParams;
  NO_EVIDENCE: { n: number };
}

/** What a reason says: its code and that code's parameters (a union discriminated by code). */
export type VerdictReasonWords = {
  [C in VerdictReasonCode]: C extends keyof VerdictReasonParams ? { code: C; params: VerdictReasonParams[C] } : { code: C; params?: undefined };
}[VerdictReasonCode];

export type VerdictReason = VerdictReasonWords & {
  dimension: VerdictDimension;
  effect: ReasonEffect;
  /** The best band this reason allows (a gate or cap); absent when it caps nothing. */
  cap?: VerdictBand;
  /** Orders the reasons: the ones that decided the band first. */
  strength: number;
  evidence: EvidenceRef | null;
};

export interface Verdict {
  band: VerdictBand;
  /** Strongest first. */
  reasons: VerdictReason[];
  /** Whether the platform has a place in the ranking. */
  ranked: boolean;
  /** Lower bound of the score after the young-platform widening (null: never scored). */
  lowerBound: number | null;
  /** Qualification strength (verified licences, company): breaks ties inside a band. */
  qualificationStrength: number;
}

export function isVerdictReasonCode(x: unknown): x is VerdictReasonCode {
  return isOneOf(VERDICT_REASON_CODES, x);
}

/** How a stored parameter is checked: a number (optional or not), a fact key, an incident kind. */
type ParamCheck = 'number' | 'number?' | 'fact' | 'incidentKind';
/** Every parameter of every code that has some (the mapped type makes the table list them all). */
const ageChecks: Record<keyof AgeParams, ParamCheck> = { years: 'number', min: 'number', from: 'number?', to: 'number?' };
const reviewsChecks: Record<keyof ReviewsParams, ParamCheck> = { score: 'number', lb: 'number', n: 'number', eff: 'number', min: 'number' };
const PARAM_CHECKS: { [C in keyof VerdictReasonParams]: Record<keyof VerdictReasonParams[C], ParamCheck> } = {
  EARLY_WARNING: { n: 'number', days: 'number' },
  MATURE: { years: 'number', min: 'number' },
  YOUNG: ageChecks,
  AGE_UNKNOWN: ageChecks,
  REFUND_WINDOW_TRAP: { hours: 'number', trap: 'number' },
  CLAIM_CONTRADICTED: { fact: 'fact' },
  FACT_WARNING: { fact: 'fact' },
  INCIDENT_UNRESOLVED: { kind: 'incidentKind' },
  SERVICE_VERIFIED: { n: 'number' },
  REVIEWS_STRONG: reviewsChecks,
  REVIEWS_MIXED: reviewsChecks,
  REVIEWS_POOR: reviewsChecks,
  REVIEWS_BAD: reviewsChecks,
  REVIEWS_FEW: reviewsChecks,
  NO_EVIDENCE: { n: 'number' },
};
const paramChecksByCode: Partial<Record<VerdictReasonCode, Record<string, ParamCheck>>> = PARAM_CHECKS;

function passes(check: ParamCheck, v: unknown): boolean {
  switch (check) {
    case 'number': return typeof v === 'number';
    case 'number?': return v === undefined || typeof v === 'number';
    case 'fact': return typeof v === 'string' && isFactKey(v);
    case 'incidentKind': return isIncidentKind(v);
  }
}

/**
 * A reason's code and parameters read back from JSON (the stored verdict, the history's
 * changelog): a known code with the parameters its words need, each of its type.
 */
export function isVerdictReasonWords(x: unknown): x is VerdictReasonWords {
  if (typeof x !== 'object' || x === null || !('code' in x) || !isVerdictReasonCode(x.code)) return false;
  const params: unknown = 'params' in x ? x.params : undefined;
  const checks = paramChecksByCode[x.code];
  if (!checks) return params === undefined;
  if (typeof params !== 'object' || params === null) return false;
  const values = new Map<string, unknown>(Object.entries(params));
  return Object.entries(checks).every(([name, check]) => passes(check, values.get(name)));
}

/** The fields each kind of evidence link carries, by type (the mapped type makes the table list every kind). */
const EVIDENCE_FIELDS: { [K in EvidenceRef['kind']]: Record<Exclude<keyof Extract<EvidenceRef, { kind: K }>, 'kind'>, 'number' | 'string'> } = {
  qualification: { id: 'number' },
  qualifications: {},
  fact: { key: 'string' },
  incident: { caseNo: 'string' },
  follow_up: { reviewId: 'number', followUpId: 'number' },
  reviews: {},
  status: {},
  warning: {},
  profile: {},
};
const evidenceFieldsByKind = new Map<string, Record<string, 'number' | 'string'>>(Object.entries(EVIDENCE_FIELDS));

function isEvidenceRef(x: unknown): x is EvidenceRef {
  if (typeof x !== 'object' || x === null || !('kind' in x) || typeof x.kind !== 'string') return false;
  const fields = evidenceFieldsByKind.get(x.kind);
  if (!fields) return false;
  const values = new Map<string, unknown>(Object.entries(x));
  return Object.entries(fields).every(([name, type]) => typeof values.get(name) === type);
}

/**
 * A whole reason read back from JSON (the stored verdict): its words (isVerdictReasonWords),
 * a known dimension and effect, a band as cap if any, a numeric strength and an evidence link or null.
 */
export function isVerdictReason(x: unknown): x is VerdictReason {
  if (!isVerdictReasonWords(x)) return false;
  const r = new Map<string, unknown>(Object.entries(x));
  const dimension = r.get('dimension');
  const effect = r.get('effect');
  const cap = r.get('cap');
  const evidence = r.get('evidence');
  return isOneOf(VERDICT_DIMENSIONS, dimension)
    && isOneOf(REASON_EFFECTS, effect)
    && (cap === undefined || isVerdictBand(cap))
    && typeof r.get('strength') === 'number'
    && (evidence === null || isEvidenceRef(evidence));
}

/** Incident states after a moderator accepted the report and before it was resolved. */
const OPEN_ACCEPTED: ReadonlySet<IncidentStatus> = new Set(['accepted', 'platform_replied', 'unresolved']);
const ACCEPTED: ReadonlySet<IncidentStatus> = new Set(['accepted', 'platform_replied', 'unresolved', 'resolved']);

/** Lower bound after widening for age (see YOUNG_WIDENING). */
export function widenedLowerBound(score: number, lowerBound: number, ageYears: number | null): number {
  const years = ageYears === null ? 0 : Math.max(0, ageYears);
  if (years >= MATURE_AGE_YEARS) return lowerBound;
  const halfWidth = Math.max(0, score - lowerBound);
  return score - halfWidth * (1 + (YOUNG_WIDENING * (MATURE_AGE_YEARS - years)) / MATURE_AGE_YEARS);
}

/** The band the reviews alone support, from the (widened) lower bound. */
function reviewBand(lowerBound: number, effectiveReviews: number): VerdictBand {
  const supported = effectiveReviews >= SUPPORT_EFFECTIVE_REVIEWS;
  let band: VerdictBand =
    lowerBound >= RELIABLE_MIN_LOWER_BOUND ? 'reliable'
      : lowerBound >= FAIR_MIN_LOWER_BOUND ? 'fair'
        : lowerBound >= CAUTION_MIN_LOWER_BOUND ? 'caution' : 'high_risk';
  // "真实口碑的积累需要时间": a few reviews decide nothing yet — they neither support 靠谱 nor,
  // alone, pull a platform down (their interval is wide by construction); the gates decide,
  // at most 一般, and the lower bound still orders the platform inside its band.
  if (!supported) band = 'fair';
  return band;
}

const REVIEW_CODE = {
  reliable: 'REVIEWS_STRONG', fair: 'REVIEWS_MIXED', caution: 'REVIEWS_POOR', high_risk: 'REVIEWS_BAD',
} as const satisfies Record<'reliable' | 'fair' | 'caution' | 'high_risk', VerdictReasonCode>;

const round2 = (x: number) => Math.round(x * 100) / 100;

/** A favourable value of a fact (what a careful buyer hopes for). */
function isFavourable(key: string, value: string): boolean {
  const def = factByKey.get(key);
  if (!def) return false;
  if (def.kind === 'hours') {
    const h = Number(value);
    return Number.isFinite(h) && h > refundWindowTrapHours;
  }
  return def.good !== null && value === def.good;
}

/** Strength of a cap: the stricter, the stronger. */
function capStrength(cap: VerdictBand): number {
  return 40 + (5 - bandQuality[cap]) * 10;
}

export function computeVerdict(input: VerdictInput): Verdict {
  const reasons: VerdictReason[] = [];
  const add = (r: VerdictReason) => reasons.push(r);
  const { platform: p } = input;
  const ageYears = p.foundedOnMs === null ? null : (input.nowMs - p.foundedOnMs) / yearMs;

  // ── status ──
  // A confirmed 跑路 leaves the ranking: the article's whole warning ("最终失联跑路").
  if (p.status === 'exit_scam') {
    const incident = input.incidents.find((i) => i.kind === 'exit_scam' && ACCEPTED.has(i.status));
    add({ code: 'EXIT_SCAM', dimension: 'status', effect: 'against', cap: 'exit_scam', strength: 100, evidence: incident ? { kind: 'incident', caseNo: incident.caseNo } : { kind: 'status' } });
  }
  // 预警: the signal a reader with a prepaid balance needs most (docs/DESIGN.md) — the article's
  // cases end in "用户预付款无法追回"; a wave of complaints keeps the platform out of 靠谱/一般.
  const warning = input.earlyWarning?.active ? input.earlyWarning : null;
  if (warning) {
    add({ code: 'EARLY_WARNING', dimension: 'status', effect: 'against', cap: 'caution', strength: 99, params: { n: warning.complaints, days: warning.windowDays }, evidence: { kind: 'warning' } });
  }
  // "一旦上游供应商断供或政策变动，极易出现经营危机": a suspended platform may not deliver what was prepaid.
  if (p.status === 'suspended') add({ code: 'SUSPENDED', dimension: 'status', effect: 'against', cap: 'caution', strength: 95, evidence: { kind: 'status' } });
  if (p.status === 'closed') add({ code: 'CLOSED', dimension: 'status', effect: 'against', cap: 'caution', strength: 95, evidence: { kind: 'status' } });

  // ── 资质 qualifications: gates ──
  // "判断卡盟是否靠谱，第一步永远是核查资质 … 资质审核看似繁琐，却是规避'跑路风险'的第一道防线。"
  const quals = input.qualifications;
  const ofKind = (k: QualificationKind) => quals.filter((q) => q.kind === k);
  let qualificationStrength = 0;

  // "营业执照（需明确包含'增值电信业务''信息技术服务'等相关经营范围）"
  const licences = ofKind('business_licence');
  const verifiedLicences = licences.filter((q) => q.state === 'verified');
  const scoped = verifiedLicences.find((q) => checkBusinessScope(q.scopeText).hasTelecomScope);
  // Tie-break weights: a scoped licence and an ICP 许可证 (4 each) plus a company (2) outweigh
  // any combination lacking one of them, so a licensed company wins every exact tie.
  if (scoped) {
    qualificationStrength += 4;
    add({ code: 'LICENCE_VERIFIED', dimension: 'qualification', effect: 'for', strength: 30, evidence: { kind: 'qualification', id: scoped.id } });
  } else if (verifiedLicences.length > 0) {
    qualificationStrength += 1;
    add({ code: 'LICENCE_NO_TELECOM_SCOPE', dimension: 'qualification', effect: 'against', cap: 'fair', strength: capStrength('fair'), evidence: { kind: 'qualification', id: verifiedLicences[0]!.id } });
  } else if (licences.some((q) => q.state === 'pending')) {
    // An unknown licence is not a pass: it keeps a platform out of 靠谱.
    add({ code: 'LICENCE_PENDING', dimension: 'qualification', effect: 'against', cap: 'fair', strength: capStrength('fair') - 1, evidence: { kind: 'qualification', id: licences.find((q) => q.state === 'pending')!.id } });
  } else if (licences.some((q) => q.state === 'rejected')) {
    // A rejected licence: the evidence offered was false or void ("无正规资质").
    add({ code: 'LICENCE_REJECTED', dimension: 'qualification', effect: 'against', cap: 'caution', strength: capStrength('caution'), evidence: { kind: 'qualification', id: licences.find((q) => q.state === 'rejected')!.id } });
  } else {
    add({ code: 'LICENCE_MISSING', dimension: 'qualification', effect: 'against', cap: 'fair', strength: capStrength('fair') - 1, evidence: { kind: 'qualifications' } });
  }

  // "增值电信业务经营许可证（即ICP许可证，从事在线支付业务的必备资质）": every 卡盟 takes payment
  // online for the keys it sells, so without a verified 许可证 it is at most 谨慎. A pending one
  // is not a pass either ("部分平台会混淆'ICP备案'与'ICP许可证'… 用户需重点区分").
  const icp = ofKind('icp_licence');
  const verifiedIcp = icp.find((q) => q.state === 'verified');
  if (verifiedIcp) {
    qualificationStrength += 4;
    add({ code: 'ICP_LICENCE_VERIFIED', dimension: 'qualification', effect: 'for', strength: 29, evidence: { kind: 'qualification', id: verifiedIcp.id } });
  } else if (icp.some((q) => q.state === 'pending')) {
    add({ code: 'ICP_LICENCE_PENDING', dimension: 'qualification', effect: 'against', cap: 'caution', strength: capStrength('caution') - 1, evidence: { kind: 'qualification', id: icp.find((q) => q.state === 'pending')!.id } });
  } else if (icp.some((q) => q.state === 'rejected')) {
    add({ code: 'ICP_LICENCE_REJECTED', dimension: 'qualification', effect: 'against', cap: 'caution', strength: capStrength('caution') + 1, evidence: { kind: 'qualification', id: icp.find((q) => q.state === 'rejected')!.id } });
  } else {
    add({ code: 'ICP_LICENCE_MISSING', dimension: 'qualification', effect: 'against', cap: 'caution', strength: capStrength('caution'), evidence: { kind: 'qualifications' } });
  }

  // "与第三方支付机构的合作证明（如支付宝、微信支付的商户资质）": support, never a gate.
  const partner = ofKind('payment_partner').find((q) => q.state === 'verified');
  if (partner) {
    qualificationStrength += 1;
    add({ code: 'PAYMENT_PARTNER_VERIFIED', dimension: 'qualification', effect: 'for', strength: 18, evidence: { kind: 'qualification', id: partner.id } });
  }

  // "警惕使用'个人工作室''代理加盟'名义的平台，这类主体缺乏抗风险能力" → at most 谨慎.
  if (p.operatorType === 'company') {
    qualificationStrength += 2;
    add({ code: 'COMPANY', dimension: 'qualification', effect: 'for', strength: 25, evidence: { kind: 'profile' } });
  } else if (p.operatorType === 'studio' || p.operatorType === 'franchise') {
    add({ code: p.operatorType === 'studio' ? 'STUDIO' : 'FRANCHISE', dimension: 'qualification', effect: 'against', cap: 'caution', strength: capStrength('caution') + 2, evidence: { kind: 'profile' } });
  } else {
    // 靠谱 needs a company operator; not knowing who runs it keeps a platform out of 靠谱
    // ("信息不对称让用户难以辨别平台真伪").
    add({ code: 'OPERATOR_UNKNOWN', dimension: 'qualification', effect: 'against', cap: 'fair', strength: capStrength('fair') - 2, evidence: { kind: 'profile' } });
  }

  // ── 服务 service and 风控 risk: facts with provenance, incidents ──
  // The contradiction rule is the platform page's (facts.ts contradictedKeys): an accepted
  // refund-refused complaint or a follow-up reporting a refused refund contradicts
  // "unconditional refund"; an accepted data-leak incident contradicts "no known leak".
  const refundIncidents = input.incidents.filter((i) => i.kind === 'refund_refused' && ACCEPTED.has(i.status));
  const leakIncidents = input.incidents.filter((i) => i.kind === 'data_leak' && ACCEPTED.has(i.status));
  const contradicted = contradictedKeys({ refundRefused: refundIncidents.length + input.complaints.length, dataLeaks: leakIncidents.length });
  const contradictionEvidence = (key: string): EvidenceRef => {
    if (key === 'unconditional_refund') {
      if (refundIncidents[0]) return { kind: 'incident', caseNo: refundIncidents[0].caseNo };
      if (input.complaints[0]) return { kind: 'follow_up', reviewId: input.complaints[0].reviewId, followUpId: input.complaints[0].followUpId };
    }
    if (key === 'known_data_leak' && leakIncidents[0]) return { kind: 'incident', caseNo: leakIncidents[0].caseNo };
    return { kind: 'fact', key };
  };
  const usedIncidents = new Set<string>();
  const order = new Map<string, number>(FACTS.map((f, i) => [f.key, i]));
  const facts = input.facts.filter((f) => factByKey.has(f.key)).slice().sort((a, b) => order.get(a.key)! - order.get(b.key)!);
  let serviceWarnings = 0;
  let serviceVerified = 0;
  let firstVerifiedService: string | null = null;
  // 服务: one warning → at most 一般; two or more → at most 谨慎 (售后 is "决定长期合作的生命线").
  const serviceCap = (): VerdictBand => (++serviceWarnings >= 2 ? 'caution' : 'fair');
  for (const f of facts) {
    const def = factByKey.get(f.key)!;
    const favourable = isFavourable(f.key, f.value);
    const ruleContradicts = favourable && f.provenance !== 'contradicted' && contradicted.has(f.key);
    const provenance: Provenance = ruleContradicts ? 'contradicted' : f.provenance;
    const evidence: EvidenceRef = ruleContradicts ? contradictionEvidence(f.key) : { kind: 'fact', key: f.key };
    if (ruleContradicts && evidence.kind === 'incident') usedIncidents.add(evidence.caseNo);

    if (f.key === 'known_data_leak') {
      // "某知名卡盟曾因未对用户数据进行加密，导致10万条客户信息泄露，引发大量盗刷事件"
      if (f.value === 'yes' && provenance !== 'contradicted') add({ code: 'DATA_LEAK_PAST', dimension: 'risk', effect: 'against', cap: 'fair', strength: capStrength('fair'), evidence });
      else if (provenance === 'contradicted') add({ code: 'CLAIM_CONTRADICTED', dimension: 'risk', effect: 'against', cap: 'fair', strength: capStrength('fair') + 3, params: { fact: def.key }, evidence });
      continue;
    }
    if (provenance === 'contradicted') {
      // A contradicted claim counts against: the platform promised what buyers did not get
      // ("部分平台虽宣称'售后无忧'，但实际退款需提交繁琐证明").
      if (!favourable) continue; // an unfavourable statement shown false is no longer a warning
      const cap = def.dimension === 'service' ? serviceCap() : 'fair';
      add({ code: 'CLAIM_CONTRADICTED', dimension: def.dimension, effect: 'against', cap, strength: capStrength(cap) + 3, params: { fact: def.key }, evidence });
      continue;
    }
    if (favourable) {
      // A verified fact counts fully, a bare claim counts little: only verified ones are reasons for.
      if (provenance === 'verified') {
        if (f.key === 'escrow') add({ code: 'ESCROW_VERIFIED', dimension: 'risk', effect: 'for', strength: 22, evidence });
        else if (def.dimension === 'service') {
          serviceVerified++;
          firstVerifiedService ??= f.key;
        }
      }
      continue;
    }
    // An unfavourable value counts whoever states it: a platform admitting its own trap is believed.
    if (f.key === 'refund_window_hours') {
      // "甚至设置'48小时申请时限'，导致用户错过维权窗口"
      const cap = serviceCap();
      add({ code: 'REFUND_WINDOW_TRAP', dimension: 'service', effect: 'against', cap, strength: capStrength(cap) + 2, params: { hours: Number(f.value), trap: refundWindowTrapHours }, evidence });
    } else if (f.key === 'escrow') {
      // "优先选择支持'担保交易'或'第三方存管'的平台，避免直接向个人账户转账"
      add({ code: 'NO_ESCROW', dimension: 'risk', effect: 'against', cap: 'fair', strength: capStrength('fair') + 2, evidence });
    } else if (f.key === 'https') {
      // "用户支付信息是否采用SSL加密传输？" — payment data in clear text.
      add({ code: 'NO_HTTPS', dimension: 'risk', effect: 'against', cap: 'caution', strength: capStrength('caution'), evidence });
    } else if (def.dimension === 'service') {
      const cap = serviceCap();
      add({ code: 'FACT_WARNING', dimension: 'service', effect: 'against', cap, strength: capStrength(cap), params: { fact: def.key }, evidence });
    } else {
      add({ code: 'FACT_WARNING', dimension: 'risk', effect: 'against', cap: 'fair', strength: capStrength('fair'), params: { fact: def.key }, evidence });
    }
  }
  if (firstVerifiedService !== null) {
    add({ code: 'SERVICE_VERIFIED', dimension: 'service', effect: 'for', strength: 20, params: { n: serviceVerified }, evidence: { kind: 'fact', key: firstVerifiedService } });
  }

  // Incidents accepted by moderators.
  for (const i of input.incidents) {
    if (usedIncidents.has(i.caseNo)) continue;
    const open = OPEN_ACCEPTED.has(i.status);
    if (i.kind === 'black_keys' && ACCEPTED.has(i.status)) {
      // "通过非官方渠道采购黑卡密，用户充值后号码异常被停机 … 最终失联跑路"
      const cap: VerdictBand = open ? 'high_risk' : 'caution';
      add({ code: 'BLACK_KEYS', dimension: 'risk', effect: 'against', cap, strength: capStrength(cap) + 2, evidence: { kind: 'incident', caseNo: i.caseNo } });
    } else if (i.kind === 'withdrawal_blocked' && open) {
      // Prepaid balances that cannot be withdrawn: "用户预付款无法追回".
      add({ code: 'WITHDRAWAL_BLOCKED', dimension: 'risk', effect: 'against', cap: 'high_risk', strength: capStrength('high_risk') + 1, evidence: { kind: 'incident', caseNo: i.caseNo } });
    } else if (i.kind === 'data_leak' && open) {
      add({ code: 'DATA_LEAK_OPEN', dimension: 'risk', effect: 'against', cap: 'caution', strength: capStrength('caution') + 1, evidence: { kind: 'incident', caseNo: i.caseNo } });
    } else if (i.kind === 'data_leak' && i.status === 'resolved') {
      add({ code: 'DATA_LEAK_PAST', dimension: 'risk', effect: 'against', cap: 'fair', strength: capStrength('fair'), evidence: { kind: 'incident', caseNo: i.caseNo } });
    } else if ((i.kind === 'refund_refused' || i.kind === 'invalid_keys') && open) {
      // "售后即服务": a complaint the platform has not put right.
      const cap = serviceCap();
      add({ code: 'INCIDENT_UNRESOLVED', dimension: 'service', effect: 'against', cap, strength: capStrength(cap), params: { kind: i.kind }, evidence: { kind: 'incident', caseNo: i.caseNo } });
    }
  }

  // ── 口碑 reputation, with age ──
  // "真实口碑的积累需要时间，那些成立3年以上、用户评价稳定的卡盟，往往更值得信赖。"
  const s = input.score;
  let lowerBound: number | null = null;
  let repBand: VerdictBand | null = null;
  const effective = s?.effectiveReviews ?? 0;
  if (s && s.reviewCount > 0) {
    lowerBound = widenedLowerBound(s.score, s.lowerBound, ageYears);
    repBand = reviewBand(lowerBound, effective);
  }
  if (ageYears !== null && ageYears >= MATURE_AGE_YEARS) {
    add({ code: 'MATURE', dimension: 'reputation', effect: 'for', strength: 12, params: { years: Math.floor(ageYears), min: MATURE_AGE_YEARS }, evidence: { kind: 'profile' } });
  } else {
    // Younger (or of unknown age): a wider interval, not a fixed penalty. Decisive when the
    // unwidened bound would have allowed a better band.
    const decisive = s !== null && s.reviewCount > 0 && repBand !== null && bandQuality[reviewBand(s.lowerBound, effective)] > bandQuality[repBand];
    add({
      code: ageYears === null ? 'AGE_UNKNOWN' : 'YOUNG', dimension: 'reputation', effect: 'info', strength: decisive ? 58 : 14,
      params: { years: ageYears === null ? 0 : round2(ageYears), min: MATURE_AGE_YEARS, ...(lowerBound !== null && s ? { from: round2(s.lowerBound), to: round2(lowerBound) } : {}) },
      evidence: { kind: 'profile' },
    });
  }

  // ── the band ──
  const capOf = (rs: readonly VerdictReason[]): VerdictBand =>
    rs.reduce<VerdictBand>((b, r) => (r.cap && r.cap !== 'exit_scam' ? worse(b, r.cap) : b), 'reliable');
  const cap = capOf(reasons);

  // "数据不足": nothing a reader could rely on either way — reviews too few to count, no
  // licence decided, no known operator risk, no accepted incident, an active platform.
  // (Facts alone are not enough: anyone can claim one.)
  const decidedQualification = quals.some((q) => q.state !== 'pending');
  const knownOperatorRisk = p.operatorType === 'studio' || p.operatorType === 'franchise';
  const acceptedIncident = input.incidents.some((i) => ACCEPTED.has(i.status));
  const insufficient = effective < EVIDENCE_EFFECTIVE_REVIEWS && !decidedQualification && !knownOperatorRisk && !acceptedIncident
    && p.status === 'active' && !warning;

  let band: VerdictBand;
  if (p.status === 'exit_scam') band = 'exit_scam';
  else if (insufficient) {
    band = 'insufficient';
    add({ code: 'NO_EVIDENCE', dimension: 'reputation', effect: 'info', strength: 98, params: { n: s?.reviewCount ?? 0 }, evidence: { kind: 'reviews' } });
  } else {
    // No usable reviews yet: the gates decide, but at most 一般 ("口碑则是…最终试金石").
    const fromReviews = repBand ?? 'fair';
    band = worse(cap, fromReviews);
  }

  if (s && s.reviewCount > 0 && repBand) {
    const few = effective < SUPPORT_EFFECTIVE_REVIEWS;
    const decides = band === repBand && bandQuality[repBand] < bandQuality[cap];
    const code = few ? 'REVIEWS_FEW' : REVIEW_CODE[repBand as keyof typeof REVIEW_CODE];
    add({
      code, dimension: 'reputation',
      effect: few ? 'info' : repBand === 'reliable' ? 'for' : repBand === 'fair' ? 'info' : 'against',
      strength: decides ? 60 : band === 'reliable' ? 35 : few ? 16 : 17,
      params: { score: round2(s.score), lb: round2(lowerBound!), n: s.reviewCount, eff: round2(effective), min: SUPPORT_EFFECTIVE_REVIEWS },
      evidence: { kind: 'reviews' },
    });
  } else if (band !== 'insufficient' && band !== 'exit_scam') {
    add({ code: 'REVIEWS_FEW', dimension: 'reputation', effect: 'info', strength: 16, params: { score: 0, lb: 0, n: 0, eff: 0, min: SUPPORT_EFFECTIVE_REVIEWS }, evidence: { kind: 'reviews' } });
  }

  // Caps that bind (equal to the band) are what decided it: they go before looser ones.
  for (const r of reasons) if (r.cap && r.cap === band && r.strength < 90) r.strength += 10;
  // The early warning is always the first reason when active.
  reasons.sort((a, b) => (b.code === 'EARLY_WARNING' ? 1 : 0) - (a.code === 'EARLY_WARNING' ? 1 : 0) || b.strength - a.strength
    || VERDICT_REASON_CODES.indexOf(a.code) - VERDICT_REASON_CODES.indexOf(b.code));

  return {
    band,
    reasons,
    ranked: isOneOf(RANKED_BANDS, band) && p.status !== 'closed',
    lowerBound: lowerBound === null ? null : round4(lowerBound),
    qualificationStrength,
  };
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** A verdict plus what the ranking needs to order it. */
export interface Rankable {
  id: number;
  verdict: Verdict;
  reviewCount: number;
}

/**
 * Ranking order: band first (靠谱, 一般, 谨慎, 高风险), then the widened lower bound, then
 * qualification strength (so an unlicensed platform never passes a licensed one with the
 * same reviews), then review count; the id breaks exact ties only. Unranked → null.
 */
export function rankVerdicts(items: readonly Rankable[]): Map<number, number | null> {
  // Compare at 1e-9 stars (float sums in another order differ in the last bits); never scored = lowest.
  const q = (x: number | null) => (x === null ? -1e12 : Math.round(x * 1e9));
  const ranked = items.filter((i) => i.verdict.ranked).slice().sort((a, b) =>
    RANKED_BANDS.indexOf(a.verdict.band) - RANKED_BANDS.indexOf(b.verdict.band)
    || q(b.verdict.lowerBound) - q(a.verdict.lowerBound)
    || b.verdict.qualificationStrength - a.verdict.qualificationStrength
    || b.reviewCount - a.reviewCount
    || a.id - b.id);
  const out = new Map<number, number | null>(items.map((i) => [i.id, null]));
  ranked.forEach((i, n) => out.set(i.id, n + 1));
  return out;
}

/**
 * The reasons that decided the band (for the history's "band changed" line): for 靠谱 the
 * reasons for it; otherwise the caps that bind at the band and a decisive reputation or age
 * reason. At most three; the strongest one when nothing else qualifies.
 */
export function decidingReasons(v: Pick<Verdict, 'band' | 'reasons'>, n = TOP_REASONS): VerdictReason[] {
  const deciding = v.band === 'reliable'
    ? v.reasons.filter((r) => r.effect === 'for')
    : v.reasons.filter((r) => (r.cap !== undefined && r.cap === v.band) || r.code === 'EARLY_WARNING' || r.code === 'NO_EVIDENCE' || (r.dimension === 'reputation' && r.strength >= 55));
  return (deciding.length > 0 ? deciding : v.reasons).slice(0, n);
}

/** A reason's code and parameters only (what the history's changelog keeps of it). */
export function reasonWords(reason: VerdictReason): VerdictReasonWords {
  const { dimension: _dimension, effect: _effect, cap: _cap, strength: _strength, evidence: _evidence, ...words } = reason;
  return words;
}

/** The reasons shown under "为什么": the strongest three. */
export function topReasons(reasons: readonly VerdictReason[], n = TOP_REASONS): VerdictReason[] {
  return reasons.slice(0, n);
}

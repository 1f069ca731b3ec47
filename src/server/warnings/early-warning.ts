// The 跑路 early warning (预警), pure core: records in, warnings out — no database, no clock.
//
// docs/DESIGN.md, "The verdict": "A wave of complaints from established or verified customers
// raises a public 预警 before any moderator confirms a 跑路: that is the signal a reader with
// a prepaid balance needs most." The seed article names the pattern it catches: a platform
// "以'系统故障'为由拖延退款，最终失联跑路" — refunds stall, withdrawals hang, keys stop working,
// and the customers who have bought there for months say so within days of each other.
//
// Per platform:
//  1. complaints = 1–2★ reviews, follow-ups (追评) that lower a review to 1–2★, and complaint
//     cases of the kinds that precede a 跑路 (refund refused, withdrawal blocked, invalid keys,
//     跑路 itself) that a moderator has not rejected;
//  2. only complaints from ESTABLISHED complainants count: an account at least 30 days old
//     when it complained, or with a moderator-verified purchase proof on that platform, or
//     with an earlier review of ANOTHER platform (a history outside this target). Accounts
//     sharing a registration fingerprint count as one complainant; each complainant once;
//  3. the count in the recent window (7 days) is compared with the platform's own baseline
//     (established complainants in the 180 days before the window) by a Bayesian test:
//     gamma prior on the platform's daily rate, updated with its baseline, and the upper
//     tail of the posterior predictive — a negative binomial — at the window's count
//     (Gelman et al., Bayesian Data Analysis, 3rd ed., §2.6: Poisson model with a gamma
//     prior; the predictive distribution of a future count is negative binomial). This is
//     the scheme of public-health outbreak detection: compare this week's count with the
//     same unit's own history and flag an exceedance of an upper percentile of what that
//     history predicts (Farrington, Andrews, Beale & Catchpole 1996, "A statistical
//     algorithm for the early detection of outbreaks of infectious disease", J. R. Stat.
//     Soc. A 159:547–563; the CDC's EARS methods, Hutwagner et al. 2003, J. Urban Health
//     80(2 Suppl 1):i89–i96);
//  4. it warns when the count is at least 5 distinct complainants, at least 3× what the
//     baseline predicts, and the tail probability is under 0.001; once raised, it stays
//     while at least 3 complainants remain in the window with tail probability under 0.01
//     (two thresholds, so the warning does not flicker while a wave's complaints leave the
//     window one by one), and lifts by itself otherwise;
//  5. a platform already confirmed 跑路 (exit_scam) or closed shows that status instead.
import { dayMs } from '../time.ts';
import { isIncidentKind, type IncidentKind, type IncidentStatus } from '../reviews/review.table.ts';
import { isOneOf } from '../one-of.ts';

/** Recent window: a 跑路 collapse shows up within days (the wave: 40 customers in one week). */
export const WINDOW_DAYS = 7;
/** Baseline: the half-year before the window — long enough to hold a quiet platform's few usual complaints. */
export const BASELINE_DAYS = 180;
/** "Established" by age: an account that existed a month before complaining was not made for this wave. */
export const ESTABLISHED_ACCOUNT_AGE_DAYS = 30;
/** A review of another platform counts as history only if posted this long before the complaint,
 *  so a smear account cannot manufacture a history the same week it attacks. */
export const HISTORY_LEAD_DAYS = 14;
/** Never warn on fewer distinct complainants: two or three angry customers are reviews, not a wave. */
export const MIN_COMPLAINANTS = 5;
/** "Far above" the baseline: at least this multiple of the expected count. Statistical
 *  significance alone would flag a 40 % rise on a platform with a large baseline; a collapse
 *  multiplies complaints, it does not nudge them. */
export const MIN_RATIO = 3;
/** Raise when the predictive upper tail is below this (one false alarm per ~1,000 platform-weeks of ordinary complaints). */
export const RAISE_TAIL_PROBABILITY = 0.001;
/** Keep a raised warning while the tail stays below this … */
export const KEEP_TAIL_PROBABILITY = 0.01;
/** … and at least this many complainants remain in the window. */
export const KEEP_MIN_COMPLAINANTS = 3;
/** Gamma prior on a platform's daily rate of established complaints: one pseudo-complaint in
 *  60 pseudo-days (≈ one every two months). Weak on purpose: after half a year of its own
 *  history a platform's baseline is mostly its own (60 of 240 days of exposure are prior). */
export const PRIOR_COMPLAINTS = 1;
export const PRIOR_DAYS = 60;

/** The complaint-case kinds that precede or are a 跑路 (data leaks and black keys are other harms). */
export const WARNING_INCIDENT_KINDS = ['refund_refused', 'withdrawal_blocked', 'invalid_keys', 'exit_scam'] as const;
/** Ratings at or under this are complaints (1–2★). */
export const COMPLAINT_MAX_RATING = 2;

export interface PlatformRecord {
  id: number;
  status: 'active' | 'suspended' | 'exit_scam' | 'closed';
  /** When the platform's history begins here: its listing or its first review, whichever is earlier. */
  historyStartMs: number;
  /** A warning episode is open for it (from the last run): decides which threshold applies. */
  warningOpen: boolean;
}

export interface AccountRecord {
  id: number;
  createdAtMs: number;
  /** Registration fingerprint; '' when unknown (then the account stands alone). */
  fingerprint: string;
  status: 'active' | 'suspended' | 'banned';
  /** First published review per platform (any rating). */
  reviewedPlatforms: Array<{ platformId: number; firstAtMs: number }>;
  /** Platforms on which a moderator verified one of its purchase proofs (review or case report). */
  verifiedPlatformIds: number[];
}

export interface ReviewRecord { id: number; platformId: number; accountId: number; rating: number; atMs: number }
export interface FollowUpRecord {
  id: number; reviewId: number; platformId: number; accountId: number; rating: number;
  /** The rating this follow-up supersedes: the review's, or the previous follow-up's. */
  previousRating: number;
  atMs: number;
}
export interface IncidentRecord {
  id: number; caseNo: string; platformId: number; reporterId: number; kind: IncidentKind;
  status: IncidentStatus;
  atMs: number;
}

export interface DetectorInput {
  nowMs: number;
  platforms: PlatformRecord[];
  accounts: AccountRecord[];
  reviews: ReviewRecord[];
  followUps: FollowUpRecord[];
  incidents: IncidentRecord[];
}

export type EstablishedBy = 'verified' | 'age' | 'history';

/**
 * What a complaint points at: a review or follow-up (the review's id and the rating) or a case
 * (its number and kind). One or the other, so a reader of an incident has its kind without a cast.
 */
export type ComplaintRef =
  | { source: 'review' | 'follow_up'; reviewId: number; caseNo: null; rating: number; incidentKind: null }
  | { source: 'incident'; reviewId: null; caseNo: string; rating: null; incidentKind: IncidentKind };

/** One complaint a reader can open: a review (or the review a follow-up belongs to) or a case. */
export type Evidence = ComplaintRef & { id: number; accountId: number; atMs: number; establishedBy: EstablishedBy };

const establishedBys: readonly EstablishedBy[] = ['verified', 'age', 'history'];
const isId = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/**
 * An evidence entry read back from an episode's stored JSON, checked field by field against
 * the union above (what the banner and the moderation queue rely on when they link to it).
 */
export function isEvidence(x: unknown): x is Evidence {
  if (typeof x !== 'object' || x === null) return false;
  const e = new Map<string, unknown>(Object.entries(x));
  const common = isId(e.get('id')) && isId(e.get('accountId')) && Number.isFinite(e.get('atMs'))
    && isOneOf(establishedBys, e.get('establishedBy'));
  if (!common) return false;
  switch (e.get('source')) {
    case 'incident':
      return e.get('reviewId') === null && typeof e.get('caseNo') === 'string' && e.get('rating') === null && isIncidentKind(e.get('incidentKind'));
    case 'review':
    case 'follow_up':
      return isId(e.get('reviewId')) && e.get('caseNo') === null && typeof e.get('rating') === 'number' && e.get('incidentKind') === null;
    default:
      return false;
  }
}

export interface PlatformWarning {
  platformId: number;
  active: boolean;
  /** Why it is not shown although the numbers would raise it. */
  suppressedBy: 'exit_scam' | 'closed' | null;
  /** Distinct established complainants in the window (fingerprint-collapsed). */
  complainants: number;
  /** Complaints in the window from accounts that are not established (shown, not counted). */
  uncountedComplaints: number;
  expected: number;
  tailProbability: number;
  baselineComplainants: number;
  baselineDays: number;
  windowStartMs: number;
  windowEndMs: number;
  windowDays: number;
  counts: { lowRatings: number; downgrades: number; incidents: number; verified: number };
  /** The window's counted complaints, oldest first. */
  evidence: Evidence[];
  /** When the oldest counted complaint leaves the window: the state can change then without any write. */
  recheckAtMs: number | null;
}

type Complaint = ComplaintRef & { id: number; platformId: number; accountId: number; atMs: number };

/** The evidence entry of a counted complaint (fields in the stored order). */
function evidenceOf(c: Complaint, by: EstablishedBy): Evidence {
  const { id, accountId, atMs } = c;
  return c.source === 'incident'
    ? { source: c.source, id, reviewId: null, caseNo: c.caseNo, rating: null, incidentKind: c.incidentKind, accountId, atMs, establishedBy: by }
    : { source: c.source, id, reviewId: c.reviewId, caseNo: null, rating: c.rating, incidentKind: null, accountId, atMs, establishedBy: by };
}

/** Why an account's complaint on a platform counts, or null (young, single-target, unproven). */
export function establishedBy(account: AccountRecord, platformId: number, atMs: number): EstablishedBy | null {
  if (account.status !== 'active') return null;
  if (account.verifiedPlatformIds.includes(platformId)) return 'verified';
  if (atMs - account.createdAtMs >= ESTABLISHED_ACCOUNT_AGE_DAYS * dayMs) return 'age';
  const lead = HISTORY_LEAD_DAYS * dayMs;
  if (account.reviewedPlatforms.some((r) => r.platformId !== platformId && r.firstAtMs <= atMs - lead)) return 'history';
  return null;
}

/**
 * P(X ≥ k) for X ~ NegBin(r, q) with P(X = j) = Γ(j + r) / (Γ(r) j!) · (1 − q)^r · q^j — the
 * posterior predictive count over `windowDays` for a Poisson rate with a Gamma(r, β) posterior,
 * q = w / (β + w) (Gelman et al., BDA3 §2.6). Summed by the ratio of successive terms.
 */
export function negativeBinomialUpperTail(k: number, shape: number, rateDays: number, windowDays: number): number {
  if (k <= 0) return 1;
  const q = windowDays / (rateDays + windowDays);
  let term = Math.exp(shape * Math.log(1 - q)); // P(X = 0)
  let below = 0;
  for (let j = 0; j < k; j++) {
    below += term;
    term *= ((j + shape) / (j + 1)) * q;
  }
  return Math.min(1, Math.max(0, 1 - below));
}

/** The posterior predictive of the window's count: expected value and the tail at `observed`. */
export function baselineTest(observed: number, baselineComplainants: number, baselineDays: number, windowDays = WINDOW_DAYS): { expected: number; tailProbability: number } {
  const shape = PRIOR_COMPLAINTS + baselineComplainants;
  const rateDays = PRIOR_DAYS + Math.max(0, baselineDays);
  return {
    expected: (shape / rateDays) * windowDays,
    tailProbability: negativeBinomialUpperTail(observed, shape, rateDays, windowDays),
  };
}

/** The raise / keep rule on the window's numbers (see the header, step 4). */
export function warns(n: { complainants: number; expected: number; tailProbability: number }, alreadyOpen: boolean): boolean {
  if (alreadyOpen && n.complainants >= KEEP_MIN_COMPLAINANTS && n.tailProbability < KEEP_TAIL_PROBABILITY) return true;
  return n.complainants >= MIN_COMPLAINANTS && n.complainants >= MIN_RATIO * n.expected && n.tailProbability < RAISE_TAIL_PROBABILITY;
}

function complaintsOf(input: DetectorInput): Complaint[] {
  const out: Complaint[] = [];
  for (const r of input.reviews) {
    if (r.rating > COMPLAINT_MAX_RATING) continue;
    out.push({ source: 'review', id: r.id, platformId: r.platformId, accountId: r.accountId, atMs: r.atMs, reviewId: r.id, caseNo: null, rating: r.rating, incidentKind: null });
  }
  for (const f of input.followUps) {
    // a 追评 that turns a review into a complaint (or a complaint into a worse one)
    if (f.rating > COMPLAINT_MAX_RATING || f.rating >= f.previousRating) continue;
    out.push({ source: 'follow_up', id: f.id, platformId: f.platformId, accountId: f.accountId, atMs: f.atMs, reviewId: f.reviewId, caseNo: null, rating: f.rating, incidentKind: null });
  }
  for (const i of input.incidents) {
    if (!isOneOf(WARNING_INCIDENT_KINDS, i.kind) || i.status === 'rejected') continue;
    out.push({ source: 'incident', id: i.id, platformId: i.platformId, accountId: i.reporterId, atMs: i.atMs, reviewId: null, caseNo: i.caseNo, rating: null, incidentKind: i.kind });
  }
  return out;
}

/** The complainant a complaint is counted under: accounts registered from one device count once. */
function complainantKey(a: AccountRecord): string {
  return a.fingerprint ? `fp:${a.fingerprint}` : `id:${a.id}`;
}

/** One warning per platform that has complaints in the baseline or window, or an open episode. */
export function detectEarlyWarnings(input: DetectorInput): PlatformWarning[] {
  const windowEndMs = input.nowMs;
  const windowStartMs = windowEndMs - WINDOW_DAYS * dayMs;
  const baselineStartMs = windowStartMs - BASELINE_DAYS * dayMs;
  const accounts = new Map(input.accounts.map((a) => [a.id, a]));
  const byPlatform = new Map<number, Complaint[]>();
  for (const c of complaintsOf(input)) {
    // future records (a clock skew, a replay as of a past moment) are not seen yet
    if (c.atMs < baselineStartMs || c.atMs > windowEndMs) continue;
    let list = byPlatform.get(c.platformId);
    if (!list) byPlatform.set(c.platformId, (list = []));
    list.push(c);
  }

  const out: PlatformWarning[] = [];
  for (const p of input.platforms) {
    const complaints = (byPlatform.get(p.id) ?? []).sort((a, b) => a.atMs - b.atMs || a.id - b.id);
    if (complaints.length === 0 && !p.warningOpen) continue;
    const windowKeys = new Set<string>();
    const baselineKeys = new Set<string>();
    const evidence: Evidence[] = [];
    const counts = { lowRatings: 0, downgrades: 0, incidents: 0, verified: 0 };
    const verifiedKeys = new Set<string>();
    let uncounted = 0;
    for (const c of complaints) {
      const account = accounts.get(c.accountId);
      const inWindow = c.atMs > windowStartMs;
      const by = account ? establishedBy(account, p.id, c.atMs) : null;
      if (!account || !by) {
        if (inWindow) uncounted++;
        continue;
      }
      const key = complainantKey(account);
      if (!inWindow) {
        baselineKeys.add(key);
        continue;
      }
      windowKeys.add(key);
      if (by === 'verified') verifiedKeys.add(key);
      evidence.push(evidenceOf(c, by));
      if (c.source === 'review') counts.lowRatings++;
      else if (c.source === 'follow_up') counts.downgrades++;
      else counts.incidents++;
    }
    counts.verified = verifiedKeys.size;
    // Exposure: the baseline cannot start before the platform's history here does.
    const baselineDays = Math.max(0, Math.min(BASELINE_DAYS, (windowStartMs - Math.max(baselineStartMs, p.historyStartMs)) / dayMs));
    const complainants = windowKeys.size;
    const { expected, tailProbability } = baselineTest(complainants, baselineKeys.size, baselineDays);
    const suppressedBy = p.status === 'exit_scam' ? 'exit_scam' : p.status === 'closed' ? 'closed' : null;
    const active = suppressedBy === null && warns({ complainants, expected, tailProbability }, p.warningOpen);
    out.push({
      platformId: p.id, active, suppressedBy, complainants, uncountedComplaints: uncounted, expected, tailProbability,
      baselineComplainants: baselineKeys.size, baselineDays, windowStartMs, windowEndMs, windowDays: WINDOW_DAYS, counts, evidence,
      recheckAtMs: evidence.length > 0 ? evidence[0]!.atMs + WINDOW_DAYS * dayMs : null,
    });
  }
  return out;
}

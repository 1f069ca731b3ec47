// Burst detection: many suspect reviews of one platform inside a short window, far
// above the platform's usual rate.
import { MS_PER_DAY, type ModelConfig } from './config.ts';
import { PROOF_VERIFIED, type ReviewTable } from './prepare.ts';

/**
 * Smallest k with P(X ≥ k) < alpha for X ~ Poisson(mu).
 * Poisson scan statistic (Kulldorff, "A spatial scan statistic", 1997; the
 * "burst = rate far above the usual" idea of Kleinberg, "Bursty and Hierarchical
 * Structure in Streams", KDD 2002, reduced to one state change). For mu > 200 the
 * normal approximation with continuity correction is used (Poisson → N(mu, mu)).
 */
export function poissonTailThreshold(mu: number, alpha: number): number {
  if (!(mu > 0)) return 1;
  if (mu > 200) {
    const z = normalQuantileUpper(alpha);
    return Math.ceil(mu + z * Math.sqrt(mu) + 0.5);
  }
  let pmf = Math.exp(-mu);
  let cdf = pmf;
  let k = 0;
  // P(X ≥ k + 1) = 1 − CDF(k)
  while (1 - cdf >= alpha) {
    k++;
    pmf *= mu / k;
    cdf += pmf;
    if (k > 10_000) break;
  }
  return k + 1;
}

/**
 * Whether k events are significant next to a Poisson(mu) expectation at level alpha
 * (k ≥ poissonTailThreshold(mu, alpha)), with a shortcut: below mu + 2√mu the upper tail is
 * above 2 % for every mu (normal approximation; heavier for small mu), so a count there is
 * never significant at the levels used here (≤ 1e-3) and the exact tail is not summed.
 */
export function poissonSignificant(k: number, mu: number, alpha: number): boolean {
  if (k < mu + 2 * Math.sqrt(mu)) return false;
  return k >= poissonTailThreshold(mu, alpha);
}

/** Upper-tail standard normal quantile (Acklam's rational approximation, 2003; |error| < 1.2e-9 rel). */
export function normalQuantileUpper(alpha: number): number {
  return -normalQuantile(alpha);
}

function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628274631];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - pLow) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

export interface BurstSegment {
  platform: number;
  /** Review indices (suspect reviews inside the burst), in time order. */
  reviews: number[];
  fromMs: number;
  toMs: number;
}

/** Number of burst-resemblance profiles (see burstProfiles): 2³ combinations of three yes/no traits. */
export const PROFILE_COUNT = 8;

/**
 * Burst-resemblance profile of each review: a 3-bit code of the traits of a cheap
 * identity, which coordinated pushes share and established buyers mostly do not —
 *   bit 0  young: the account was younger than `youngDays` when it posted;
 *   bit 1  single-platform: the account never rated another platform;
 *   bit 2  woken: the account had been silent for `dormantDays` before this review (its
 *          previous review that long ago, or none while the account is older than that) —
 *          the sleeper of a bought or farmed account, whereas a customer's reviews come
 *          months apart.
 * (Account age and single-product focus are the group-spam features of Mukherjee, Liu
 * & Glance, "Spotting Fake Reviewer Groups in Consumer Reviews", WWW 2012, and of Lim et
 * al., CIKM 2010.) Shared fingerprints and near-duplicate texts are deliberately not
 * profile traits: they have their own factors, and splitting a campaign by them breaks
 * it into small profiles whose stragglers (a pusher with a unique device and its own
 * words) would escape the discount — the evaluation showed exactly that.
 * Also returns the usual share of each profile: its share among all suspect reviews of
 * the site (Laplace-smoothed, +1 per profile), i.e. the profile mix of ordinary
 * traffic, which a burst is compared with.
 */
export function burstProfiles(
  table: ReviewTable,
  suspect: Uint8Array,
  youngDays: number,
  previousMs: Float64Array,
  dormantDays: number,
  traits: Uint8Array,
): BurstProfiles {
  const n = table.nReviews;
  const profile = new Uint8Array(n);
  const counts = new Float64Array(PROFILE_COUNT).fill(1);
  let total = PROFILE_COUNT;
  const youngMs = youngDays * MS_PER_DAY;
  const dormantMs = dormantDays * MS_PER_DAY;
  for (let i = 0; i < n; i++) {
    const a = table.account[i]!;
    const lastActiveMs = Number.isNaN(previousMs[i]!) ? table.accountCreatedMs[a]! : previousMs[i]!;
    const woken = table.createdMs[i]! - lastActiveMs >= dormantMs;
    const c = (table.createdMs[i]! - table.accountCreatedMs[a]! < youngMs ? 1 : 0) | (table.accountSinglePlatform[a] ? 2 : 0) | (woken ? 4 : 0);
    profile[i] = c;
    if (suspect[i]) {
      counts[c]!++;
      total++;
    }
  }
  // Usual share of each independence trait within each profile (Laplace-smoothed).
  const traitUsualShare = new Float64Array(PROFILE_COUNT * TRAIT_COUNT);
  {
    const ofProfile = new Float64Array(PROFILE_COUNT);
    for (let i = 0; i < n; i++) {
      if (!suspect[i]) continue;
      const c = profile[i]!;
      ofProfile[c]!++;
      for (let t = 0; t < TRAIT_COUNT; t++) if ((traits[i]! >> t) & 1) traitUsualShare[c * TRAIT_COUNT + t]!++;
    }
    for (let c = 0; c < PROFILE_COUNT; c++) for (let t = 0; t < TRAIT_COUNT; t++) traitUsualShare[c * TRAIT_COUNT + t] = (traitUsualShare[c * TRAIT_COUNT + t]! + 1) / (ofProfile[c]! + 2);
  }
  for (let c = 0; c < PROFILE_COUNT; c++) counts[c] = counts[c]! / total;
  return { profile, usualShare: counts, traits, traitUsualShare };
}

/**
 * Independence traits (bits) of a review's reviewer — what the issue lists as independent
 * credibility and a campaign pays for in time or devices: bit 0 the account was at least
 * `independentAgeDays` old, bit 1 it had reviewed `independentHistoryPlatforms` other platforms
 * before, bit 2 its device (registration fingerprint) is its own.
 */
export const TRAIT_COUNT = 3;

export interface BurstProfiles {
  profile: Uint8Array;
  usualShare: Float64Array;
  /** Per review: independence-trait bits (TRAIT_COUNT of them). */
  traits: Uint8Array;
  /** [profile × TRAIT_COUNT]: usual share of reviews with each trait within the profile. */
  traitUsualShare: Float64Array;
}

/**
 * Posterior probability that a review of a burst window is one of the usual reviews rather
 * than the campaign's surplus, given its independence traits — the profile's
 * expected/observed (`usualPrior`) refined by each trait's likelihood ratio under the same
 * two-component mixture: the window's share of a trait value is a mix of the usual share
 * and the campaign's, so the campaign's is (window − π·usual)/(1 − π) (floored at half a
 * review's share), and with the traits taken as independent within each component (naive
 * Bayes) the posterior odds are π/(1 − π) × Π usual/campaign. A campaign whose accounts
 * share a trait value with the usual traffic gains nothing (the ratio is ~1); a lone
 * established customer whose years of age and own device the campaign's accounts lack keeps
 * the voice those traits earn. (Mixture posteriors: McLachlan & Peel, "Finite Mixture
 * Models", Wiley 2000, ch. 1; naive Bayes: Domingos & Pazzani, Machine Learning 29, 1997.)
 */
export function usualPosterior(usualPrior: number, traitBits: number, traitUsual: ArrayLike<number>, traitCampaign: ArrayLike<number>, campaignCount: number): number {
  const pi = usualPrior;
  if (!(pi < 1)) return 1;
  if (!(pi > 0)) return 0;
  let odds = pi / (1 - pi);
  // A trait value no campaign review showed still has half a review's share: absence in a
  // handful of reviews is not proof of impossibility (the add-½ rule, Jeffreys' prior).
  const floor = 0.5 / Math.max(1, campaignCount);
  for (let t = 0; t < TRAIT_COUNT; t++) {
    const has = (traitBits >> t) & 1;
    const u = has ? traitUsual[t]! : 1 - traitUsual[t]!;
    const c = has ? traitCampaign[t]! : 1 - traitCampaign[t]!;
    odds *= u / Math.max(floor, c);
  }
  return odds / (1 + odds);
}

/** The campaign's share of each trait in a window whose reviews are a mix (usual share π): (window − π·usual)/(1 − π), within [0, 1]. */
export function campaignTraitShare(pi: number, traitUsual: ArrayLike<number>, traitWindow: ArrayLike<number>, out: Float64Array): Float64Array {
  for (let t = 0; t < TRAIT_COUNT; t++) out[t] = pi < 1 ? Math.min(1, Math.max(0, (traitWindow[t]! - pi * traitUsual[t]!) / (1 - pi))) : traitWindow[t]!;
  return out;
}

export interface BurstResult {
  /** 1 when the review is a suspect review inside an anomalous window, in a profile that makes up the burst. */
  inBurst: Uint8Array;
  /** Per review: expected / observed suspect reviews of its most anomalous window (1 outside bursts). */
  factor: Float64Array;
  segments: BurstSegment[];
}

/**
 * Scan each platform's suspect reviews (`suspect[i] = 1`: young account, or no
 * verified proof) with windows of `burstWindowsDays`. The usual rate is all of the
 * platform's reviews over its observed span (first review or founding → now, at
 * least burstMinSpanDays), so a busy platform is not flagged for being busy; the
 * count in the window is only of suspect reviews, so a wave of verified, established
 * customers (a genuine complaint wave) is never a burst.
 *
 * Inside an anomalous window the excess is attributed by resemblance profile
 * (burstProfiles): a profile whose own count is anomalous next to its usual share of
 * the expected count (same Poisson test) gets expected/observed for that profile; the
 * reviews of the other profiles are discounted only when, without the flagged
 * profiles, the window is still a burst. This is a two-component mixture (usual
 * traffic with a known profile mix + a campaign) whose posterior "usual" share per
 * profile is expected/observed — the stratified form of the expected/observed factor.
 * Within a flagged profile, a star value given by a single review of the window is not
 * a pattern (burstProfileMinReviews): that review pays burstFactorMax, not the push's
 * expected/observed — an honest 4★ during a 5★ push by accounts of its profile keeps
 * some voice, while a push's own recurring minority star is attributed in full.
 *
 * `usualWeight` (per review, in [0, 1]; the one-off surges' factor, index.ts) is the chance
 * that a review is usual traffic: the other directions' baselines count each review by it.
 *
 * A window is not all-or-nothing at burstPValue: its attribution is weighed by the chance that it
 * is a campaign at all (campaignPosterior of its Poisson tail), from two decades above the level
 * (SOFT_TAIL_DECADES, a small share) to far below it (all of it). A review that moves a window's
 * expectation a little moves the weights a little. The first pass's rate trimming, the moderators'
 * burst findings and the burst membership other signals read (inBurst) stay with the windows past
 * the level (campaign ≥ ½).
 */
export function detectBursts(
  table: ReviewTable,
  suspect: Uint8Array,
  foundedAtMs: Float64Array,
  profiles: BurstProfiles,
  config: ModelConfig,
  usualWeight?: Float64Array,
): BurstResult {
  const { profile, usualShare, traits, traitUsualShare } = profiles;
  const profileTraitCount = new Float64Array(PROFILE_COUNT * TRAIT_COUNT);
  const traitWindow = new Float64Array(TRAIT_COUNT);
  const flagged = new Uint8Array(PROFILE_COUNT);
  const campaignTraits = new Float64Array(TRAIT_COUNT);
  const profileCount = new Int32Array(PROFILE_COUNT);
  const profileFactor = new Float64Array(PROFILE_COUNT);
  const profileStarCount = new Int32Array(PROFILE_COUNT * STARS);
  // Usual share of verified orders among each profile's suspect reviews, site-wide
  // (Laplace-smoothed, Laplace's rule of succession), for the proof test below; and among all
  // suspect reviews, for the segment's (segmentVerified).
  const verifiedShare = new Float64Array(PROFILE_COUNT);
  let verifiedShareAll = 0;
  {
    const all = new Float64Array(PROFILE_COUNT);
    for (let i = 0; i < table.nReviews; i++) {
      if (!suspect[i]) continue;
      all[profile[i]!]!++;
      if (table.proof[i] === PROOF_VERIFIED) verifiedShare[profile[i]!]!++;
    }
    let allSuspect = 0;
    let allVerified = 0;
    for (let c = 0; c < PROFILE_COUNT; c++) {
      allSuspect += all[c]!;
      allVerified += verifiedShare[c]!;
    }
    verifiedShareAll = (allVerified + 1) / (allSuspect + 2);
    for (let c = 0; c < PROFILE_COUNT; c++) verifiedShare[c] = (verifiedShare[c]! + 1) / (all[c]! + 2);
  }
  const profileVerified = new Int32Array(PROFILE_COUNT);
  const verifiedAttributed = new Uint8Array(PROFILE_COUNT);
  const verifiedUsual = new Float64Array(PROFILE_COUNT);
  const { byPlatform, platformStart, createdMs, nowMs } = table;
  const inBurst = new Uint8Array(table.nReviews);
  // reviews attributed in a window past the level (campaignPosterior ≥ ½): the burst proper
  const pastLevel = new Uint8Array(table.nReviews);
  const segmentTraits = new Float64Array(TRAIT_COUNT);
  const softAlpha = config.burstPValue * SOFT_TAIL_DECADES;
  const rateExcluded = new Uint8Array(table.nReviews);
  const factor = new Float64Array(table.nReviews).fill(1);
  const segments: BurstSegment[] = [];
  const times = new Float64Array(maxSegmentLength(platformStart));
  const idx = new Int32Array(times.length);
  const dirTimes = [new Float64Array(16), new Float64Array(16), new Float64Array(16)];

  const { rating } = table;
  for (let p = 0; p < table.nPlatforms; p++) {
    const s = platformStart[p]!;
    const e = platformStart[p + 1]!;
    if (e - s < config.burstMinReviews) continue;
    const firstMs = Number.isFinite(foundedAtMs[p]!) ? Math.min(foundedAtMs[p]!, createdMs[byPlatform[s]!]!) : createdMs[byPlatform[s]!]!;
    const spanDays = Math.max(config.burstMinSpanDays, (nowMs - firstMs) / MS_PER_DAY);
    // Two passes: a push inflates its direction's usual rate, which hides an earlier spike of
    // that direction and so unmasks the other directions of the same spike (their expectation
    // includes the spike's excess, below). The usual rate is what the platform gets outside
    // bursts, so the second pass estimates it without the reviews the first pass found in one
    // (the iterative trimming of robust rate estimation: Huber, "Robust Statistics", 1981, ch. 1);
    // the first pass only looks for anomalous windows, and only a platform that has one is
    // attributed, in the second.
    // Times of all the platform's reviews per direction (suspect or not), ascending: the same in both passes.
    const dirAll = [0, 0, 0];
    for (let q = s; q < e; q++) dirAll[direction(rating[byPlatform[q]!]!)]!++;
    const dirFill = [0, 0, 0];
    for (let d = 0; d < 3; d++) if (dirTimes[d]!.length < dirAll[d]!) dirTimes[d] = new Float64Array(dirAll[d]! * 2);
    for (let q = s; q < e; q++) {
      const d = direction(rating[byPlatform[q]!]!);
      dirTimes[d]![dirFill[d]!++] = createdMs[byPlatform[q]!]!;
    }
    const spans: number[] = [];
    let anySoft = false;
    for (let pass = 0; pass < 2; pass++) {
      // Usual rates count the platform's reviews outside the bursts of the first pass. A
      // direction's own count takes all of them: a drip in that direction is the surges' to
      // attribute, and counting it out here would make the burst explain the same surplus again
      // (and take the honest reviews of its windows with it). The other directions' counts, which
      // set its share of the traffic, take each review by the chance that it is usual traffic
      // (usualWeight): a drip of praise must not shrink the complaints' share of the platform.
      const dirCount = [0, 0, 0];
      const dirUsual = [0, 0, 0];
      for (let q = s; q < e; q++) {
        const i = byPlatform[q]!;
        if (pass === 1 && rateExcluded[i]) continue;
        const d = direction(rating[i]!);
        dirCount[d]!++;
        dirUsual[d]! += usualWeight ? usualWeight[i]! : 1;
      }

      // A coordinated push has a direction: praise (≥ 4★), neutral (3★) or blame (≤ 2★).
      // Each direction is scanned on its own, against the platform's usual rate of reviews
      // in that direction (Laplace-smoothed share), so honest reviews of the other
      // directions that happen to fall inside a push are left alone.
      for (let dir = 0; dir < 3; dir++) {
        let m = 0;
        for (let q = s; q < e; q++) {
          const i = byPlatform[q]!;
          if (suspect[i] && direction(rating[i]!) === dir) {
            times[m] = createdMs[i]!;
            idx[m] = i;
            m++;
          }
        }
        if (m < config.burstMinReviews) continue;
        let nAll = dirCount[dir]!;
        for (let d = 0; d < 3; d++) if (d !== dir) nAll += dirUsual[d]!;
        const share = (dirCount[dir]! + 1) / (nAll + 3);
        const ratePerDay = (nAll * share) / spanDays;

        const ranges: [number, number][] = [];
        for (const windowDays of config.burstWindowsDays) {
          const windowMs = windowDays * MS_PER_DAY;
          const kMin = Math.max(config.burstMinReviews, poissonTailThreshold(ratePerDay * windowDays, softAlpha));
          if (kMin > m) continue;
          const local: [number, number][] = [];
          let j = 0;
          for (let i = 0; i < m; i++) {
            if (j < i) j = i;
            const end = times[i]! + windowMs;
            while (j < m && times[j]! <= end) j++;
            if (j - i >= kMin) {
              // Share of the window that the usual rate explains (the rest is excess):
              // expected / observed, with the usual rate estimated without this window.
              const k = j - i;
              // …of which these still count in the usual rate (all of them in the first pass)
              let kRated = k;
              if (pass === 1) for (let q = i; q < j; q++) if (rateExcluded[idx[q]!]) kRated--;
              const dirShare = (Math.max(dirCount[dir]! - kRated, 0) + 1) / (nAll - kRated + 3);
              const fromRate = dirShare * (Math.max(nAll - kRated, 1) / spanDays) * windowDays;
              // A push has a direction; a spike of traffic (a promotion, an outage, news) brings
              // every direction at once. The other directions' excess over their usual count in
              // the window says how much busier the window was, and that excess × this direction's
              // usual odds is added to its expectation — the conditioning on the purely temporal
              // margin of Kulldorff's space–time permutation scan statistic (Kulldorff, Heffernan,
              // Hartman, Assunção & Mostashari, PLoS Medicine 2(3), 2005), so that only a
              // direction-specific excess is a burst.
              let otherDirs = 0;
              for (let d = 0; d < 3; d++) if (d !== dir) otherDirs += countIn(dirTimes[d]!, dirAll[d]!, times[i]!, end);
              const otherUsual = (1 - dirShare) * (Math.max(nAll - kRated, 1) / spanDays) * windowDays;
              const expected = fromRate + (Math.max(0, otherDirs - otherUsual) * dirShare) / Math.max(1 - dirShare, 1e-9);
              const tail = poissonUpperTail(k, expected);
              if (tail >= softAlpha) continue;
              // How sure the window is a campaign (campaignPosterior): a window just past the
              // threshold is attributed in part, not all-or-nothing.
              const campaign = campaignPosterior(tail, config.burstPValue);
              anySoft = true;
              if (pass === 0 && tail >= config.burstPValue) continue;
              if (pass === 0) {
                // The first pass only finds the anomalous spans; attribution is the second's.
                const n = spans.length;
                if (n > 0 && times[i]! <= spans[n - 1]! && times[i]! >= spans[n - 2]!) spans[n - 1] = Math.max(spans[n - 1]!, times[j - 1]!);
                else spans.push(times[i]!, times[j - 1]!);
                continue;
              }
              // The excess is attributed to the profiles that make it up. A profile is part
              // of the burst when its own count in the window is anomalous next to its usual
              // share of the expected count (the same Poisson scan test at burstPValue);
              // its reviews get expected/observed for that profile.
              // The other reviews (an established buyer who happens to post during a push)
              // are discounted only if, without the flagged profiles, the window is still a
              // burst by the same scan test — so pushers who look like ordinary traffic
              // still carry the whole cost.
              profileCount.fill(0);
              for (let q = i; q < j; q++) profileCount[profile[idx[q]!]!]!++;
              let restK = k;
              let restShare = 1;
              flagged.fill(0);
              for (let c = 0; c < PROFILE_COUNT; c++) {
                const kc = profileCount[c]!;
                const pc = usualShare[c]!;
                profileFactor[c] = 1;
                if (kc < config.burstProfileMinReviews || kc < poissonTailThreshold(expected * pc, config.burstPValue)) continue;
                profileFactor[c] = Math.min(config.burstFactorMax, Math.max(config.burstFactorMin, (expected * pc) / kc));
                flagged[c] = 1;
                restK -= kc;
                restShare -= pc;
              }
              const restExpected = expected * Math.max(restShare, 0);
              if (restK >= Math.max(config.burstMinReviews, poissonTailThreshold(restExpected, config.burstPValue))) {
                const f = Math.min(config.burstFactorMax, Math.max(config.burstFactorMin, restExpected / restK));
                for (let c = 0; c < PROFILE_COUNT; c++) if (profileFactor[c] === 1) profileFactor[c] = f;
              } else {
                // The window is a burst; a profile too small to be significant on its own still
                // has its share of the excess: a pusher that looks like ordinary traffic (an aged
                // account with one review elsewhere) is one of the expected reviews of its profile
                // with probability expected/observed — the same mixture posterior, unflagged and
                // uncapped (no burstFactorMax), so a lone honest buyer (observed ≤ expected) keeps
                // its weight.
                for (let c = 0; c < PROFILE_COUNT; c++) {
                  const kc = profileCount[c]!;
                  if (profileFactor[c] !== 1 || kc < config.burstProfileMinReviews) continue;
                  const ratio = (expected * usualShare[c]!) / kc;
                  if (ratio < 1) profileFactor[c] = Math.max(config.burstFactorMin, ratio);
                }
              }
              // One review is not a pattern, within a profile either: a star value that only
              // one review of the profile gives in the window (an honest 4★ posted during a
              // 5★ push by accounts like it) is not attributed to the push in full — it
              // pays burstFactorMax, the cost of any review in a burst, rather than the
              // push's expected/observed. A campaign's own minority star (the 4★ of a
              // mostly-5★ push) recurs, and is attributed in full.
              profileStarCount.fill(0);
              for (let q = i; q < j; q++) profileStarCount[profile[idx[q]!]! * STARS + starOf(rating[idx[q]!]!)]!++;
              // Proof costs an order; leaving it off costs nothing (a signal is evidence in so
              // far as it is costly to fake: Spence, "Job Market Signaling", QJE 87(3), 1973; the
              // same test as the one-off surge's, surge.ts). A push without orders (a
              // fresh ring, a sleeper push) cannot produce verified reviews, so a profile's
              // verified reviews in the window are attributed to the push only when their own
              // count is anomalous next to the profile's usual verified share of its expected
              // count (the same Poisson test at burstPValue) — 刷单 buys its orders and is; an
              // honest new buyer with a checked order who posts during a ring's push is the
              // platform's usual traffic, not the push's excess, and keeps its weight.
              // Short of that test, a flagged profile with burstProfileMinReviews verified reviews in the
              // window shows a push that buys some of its orders (camouflage: groomed accounts,
              // a few bought orders): its verified reviews are a stratum of their own, each one of
              // the expected ones with probability (their expected count)/(their count) — the same
              // mixture posterior as the profile's. One verified review is not a pattern (as one
              // star value is not, below), and a profile that is not itself anomalous is not the push.
              profileVerified.fill(0);
              for (let q = i; q < j; q++) if (table.proof[idx[q]!] === PROOF_VERIFIED) profileVerified[profile[idx[q]!]!]!++;
              for (let c = 0; c < PROFILE_COUNT; c++) {
                const kv = profileVerified[c]!;
                const ev = expected * usualShare[c]! * verifiedShare[c]!;
                verifiedAttributed[c] = kv > ev && kv >= poissonTailThreshold(ev, config.burstPValue) ? 1 : 0;
                verifiedUsual[c] = flagged[c] && kv >= config.burstProfileMinReviews ? Math.min(1, ev / kv) : 1;
              }
              profileTraitCount.fill(0);
              campaignTraits.fill(0);
              let flaggedK = 0;
              for (let q = i; q < j; q++) {
                const c = profile[idx[q]!]!;
                for (let t = 0; t < TRAIT_COUNT; t++) if ((traits[idx[q]!]! >> t) & 1) profileTraitCount[c * TRAIT_COUNT + t]!++;
                if (flagged[c]) {
                  flaggedK++;
                  for (let t = 0; t < TRAIT_COUNT; t++) if ((traits[idx[q]!]! >> t) & 1) campaignTraits[t]!++;
                }
              }
              for (let t = 0; t < TRAIT_COUNT; t++) campaignTraits[t] = flaggedK > 0 ? campaignTraits[t]! / flaggedK : 0;
              for (let q = i; q < j; q++) {
                const c = profile[idx[q]!]!;
                let f = profileFactor[c]!;
                if (f < 1 && table.proof[idx[q]!] === PROOF_VERIFIED && !verifiedAttributed[c]) {
                  f = Math.max(f, verifiedUsual[c]!);
                  if (f >= 1) continue;
                } else if (f < 1 && profileStarCount[c * STARS + starOf(rating[idx[q]!]!)]! < config.burstProfileMinReviews) f = config.burstFactorMax;
                if (f < 1) {
                  // The profile's expected/observed, refined by the reviewer's independence traits
                  // against the campaign the window's flagged profiles show (all of them: a profile
                  // of two established customers is not a campaign of its own); with no profile
                  // flagged, against the reviewer's profile in the window, as a mixture.
                  const kc = profileCount[c]!;
                  const usual = traitUsualShare.subarray(c * TRAIT_COUNT, (c + 1) * TRAIT_COUNT);
                  let post: number;
                  if (flaggedK > 0) {
                    post = usualPosterior(f, traits[idx[q]!]!, usual, campaignTraits, flaggedK);
                  } else {
                    for (let t = 0; t < TRAIT_COUNT; t++) traitWindow[t] = profileTraitCount[c * TRAIT_COUNT + t]! / kc;
                    post = usualPosterior(f, traits[idx[q]!]!, usual, campaignTraitShare(f, usual, traitWindow, traitWindow), kc);
                  }
                  // a posterior is a probability, so this never exceeds 1
                  f = Math.max(f, post);
                }
                f = 1 - campaign * (1 - f);
                if (f < factor[idx[q]!]!) factor[idx[q]!] = f;
                if (campaign >= 0.5 && f < 1) pastLevel[idx[q]!] = 1;
              }
              const last = local[local.length - 1];
              if (last && i <= last[1]) last[1] = Math.max(last[1], j);
              else local.push([i, j]);
            }
          }
          for (const r of local) ranges.push(r);
        }
        if (ranges.length === 0) continue;
        ranges.sort((x, y) => x[0] - y[0]);
        // A push runs over a segment of windows, and the orders it bought fall in different
        // windows and profiles (market seeds 8105, 42004: four verified reviews of a camouflage
        // push, each alone in its window's profile, each kept weight 1). One per window is "not a
        // pattern"; several in the push's segment are. When the segment holds
        // burstProfileMinReviews verified reviews or more and burstMinReviews discounted ones (a
        // push, not a busy week), each verified review is one of the segment's expected verified
        // reviews with probability expected/observed — the windows' mixture posterior, on the
        // push's whole extent (expected: the direction's usual rate × the segment's days × the
        // site's verified share of suspect reviews) — refined by the reviewer's independence traits
        // against those of the segment's discounted reviews (usualPosterior), so that a customer
        // the push's accounts do not resemble keeps its voice. Praise only: bought orders are what
        // a boost buys, and the stakes are not symmetric (index.ts) — verified complaints in a
        // wave are the customers whose voice readers most need.
        const segmentVerified = (r: [number, number]) => {
          if (dir !== PRAISE) return;
          let kv = 0;
          let discounted = 0;
          for (let q = r[0]; q < r[1]; q++) {
            if (table.proof[idx[q]!] === PROOF_VERIFIED) kv++;
            if (pastLevel[idx[q]!]) discounted++;
          }
          if (kv < config.burstProfileMinReviews || discounted < config.burstMinReviews) return;
          const days = (times[r[1] - 1]! - times[r[0]]!) / MS_PER_DAY + 1;
          const ev = ratePerDay * days * verifiedShareAll;
          const f = Math.max(config.burstFactorMin, Math.min(1, ev / kv));
          if (f >= 1) return;
          // the push's traits: those of the segment's discounted reviews
          segmentTraits.fill(0);
          for (let q = r[0]; q < r[1]; q++) {
            const i = idx[q]!;
            if (!pastLevel[i]) continue;
            for (let t = 0; t < TRAIT_COUNT; t++) if ((traits[i]! >> t) & 1) segmentTraits[t]!++;
          }
          for (let t = 0; t < TRAIT_COUNT; t++) segmentTraits[t] = segmentTraits[t]! / discounted;
          for (let q = r[0]; q < r[1]; q++) {
            const i = idx[q]!;
            if (table.proof[i] !== PROOF_VERIFIED) continue;
            const c = profile[i]!;
            const post = Math.max(f, usualPosterior(f, traits[i]!, traitUsualShare.subarray(c * TRAIT_COUNT, (c + 1) * TRAIT_COUNT), segmentTraits, discounted));
            if (post < factor[i]!) {
              factor[i] = post;
              pastLevel[i] = 1;
            }
          }
        };
        let cur: [number, number] | undefined;
        const flush = (r: [number, number]) => {
          segmentVerified(r);
          const reviews: number[] = [];
          for (let q = r[0]; q < r[1]; q++) {
            if (!pastLevel[idx[q]!]) continue;
            inBurst[idx[q]!] = 1;
            reviews.push(idx[q]!);
          }
          if (reviews.length > 0) segments.push({ platform: p, reviews, fromMs: createdMs[reviews[0]!]!, toMs: createdMs[reviews[reviews.length - 1]!]! });
        };
        for (const r of ranges) {
          if (cur && r[0] <= cur[1]) cur[1] = Math.max(cur[1], r[1]);
          else {
            if (cur) flush(cur);
            cur = [r[0], r[1]];
          }
        }
        if (cur) flush(cur);
      }
      if (pass === 1 || !anySoft) break;
      // Every review inside a first-pass anomalous window, whatever its direction: a spike of
      // traffic is left out of the usual rate as a whole, so each direction is judged the same
      // way whichever of them the first pass happened to find.
      for (let q = s; q < e; q++) {
        const i = byPlatform[q]!;
        for (let g = 0; g < spans.length; g += 2) {
          if (createdMs[i]! >= spans[g]! && createdMs[i]! <= spans[g + 1]!) {
            rateExcluded[i] = 1;
            break;
          }
        }
      }
    }
  }
  return { inBurst, factor, segments };
}

/** Tests are weighed up to this multiple of their level (two decades): campaignPosterior is below 1 % beyond it. */
export const SOFT_TAIL_DECADES = 100;

/**
 * The chance that an excess is a campaign rather than chance, from its tail probability p and
 * the test's level alpha: 1 / (1 + p/alpha) — ½ at the level, → 1 far below it, → 0 above. It is
 * the posterior of a point null whose Bayes factor against the alternative is proportional to p
 * (Sellke, Bayarri & Berger, "Calibration of p values for testing precise null hypotheses", The
 * American Statistician 55(1), 2001, show the Bayes factor of a p-value falls with p), scaled so
 * that the level is even odds. The attribution is a continuous function of the evidence, so a
 * review that moves an expectation a little (a sleeper's praise next to a borderline spike of
 * complaints) moves the others' weights a little, not from 0.06 to 0.4.
 */
export function campaignPosterior(tail: number, alpha: number): number {
  return 1 / (1 + tail / alpha);
}

/** P(X ≥ k) for X ~ Poisson(mu) (exact sum of the pmf; normal approximation above mu = 200). */
export function poissonUpperTail(k: number, mu: number): number {
  if (k <= 0) return 1;
  if (!(mu > 0)) return 0;
  if (mu > 200) {
    const z = (k - 0.5 - mu) / Math.sqrt(mu);
    return 0.5 * erfc(z / Math.SQRT2);
  }
  // Summed upward from k, starting in log space (e^−mu·mu^k/k! under- or overflows for large k or
  // mu); each next term is mu/(x + 1) times the last, and the sum stops when the terms stop counting.
  let logPmf = -mu + k * Math.log(mu) - logFactorial(k);
  let sum = 0;
  for (let x = k; x < k + 1000; x++) {
    const term = Math.exp(logPmf);
    sum += term;
    if (term < sum * 1e-15) break;
    logPmf += Math.log(mu) - Math.log(x + 1);
  }
  return Math.min(1, sum);
}

function logFactorial(k: number): number {
  let s = 0;
  for (let x = 2; x <= k; x++) s += Math.log(x);
  return s;
}

/** Complementary error function (Numerical Recipes' erfcc, fractional error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** Number of the first n values of sorted xs within [from, to]. */
function countIn(xs: Float64Array, n: number, from: number, to: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  const a = lo;
  hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= to) lo = mid + 1;
    else hi = mid;
  }
  return lo - a;
}

/** Star values 1..5. */
const STARS = 5;
function starOf(stars: number): number {
  return Math.min(STARS - 1, Math.max(0, Math.round(stars) - 1));
}

/** The praise direction (≥ 4★) of direction(). */
const PRAISE = 2;

/** 0 = blame (≤ 2★), 1 = neutral (3★), 2 = praise (≥ 4★). */
function direction(stars: number): number {
  return stars <= 2 ? 0 : stars >= 4 ? 2 : 1;
}

function maxSegmentLength(platformStart: Int32Array): number {
  let max = 0;
  for (let p = 0; p + 1 < platformStart.length; p++) max = Math.max(max, platformStart[p + 1]! - platformStart[p]!);
  return max;
}

/**
 * Accounts with at least one review inside a burst (a profile that made up the excess).
 * A collusion group's members are suspect beyond the group's target (Mukherjee, Liu &
 * Glance, WWW 2012: group spam features are propagated to members), so the model
 * discounts their other reviews by burstAccountFactor — the plausible ratings that
 * camouflaged accounts post elsewhere to look like real buyers.
 */
export function burstAccounts(table: ReviewTable, inBurst: Uint8Array): Uint8Array {
  const out = new Uint8Array(table.nAccounts);
  for (let i = 0; i < table.nReviews; i++) if (inBurst[i]) out[table.account[i]!] = 1;
  return out;
}

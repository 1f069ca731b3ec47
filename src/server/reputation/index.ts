// Public entry point of the pure reputation model. See docs/DESIGN.md, "The reputation
// model (anti-fake-review)". No I/O, no clock: the caller passes nowMs.
import { MS_PER_DAY, resolveConfig } from './config.ts';
import { prepare, PROOF_REJECTED, PROOF_VERIFIED, PROOF_PENDING, PROOF_NONE } from './prepare.ts';
import {
  accountAgeFactor,
  fingerprintGroups,
  moderationFactor,
  proofFactor,
  recencyFactor,
  singleTargetFactor,
} from './signals.ts';
import { burstAccounts, burstProfiles, detectBursts } from './bursts.ts';
import { findDuplicates } from './duplicates.ts';
import { earlierOtherPlatforms, independentCredibility } from './independence.ts';
import { detectOneOffSurges } from './surge.ts';
import { accountEvidenceKinds, directionOf, findRings, ringDirection } from './rings.ts';
import { rev2 } from './rev2.ts';
import { boundedScore, rankPlatforms, type RankEntry } from './scores.ts';
import { createReasonInterner, MENTION_BELOW } from './explain.ts';
import {
  DIMENSIONS,
  type AccountOutput,
  type Dimension,
  type Finding,
  type ModelInput,
  type ModelOutput,
  type PlatformOutput,
  type Reason,
  type ReviewOutput,
  type ScoreWithBound,
  type TrustBand,
} from './types.ts';

export type * from './types.ts';
export { DIMENSIONS } from './types.ts';
export { REASON_CODES, reasonText, isReasonCode, type ReasonCode, type ReasonLocale } from './reasons.ts';
export { DEFAULT_CONFIG, type ModelConfig } from './config.ts';
export { ModelInputError } from './prepare.ts';

/**
 * Computes review weights (with reasons), account trust, platform scores and ranks,
 * and moderator findings (rings, bursts) from plain records.
 *
 * review weight = account trust (age at the review, fingerprint, moderation history,
 *   single-target, ring, burst membership elsewhere) × proof × burst or one-off surge ×
 *   near-duplicate × REV2 agreement, in [0, 1];
 * platform score = Bayesian average of effective ratings weighted by weight × recency.
 *
 * `weight` is credibility only: how much we believe the review is a real buyer's own
 * experience, the product of the factors listed in its `reasons` (so the site can
 * explain it in words, and moderators can compare weights across years). Recency is
 * not credibility — an old review is not less true — so it is kept out of `weight`,
 * returned beside it as `recency`, and applied only when a platform's score is
 * aggregated (weight × recency), as docs/DESIGN.md's "× recency (half-life decay)" asks.
 *
 * Burst and surge discounts are attributions of an excess, not verdicts on a review:
 * a window (or a platform's one-off reviews) that is far above its usual rate has its
 * excess attributed to the kinds of reviews that make it up — the resemblance profile
 * (young, single-platform) of a burst, the star value × proof stratum of a surge — each
 * weighing expected/observed for its kind. Established buyers who happen to post in a
 * push keep their weight unless their own kind is also far above its usual count.
 */
export function computeReputation(input: ModelInput): ModelOutput {
  const config = resolveConfig(input.config);
  const { accounts, platforms, reviews, nowMs } = input;
  const table = prepare(input, config);
  const n = table.nReviews;
  const nA = table.nAccounts;
  const nP = table.nPlatforms;
  const { account, platform, proof, ageAtReviewDays, rating } = table;

  // ── account-level signals ──
  const fp = fingerprintGroups(accounts, config);
  const modFactor = new Float64Array(nA);
  const singleFactor = new Float64Array(nA);
  for (let a = 0; a < nA; a++) {
    modFactor[a] = moderationFactor(accounts[a]!, config);
    singleFactor[a] = singleTargetFactor(table.accountSinglePlatform[a] === 1, table.accountExtreme[a] === 1, config);
  }

  // ── review-level signals ──
  const { earlierOthers, previousMs } = earlierOtherPlatforms(table);
  const ageFactor = new Float64Array(n);
  const proofF = new Float64Array(n);
  const suspect = new Uint8Array(n);
  const shielded = new Uint8Array(n);
  const recency = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ageFactor[i] = accountAgeFactor(ageAtReviewDays[i]!, config);
    proofF[i] = proofFactor(proof[i]!, config);
    const established = table.accountCreatedMs[account[i]!]! <= table.createdMs[i]! - config.establishedAgeDays * MS_PER_DAY;
    const verified = proof[i] === PROOF_VERIFIED;
    // A checked order by an established account is a real experience — except praise from an
    // account with no history elsewhere: verified small orders are what 刷单 buys, and what it
    // cannot fake cheaply is history (issue 14; independence.ts).
    const costly = verified && established && (rating[i]! < 4 || earlierOthers[i]! > 0);
    // The burst scan still looks at verified praise from accounts with a history: groomed
    // accounts (camouflage) have one and can buy an order; whether such reviews are part of a
    // window's excess is the proof test's to say (bursts.ts), and a reviewer the push's accounts
    // do not resemble keeps its voice through the independence traits (bursts.ts, usualPosterior).
    suspect[i] = verified && established && rating[i]! < 4 ? 0 : 1;
    shielded[i] = costly ? 1 : 0;
    recency[i] = recencyFactor((nowMs - table.activityMs[i]!) / MS_PER_DAY, table.followedUp[i] === 1, config);
  }
  const credibility = independentCredibility(table, earlierOthers, fp.shareCount, config);

  const foundedAtMs = new Float64Array(nP);
  for (let p = 0; p < nP; p++) foundedAtMs[p] = platforms[p]!.foundedAtMs ?? NaN;
  const texts: (string | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) texts[i] = reviews[i]!.text;
  const dups = findDuplicates(texts, account, platform, table.createdMs, config, shielded, table.byPlatform, table.platformStart, table.byPlatformMs);

  // Independence traits (bursts.ts, usualPosterior): age, history elsewhere, own device.
  const traits = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = account[i]!;
    traits[i] =
      (ageAtReviewDays[i]! >= config.independentAgeDays ? 1 : 0) |
      (earlierOthers[i]! >= config.independentHistoryPlatforms ? 2 : 0) |
      (fp.shareCount[a]! <= 1 ? 4 : 0);
  }
  // One-off reviews: by an account that has rated nothing else — the shape of a drip's
  // accounts (issue 14: no other history, unproven, one target). Two kinds, each tested and
  // attributed against its own site-wide share, so that neither is the other's baseline:
  // young when posting (whatever the proof: 刷单 buys verified orders), and established but
  // unproven (a drip of aged accounts). An established buyer with a checked order who reviews
  // once is not a one-off.
  const oneOffYoung = new Uint8Array(n);
  const oneOffAged = new Uint8Array(n);
  const youngMs = config.establishedAgeDays * MS_PER_DAY;
  for (let i = 0; i < n; i++) {
    const a = account[i]!;
    if (!table.accountSinglePlatform[a]) continue;
    if (table.createdMs[i]! - table.accountCreatedMs[a]! < youngMs) oneOffYoung[i] = 1;
    else if (proof[i] !== PROOF_VERIFIED) oneOffAged[i] = 1;
  }
  const proofStratum = new Uint8Array(n);
  for (let i = 0; i < n; i++) proofStratum[i] = proof[i] === PROOF_VERIFIED ? 0 : 1;
  const surgesYoung = detectOneOffSurges(table, oneOffYoung, proofStratum, config);
  const surgesAged = detectOneOffSurges(table, oneOffAged, proofStratum, config);
  const surges = { factor: new Float64Array(n) };
  for (let i = 0; i < n; i++) surges.factor[i] = Math.min(surgesYoung.factor[i]!, surgesAged.factor[i]!);
  const profiles = burstProfiles(table, suspect, config.burstYoungDays, previousMs, config.burstDormantDays, traits);
  // The bursts' usual rates count each review by the chance that it is usual traffic, which the
  // surges have just estimated: a drip is no burst, yet it raises its direction's share of the
  // platform's reviews, and an honest spike of the other direction then looks like a push
  // against a baseline the drip made (the E-step of one EM round over both detectors: Dempster,
  // Laird & Rubin, JRSS B 39(1), 1977; the surges do not depend on the bursts).
  const bursts = detectBursts(table, suspect, foundedAtMs, profiles, config, surges.factor);

  // Burst and surge factors both estimate the chance that a review is one of the
  // expected ones rather than the surplus; a review in both takes the stronger
  // estimate, not their product (which would count the same surplus twice).
  const burstF = new Float64Array(n);
  const surgeF = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // A burst discount is waived in proportion to the reviewer's independent credibility c
    // (independence.ts), as a power prior tempers evidence by a power a₀ ∈ [0, 1] (Ibrahim &
    // Chen, "Power prior distributions for regression models", Statistical Science 15(1),
    // 2000): factor^(1 − c). An established customer with a checked order and a history
    // elsewhere keeps nearly all its voice; the young, single-target, unproven accounts of the
    // same burst (c = 0) keep the whole discount.
    // Praise is waived only by the traits that set a reviewer apart from the push (bursts.ts,
    // usualPosterior), not by credibility: groomed accounts with a history and a bought order
    // have all of it (刷单 orders are paid back: Xu et al., WWW 2015), and the stakes are not
    // symmetric — a hidden complaint wave costs readers their balance, a muted praise wave costs
    // a good platform a few days of rank.
    const b = bursts.factor[i]! < 1 ? (rating[i]! >= 4 ? bursts.factor[i]! : bursts.factor[i]! ** (1 - credibility[i]!)) : 1;
    const s = surges.factor[i]!;
    burstF[i] = b <= s ? b : 1;
    surgeF[i] = b <= s ? 1 : s;
  }

  // Burst membership as evidence against an account (rings, its other reviews): only for
  // reviewers more likely cheap than independent (c < ½) — an established customer caught
  // up in a complaint wave is not a pusher.
  const pushed = new Uint8Array(n);
  for (let i = 0; i < n; i++) pushed[i] = bursts.inBurst[i]! && credibility[i]! < 0.5 ? 1 : 0;
  const rings = findRings(table, accounts, fp.shareCount, dups.cluster, dups.otherAccounts, pushed, bursts.segments, config);
  // A ring's discount falls on members with ringMinOwnEvidence kinds of evidence of
  // their own (shared fingerprint, near-duplicate text, burst): a household device plus
  // one chance match of stock phrases makes an honest buyer part of the component — and
  // of the moderators' finding — but not a shill.
  const ownEvidence = accountEvidenceKinds(table, fp.shareCount, dups.otherAccounts, pushed);
  // A ring pushes one way (group rating deviation, Mukherjee et al. 2012): a member whose
  // reviews of the ring's targets all go against the ring's majority direction is not
  // one of its shills.
  const ringFactor = new Float64Array(nA).fill(1);
  const sidesWith = new Int8Array(nA); // 0 = no review of the targets, 1 = with the push, -1 = only against it
  for (const ring of rings) {
    if (ring.evidenceKinds < 2) continue;
    const push = ringDirection(ring.reviews, rating);
    for (const a of ring.accounts) sidesWith[a] = 0;
    for (const i of ring.reviews) {
      const a = account[i]!;
      const d = directionOf(rating[i]!);
      if (d === push) sidesWith[a] = 1;
      else if (sidesWith[a] === 0) sidesWith[a] = -1;
    }
    for (const a of ring.accounts) if (ownEvidence[a]! >= config.ringMinOwnEvidence && sidesWith[a] !== -1) ringFactor[a] = config.ringFactor;
  }

  // Accounts that took part in a burst: their other reviews (e.g. the plausible ratings
  // a camouflaged account posted elsewhere to look real) are suspect too.
  const pusher = burstAccounts(table, pushed);
  const pusherFactor = new Float64Array(n).fill(1);
  for (let i = 0; i < n; i++) if (pusher[account[i]!] && !bursts.inBurst[i]) pusherFactor[i] = config.burstAccountFactor;

  // ── prior credibility (everything but REV2) ──
  const priorWeight = new Float64Array(n);
  const dupFactor = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = account[i]!;
    // Copying counts only beyond what the text's frequency on the site predicts
    // (duplicates.ts) and only together with a link (issue 14): a young account, one that
    // rated nothing else, or a shared device. One excess copy can be a buyer quoting
    // another; a text shared by three or more is a template.
    const linked = ageAtReviewDays[i]! < config.establishedAgeDays || table.accountSinglePlatform[a] === 1 || fp.shareCount[a]! >= 2;
    dupFactor[i] = linked ? 1 / (1 + config.duplicatePenaltyPerAccount * Math.max(0, dups.copiedFrom[i]! - 1)) : 1;
    priorWeight[i] =
      ageFactor[i]! *
      proofF[i]! *
      burstF[i]! *
      surgeF[i]! *
      dupFactor[i]! *
      fp.factor[a]! *
      modFactor[a]! *
      singleFactor[a]! *
      ringFactor[a]! *
      pusherFactor[i]!;
  }

  // ── REV2 agreement with the weighted consensus ──
  const r2 = rev2(table, priorWeight, recency, shielded, config);

  // ── weights and reasons ──
  const weight = new Float64Array(n);
  const reason = createReasonInterner();
  const reviewOut: ReviewOutput[] = new Array(n);
  // Reasons are gathered in one reused array and copied out at their exact length: a fresh
  // array per review grows a 17-slot backing store, ~60 MB of old space at 1M reviews.
  const found: Reason[] = [];
  for (let i = 0; i < n; i++) {
    const a = account[i]!;
    const w = Math.min(1, Math.max(0, priorWeight[i]! * r2.factor[i]!));
    weight[i] = w;
    let k = 0;
    if (ageFactor[i]! < MENTION_BELOW) found[k++] = reason('NEW_ACCOUNT', ageFactor[i]!);
    const pc = proof[i]!;
    if (pc === PROOF_PENDING) found[k++] = reason('PENDING_PROOF', proofF[i]!);
    else if (pc === PROOF_NONE) found[k++] = reason('NO_PROOF', proofF[i]!);
    else if (pc === PROOF_REJECTED) found[k++] = reason('REJECTED_PROOF', proofF[i]!);
    if (burstF[i]! < 1) found[k++] = reason('BURST', burstF[i]!);
    if (surgeF[i]! < 1) found[k++] = reason('ONE_OFF_SURGE', surgeF[i]!);
    if (singleFactor[a]! < 1) found[k++] = reason('SINGLE_TARGET', singleFactor[a]!);
    if (fp.factor[a]! < 1) found[k++] = reason('SHARED_FINGERPRINT', fp.factor[a]!);
    if (dupFactor[i]! < 1) found[k++] = reason('DUPLICATE_TEXT', dupFactor[i]!);
    if (r2.factor[i]! < MENTION_BELOW) found[k++] = reason('DISAGREES_WITH_CONSENSUS', r2.factor[i]!);
    if (modFactor[a]! < 1) found[k++] = reason('MODERATION_HISTORY', modFactor[a]!);
    if (ringFactor[a]! < 1) found[k++] = reason('RING', ringFactor[a]!);
    if (pusherFactor[i]! < 1) found[k++] = reason('BURST_ACCOUNT', pusherFactor[i]!);
    if (table.followedUp[i]) found[k++] = reason('FOLLOW_UP', 1);
    reviewOut[i] = { id: reviews[i]!.id, weight: w, reasons: found.slice(0, k), recency: recency[i]!, effectiveRating: rating[i]! };
  }

  // ── platform scores (overall and per dimension) ──
  const sumW = new Float64Array(nP);
  const sumWR = new Float64Array(nP);
  const sumWRR = new Float64Array(nP);
  const sumWW = new Float64Array(nP);
  const dimW = new Float64Array(nP * 4);
  const dimWR = new Float64Array(nP * 4);
  const dimWRR = new Float64Array(nP * 4);
  const dimWW = new Float64Array(nP * 4);
  const dimCount = new Int32Array(nP * 4);
  const reviewCount = new Int32Array(nP);
  for (let i = 0; i < n; i++) {
    const p = platform[i]!;
    const w = weight[i]! * recency[i]!;
    const r = rating[i]!;
    reviewCount[p]!++;
    sumW[p]! += w;
    sumWR[p]! += w * r;
    sumWRR[p]! += w * r * r;
    sumWW[p]! += w * w;
    const dims = reviews[i]!.dimensions;
    if (dims) {
      for (let d = 0; d < 4; d++) {
        const v = dims[DIMENSIONS[d]!];
        if (typeof v !== 'number') continue;
        const k = p * 4 + d;
        dimCount[k]!++;
        dimW[k]! += w;
        dimWR[k]! += w * v;
        dimWRR[k]! += w * v * v;
        dimWW[k]! += w * w;
      }
    }
  }
  const entries: RankEntry[] = new Array(nP);
  const overall: ScoreWithBound[] = new Array(nP);
  for (let p = 0; p < nP; p++) {
    overall[p] = boundedScore(sumW[p]!, sumWR[p]!, sumWRR[p]!, sumWW[p]!, config);
    entries[p] = {
      index: p,
      id: platforms[p]!.id,
      lowerBound: overall[p]!.lowerBound,
      score: overall[p]!.score,
      reviewCount: reviewCount[p]!,
      excluded: platforms[p]!.exitScam === true,
    };
  }
  const ranks = rankPlatforms(entries);
  const platformOut: PlatformOutput[] = new Array(nP);
  for (let p = 0; p < nP; p++) {
    const dimensions = {} as Record<Dimension, ScoreWithBound | null>;
    for (let d = 0; d < 4; d++) {
      const k = p * 4 + d;
      dimensions[DIMENSIONS[d]!] = dimCount[k]! > 0 ? boundedScore(dimW[k]!, dimWR[k]!, dimWRR[k]!, dimWW[k]!, config) : null;
    }
    platformOut[p] = {
      id: platforms[p]!.id,
      score: overall[p]!.score,
      lowerBound: overall[p]!.lowerBound,
      rank: ranks[p]!,
      exitScam: platforms[p]!.exitScam === true,
      reviewCount: reviewCount[p]!,
      effectiveReviews: sumW[p]!,
      dimensions,
    };
  }

  // ── account trust ──
  // trust = age now × fingerprint × moderation × single-target × ring × burst member × fairness factor
  // × proof track record (share of verified reviews lifts it; none lowers it).
  const proofSum = new Float64Array(nA);
  for (let i = 0; i < n; i++) proofSum[account[i]!]! += proofF[i]!;
  const accountOut: AccountOutput[] = new Array(nA);
  const span = config.rev2ReliabilityOk - config.rev2ReliabilityFloor;
  for (let a = 0; a < nA; a++) {
    const ageNow = accountAgeFactor((nowMs - table.accountCreatedMs[a]!) / MS_PER_DAY, config);
    const count = table.accountReviewCount[a]!;
    // Laplace-smoothed mean proof factor: one pseudo-review at the "pending" level.
    const proofTrack = (config.proofPendingFactor + proofSum[a]!) / (1 + count);
    const fairness = count > 0 ? r2.fairness[a]! : config.rev2PriorAgreement;
    const t = Math.min(1, Math.max(0, (fairness - config.rev2ReliabilityFloor) / span));
    const trust = Math.min(
      1,
      Math.max(0, ageNow * fp.factor[a]! * modFactor[a]! * singleFactor[a]! * ringFactor[a]! * (pusher[a] ? config.burstAccountFactor : 1) * t * t * Math.sqrt(proofTrack)),
    );
    const band: TrustBand = trust < config.bandLowBelow ? 'low' : trust >= config.bandHighFrom ? 'high' : 'medium';
    accountOut[a] = { id: accounts[a]!.id, trust, band };
  }

  // ── findings for moderators ──
  const findings: Finding[] = [];
  for (const ring of rings) {
    findings.push({
      kind: 'ring',
      accountIds: ring.accounts.map((a) => accounts[a]!.id),
      reviewIds: ring.reviews.map((i) => reviews[i]!.id),
      platformIds: ring.platforms.map((p) => platforms[p]!.id),
      evidence: {
        ...(ring.sharedFingerprintAccounts > 0 ? { sharedFingerprint: ring.sharedFingerprintAccounts } : {}),
        nearDuplicateTexts: ring.nearDuplicateReviews,
        burst: ring.burst,
        score: ring.score,
      },
    });
  }
  for (const seg of bursts.segments) {
    findings.push({
      kind: 'burst',
      platformId: platforms[seg.platform]!.id,
      fromMs: seg.fromMs,
      toMs: seg.toMs,
      reviewIds: seg.reviews.map((i) => reviews[i]!.id),
    });
  }

  return { platforms: platformOut, reviews: reviewOut, accounts: accountOut, findings };
}

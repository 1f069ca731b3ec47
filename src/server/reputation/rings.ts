// Rings: groups of accounts linked by shared fingerprints, near-duplicate texts and
// common bursts. Surfaced for moderators; the model only down-weights, never removes.
import type { AccountInput } from './types.ts';
import type { ModelConfig } from './config.ts';
import type { ReviewTable } from './prepare.ts';
import type { BurstSegment } from './bursts.ts';

export interface RingGroup {
  accounts: number[];
  reviews: number[];
  platforms: number[];
  sharedFingerprintAccounts: number;
  nearDuplicateReviews: number;
  burst: boolean;
  /** Number of independent kinds of evidence (fingerprint, text, burst). */
  evidenceKinds: number;
  score: number;
}

/**
 * Connected components of the "suspicious link" graph (union-find; Tarjan 1975),
 * the collusion-group idea of Mukherjee, Liu & Glance, "Spotting Fake Reviewer
 * Groups in Consumer Reviews", WWW 2012 (group features: common target, time
 * window, content similarity). A component is a ring when it has at least
 * ringMinAccounts accounts and a fingerprint or text link (a burst alone is
 * already reported as a burst).
 * score = 1 − Π (1 − sₖ) over the evidence shares sₖ (noisy-OR, Pearl 1988).
 */
export function findRings(
  table: ReviewTable,
  accounts: readonly AccountInput[],
  fingerprintShare: Int32Array,
  dupCluster: Int32Array,
  dupOtherAccounts: Int32Array,
  inBurst: Uint8Array,
  segments: readonly BurstSegment[],
  config: ModelConfig,
): RingGroup[] {
  const nA = table.nAccounts;
  const parent = new Int32Array(nA);
  for (let i = 0; i < nA; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[rb] = ra;
  };
  const linked = new Uint8Array(nA);
  const fpFirst = new Map<string, number>();
  for (let a = 0; a < nA; a++) {
    if (fingerprintShare[a]! < 2) continue;
    const fp = accounts[a]!.fingerprint!;
    const first = fpFirst.get(fp);
    if (first === undefined) fpFirst.set(fp, a);
    else {
      union(first, a);
      linked[first] = 1;
      linked[a] = 1;
    }
  }
  const clusterFirstAccount = new Map<number, number>();
  for (let i = 0; i < table.nReviews; i++) {
    if (dupOtherAccounts[i]! < 1) continue;
    const a = table.account[i]!;
    const c = dupCluster[i]!;
    const first = clusterFirstAccount.get(c);
    if (first === undefined) clusterFirstAccount.set(c, a);
    else union(first, a);
    linked[a] = 1;
  }
  // Bursts join accounts only if they already have another link, so a burst of
  // unrelated newcomers is not called a ring.
  for (const seg of segments) {
    let anchor = -1;
    for (const i of seg.reviews) {
      const a = table.account[i]!;
      if (!linked[a]) continue;
      if (anchor === -1) anchor = a;
      else union(anchor, a);
    }
  }

  const groups = new Map<number, number[]>();
  for (let a = 0; a < nA; a++) {
    if (!linked[a]) continue;
    const r = find(a);
    let g = groups.get(r);
    if (!g) groups.set(r, (g = []));
    g.push(a);
  }
  const rings: RingGroup[] = [];
  if (groups.size === 0) return rings;
  const memberOf = new Int32Array(nA).fill(-1);
  const candidates: number[][] = [];
  for (const g of groups.values()) {
    if (g.length < config.ringMinAccounts) continue;
    for (const a of g) memberOf[a] = candidates.length;
    candidates.push(g);
  }
  const reviewsOf: number[][] = candidates.map(() => []);
  for (let i = 0; i < table.nReviews; i++) {
    const c = memberOf[table.account[i]!]!;
    if (c >= 0) reviewsOf[c]!.push(i);
  }
  for (let c = 0; c < candidates.length; c++) {
    const accs = candidates[c]!;
    const revs = reviewsOf[c]!;
    // Target platforms: reviewed by at least two ring accounts.
    const perPlatform = new Map<number, Set<number>>();
    for (const i of revs) {
      const p = table.platform[i]!;
      let s = perPlatform.get(p);
      if (!s) perPlatform.set(p, (s = new Set()));
      s.add(table.account[i]!);
    }
    const platforms = [...perPlatform.entries()].filter(([, s]) => s.size >= 2).map(([p]) => p);
    const targetSet = new Set(platforms);
    const reviews = revs.filter((i) => targetSet.has(table.platform[i]!));
    let fpAccounts = 0;
    const fpCount = new Map<string, number>();
    for (const a of accs) {
      const fp = accounts[a]!.fingerprint;
      if (fp) fpCount.set(fp, (fpCount.get(fp) ?? 0) + 1);
    }
    for (const a of accs) {
      const fp = accounts[a]!.fingerprint;
      if (fp && fpCount.get(fp)! >= 2) fpAccounts++;
    }
    let dup = 0;
    let burst = 0;
    for (const i of reviews) {
      if (dupOtherAccounts[i]! >= 1) dup++;
      if (inBurst[i]) burst++;
    }
    const denom = Math.max(1, reviews.length);
    const shares = [fpAccounts / accs.length, dup / denom, burst / denom];
    const score = 1 - shares.reduce((prod, s) => prod * (1 - s), 1);
    const evidenceKinds = shares.filter((s) => s > 0).length;
    rings.push({
      accounts: accs,
      reviews,
      platforms,
      sharedFingerprintAccounts: fpAccounts,
      nearDuplicateReviews: dup,
      burst: burst > 0,
      evidenceKinds,
      score,
    });
  }
  return rings;
}

/**
 * Per account, how many kinds of suspicious link it has itself (0–3): its registration
 * fingerprint is shared, one of its reviews has a near-duplicate by another account on
 * the same platform, one of its reviews is in a burst. A ring is a connected component,
 * so a household that shares a device and one chance match of stock phrases can join
 * an honest buyer to a campaign; the ring's discount falls only on members with two
 * kinds of evidence of their own — the multi-feature test of group membership in
 * Mukherjee, Liu & Glance, WWW 2012 (a member must show the group's behaviours).
 */
export function accountEvidenceKinds(
  table: ReviewTable,
  fingerprintShare: Int32Array,
  dupOtherAccounts: Int32Array,
  inBurst: Uint8Array,
): Uint8Array {
  const nA = table.nAccounts;
  const dup = new Uint8Array(nA);
  const burst = new Uint8Array(nA);
  for (let i = 0; i < table.nReviews; i++) {
    const a = table.account[i]!;
    if (dupOtherAccounts[i]! >= 1) dup[a] = 1;
    if (inBurst[i]) burst[a] = 1;
  }
  const out = new Uint8Array(nA);
  for (let a = 0; a < nA; a++) out[a] = (fingerprintShare[a]! >= 2 ? 1 : 0) + dup[a]! + burst[a]!;
  return out;
}

/** Direction of a rating: 0 = blame (≤ 2★), 1 = neutral (3★), 2 = praise (≥ 4★). */
export function directionOf(stars: number): number {
  return stars <= 2 ? 0 : stars >= 4 ? 2 : 1;
}

/** Majority direction of a ring's reviews of its targets (ties: praise, then blame). */
export function ringDirection(reviews: readonly number[], rating: Float64Array): number {
  const count = [0, 0, 0];
  for (const i of reviews) count[directionOf(rating[i]!)]!++;
  return count[2]! >= count[0]! && count[2]! >= count[1]! ? 2 : count[0]! >= count[1]! ? 0 : 1;
}

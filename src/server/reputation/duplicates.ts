// Near-duplicate texts across accounts: character shingles → MinHash signature →
// LSH banding → union-find clusters. Linear in the total text length; no all-pairs.
import type { ModelConfig } from './config.ts';

/**
 * 32-bit avalanche mix (MurmurHash3 fmix32, Appleby 2008), used to hash shingles.
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Characters ignored when shingling: whitespace and common ASCII / CJK punctuation. */
function isIgnored(c: number): boolean {
  return (
    c <= 0x20 ||
    (c >= 0x21 && c <= 0x2f) ||
    (c >= 0x3a && c <= 0x40) ||
    (c >= 0x5b && c <= 0x60) ||
    (c >= 0x7b && c <= 0x7e) ||
    (c >= 0x3000 && c <= 0x303f) || // CJK symbols and punctuation 。、「」
    (c >= 0xff01 && c <= 0xff0f) || // fullwidth ！＂＃…／
    (c >= 0xff1a && c <= 0xff20) || // fullwidth ：；＜＝＞？＠
    c === 0x2026 || // …
    c === 0x2014 || // —
    c === 0xfe0f
  );
}

/**
 * MinHash signature of the character k-shingles of `text`, written to `out`
 * (length = bins). Returns the number of shingles, or 0 when the text is too short.
 *
 * MinHash: Broder, "On the resemblance and containment of documents", 1997 —
 * P[min h(A) = min h(B)] = Jaccard(A, B). To hash each shingle once instead of
 * once per hash function, this uses one-permutation hashing (Li, Owen & Zhang,
 * NIPS 2012) with densification by rotation (Shrivastava & Li, ICML 2014) for
 * empty bins.
 */
export function minhashSignature(text: string, shingleChars: number, out: Uint32Array, buf: Int32Array): number {
  const bins = out.length;
  const binBits = Math.log2(bins) | 0;
  const valueMask = binBits === 0 ? 0xffffffff : (1 << (32 - binBits)) - 1;
  // normalised code points
  let len = 0;
  for (let i = 0; i < text.length && len < buf.length; i++) {
    let c = text.charCodeAt(i);
    if (isIgnored(c)) continue;
    if (c >= 0x41 && c <= 0x5a) c += 32; // ASCII lower case
    buf[len++] = c;
  }
  if (bins > 32) throw new Error('at most 32 MinHash bins');
  const nShingles = len - shingleChars + 1;
  if (nShingles <= 0) return 0;
  out.fill(0xffffffff);
  for (let i = 0; i < nShingles; i++) {
    let h = 0x811c9dc5;
    for (let k = 0; k < shingleChars; k++) h = Math.imul(h ^ buf[i + k]!, 0x01000193);
    h = fmix32(h);
    const bin = binBits === 0 ? 0 : h >>> (32 - binBits);
    const v = (h & valueMask) >>> 0;
    if (v < out[bin]!) out[bin] = v;
  }
  // Densification by rotation: an empty bin takes the value of the next originally
  // non-empty bin to its right (circularly), plus an offset per hop.
  let emptyMask = 0;
  for (let b = 0; b < bins && b < 32; b++) if (out[b] === 0xffffffff) emptyMask |= 1 << b;
  if (emptyMask !== 0) {
    for (let b = 0; b < bins; b++) {
      if (!(emptyMask & (1 << b))) continue;
      for (let step = 1; step < bins; step++) {
        const src = (b + step) % bins;
        if (!(emptyMask & (1 << src))) {
          out[b] = (out[src]! + Math.imul(step, 0x9e3779b1)) >>> 0;
          break;
        }
      }
    }
  }
  return nShingles;
}

export interface DuplicateResult {
  /**
   * Group of each review: a representative review index shared by the near-duplicate
   * reviews of the same platform (−1 when the review has no near-duplicate there).
   */
  cluster: Int32Array;
  /**
   * Number of *other* accounts with a near-duplicate review of the same platform.
   * Only copies on the same platform count: short stock phrases recur across the
   * site by chance, a template pasted under one platform is a campaign.
   */
  otherAccounts: Int32Array;
  /**
   * The other accounts that count against this review's weight: those with an earlier
   * near-duplicate review of the same platform (a text can only copy what came before
   * it), and for a `shielded` review only the earlier shielded ones. Rings and burst
   * profiles use `otherAccounts` (evidence of a link, whoever copied whom).
   */
  copiedFrom: Int32Array;
}

/**
 * Clusters near-duplicate texts with LSH banding (Indyk & Motwani, STOC 1998;
 * Leskovec, Rajaraman & Ullman, "Mining of Massive Datasets", ch. 3.4): b bands of
 * r rows; texts that agree on all rows of any band become candidates, and a
 * candidate is kept when the estimated Jaccard (share of equal MinHash values)
 * reaches duplicateMinJaccard. Candidates are linked to the first text of their
 * bucket through union-find, so a bucket of any size costs linear time.
 * `shielded` reviews (verified proof by an established account) count only the other
 * shielded accounts of their group.
 */
export function findDuplicates(
  texts: readonly (string | undefined)[],
  account: Int32Array,
  platform: Int32Array,
  createdMs: Float64Array,
  config: ModelConfig,
  shielded?: Uint8Array,
): DuplicateResult {
  const n = texts.length;
  const bins = config.lshBands * config.lshRows;
  if (bins !== 1 << Math.round(Math.log2(bins))) throw new Error('lshBands × lshRows must be a power of two');
  const sigs = new Uint32Array(n * bins);
  const has = new Uint8Array(n);
  const sig = new Uint32Array(bins);
  const buf = new Int32Array(4096);
  for (let i = 0; i < n; i++) {
    const t = texts[i];
    if (!t) continue;
    const shingles = minhashSignature(t, config.shingleChars, sig, buf);
    if (shingles < config.duplicateMinShingles) continue;
    has[i] = 1;
    sigs.set(sig, i * bins);
  }

  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const minEqual = Math.ceil(config.duplicateMinJaccard * bins);
  const linked = new Uint8Array(n);
  const bandKey = new Float64Array(n);
  // Each candidate is linked to its bucket's canonical representative (the earliest
  // review, ties by signature), found in a first pass, so the clusters do not depend on
  // the order of the input.
  const before = (x: number, y: number) =>
    createdMs[x]! < createdMs[y]! || (createdMs[x] === createdMs[y] && sigs[x * bins]! < sigs[y * bins]!);
  for (let band = 0; band < config.lshBands; band++) {
    const buckets = new Map<number, number>();
    const off = band * config.lshRows;
    for (let i = 0; i < n; i++) {
      if (!has[i]) continue;
      let h1 = 0x9e3779b9 ^ band;
      let h2 = 0x7f4a7c15 + band;
      const base = i * bins + off;
      for (let r = 0; r < config.lshRows; r++) {
        const v = sigs[base + r]!;
        h1 = fmix32(h1 ^ v);
        h2 = fmix32((h2 + v) | 0);
      }
      const key = h1 * 2097152 + (h2 & 0x1fffff); // 53-bit numeric key: fast Map lookups
      bandKey[i] = key;
      const rep = buckets.get(key);
      if (rep === undefined || before(i, rep)) buckets.set(key, i);
    }
    for (let i = 0; i < n; i++) {
      if (!has[i]) continue;
      const rep = buckets.get(bandKey[i]!)!;
      if (rep === i) continue;
      let equal = 0;
      const a = rep * bins;
      const b = i * bins;
      for (let k = 0; k < bins; k++) if (sigs[a + k] === sigs[b + k]) equal++;
      if (equal < minEqual) continue;
      const ra = find(rep);
      const rb = find(i);
      if (ra !== rb) parent[rb] = ra;
      linked[rep] = 1;
      linked[i] = 1;
    }
  }

  const cluster = new Int32Array(n).fill(-1);
  const otherAccounts = new Int32Array(n);
  const copiedFrom = new Int32Array(n);
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    if (!linked[i]) continue;
    const root = find(i);
    let list = members.get(root);
    if (!list) members.set(root, (list = []));
    list.push(i);
  }
  for (const list of members.values()) {
    const byPlatform = new Map<number, number[]>();
    for (const i of list) {
      let l = byPlatform.get(platform[i]!);
      if (!l) byPlatform.set(platform[i]!, (l = []));
      l.push(i);
    }
    for (const l of byPlatform.values()) {
      const accounts = new Set<number>();
      const shieldedAccounts = new Set<number>();
      for (const i of l) {
        accounts.add(account[i]!);
        if (shielded?.[i]) shieldedAccounts.add(account[i]!);
      }
      const others = accounts.size - 1;
      l.sort((x, y) => (before(x, y) ? -1 : before(y, x) ? 1 : 0));
      const rep = l[0]!;
      // Copying goes forward in time: a review can only have copied texts posted before
      // it, so it counts the other accounts with an earlier near-duplicate — the original
      // of a text is not penalised for the copies that came after it (an honest review
      // whose stock phrases a later campaign reuses keeps its weight).
      const earlier = new Set<number>();
      const earlierShielded = new Set<number>();
      // Reviews posted at the same instant did not copy each other: only strictly earlier
      // times count (which also keeps the result independent of the input order).
      let g0 = 0;
      for (let x = 0; x < l.length; x++) {
        const i = l[x]!;
        while (createdMs[l[g0]!]! < createdMs[i]!) {
          earlier.add(account[l[g0]!]!);
          if (shielded?.[l[g0]!]) earlierShielded.add(account[l[g0]!]!);
          g0++;
        }
        const a = account[i]!;
        // A shielded review (checked order, established account) shares its text only
        // with the other shielded ones: when a cheap identity posts a text like an
        // established buyer's, the cheap identity is the likelier copier.
        otherAccounts[i] = others;
        copiedFrom[i] = shielded?.[i] ? earlierShielded.size - (earlierShielded.has(a) ? 1 : 0) : earlier.size - (earlier.has(a) ? 1 : 0);
        cluster[i] = others > 0 ? rep : -1;
      }
    }
  }
  return { cluster, otherAccounts, copiedFrom };
}

// Near-duplicate texts across accounts: character shingles → MinHash signature → LSH
// banding → per-platform counts beside each text's frequency on the rest of the site.
// Linear in the total text length; no all-pairs.
import type { ModelConfig } from './config.ts';
import { poissonSignificant } from './bursts.ts';

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

/** isIgnored for every UTF-16 code unit (charCodeAt is below 2¹⁶): one load per character instead of up to a dozen comparisons. */
const IGNORED = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) IGNORED[c] = isIgnored(c) ? 1 : 0;

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
    if (IGNORED[c] === 1) continue;
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
   * reviews of the same platform whose copying is evidence (see findDuplicates), −1 otherwise.
   */
  cluster: Int32Array;
  /**
   * Reviews by *other* accounts of the same platform with a near-duplicate text, when that
   * count is far above what the text's frequency on the rest of the site predicts (0
   * otherwise): the evidence of a link that rings and burst members use, whoever copied whom.
   */
  otherAccounts: Int32Array;
  /**
   * Copies that count against this review's weight: earlier near-duplicates by other accounts
   * on the same platform beyond the number chance predicts (a text can only copy what came
   * before it), 0 when the count is not significant. For a `shielded` review only the earlier
   * shielded ones count.
   */
  copiedFrom: Float64Array;
}

/** Significance of a near-duplicate count next to its chance expectation (one-sided Poisson tail, as the burst scan). */
const DUPLICATE_P_VALUE = 1e-3;

/**
 * Near-duplicate texts as evidence of copying, weighed by how rare the text is on the site.
 *
 * Candidates come from LSH banding of MinHash signatures (Indyk & Motwani, STOC 1998;
 * Leskovec, Rajaraman & Ullman, "Mining of Massive Datasets", ch. 3.4): two texts that agree
 * on all r rows of one of the b bands share that band's bucket; a text is counted in a
 * bucket only when its estimated Jaccard with the bucket's first text (the share of equal
 * MinHash values) reaches duplicateMinJaccard.
 *
 * Rarity: the field's buyers write short formulaic texts ("到账很快，客服回复及时，卡密都能用"),
 * so the same few phrases recur on every platform; sharing them is not copying. As the
 * inverse document frequency of information retrieval (Spärck Jones, "A statistical
 * interpretation of term specificity", J. Documentation 1972) discounts a term by the share
 * of documents containing it, a near-duplicate count on platform p is compared with what
 * the text's frequency on the rest of the site predicts: with d the texts of the same bucket
 * on other platforms and T' the other platforms' texts, chance gives
 *   λ = (d + 1) / (T' + 2) · (texts of p posted earlier)      (Laplace-smoothed rate)
 * earlier near-duplicates on p. Only a count reaching the Poisson tail P(X ≥ k) < 1e-3
 * is evidence, and only its excess k − λ counts as copies. The platform is left out of its
 * own baseline (as the one-off surge does), so a template pasted under one platform does
 * not make itself look common. A phrase thousands of honest buyers use has λ near its count
 * everywhere; a distinctive paragraph posted by several accounts under one platform has λ ≈ 0.
 *
 * Each band is tested on its own and the most significant excess is kept (the bands see
 * different parts of a text; a template edited in places still agrees on some).
 * `shielded` reviews (checked order by an established account) count only the other shielded
 * ones: when a cheap identity posts a text like an established buyer's, the cheap identity is
 * the likelier copier. Reviews posted at the same instant did not copy each other.
 * Linear in the total text length plus O(n · b) hash-map operations.
 */
export function findDuplicates(
  texts: readonly (string | undefined)[],
  account: Int32Array,
  platform: Int32Array,
  createdMs: Float64Array,
  config: ModelConfig,
  shielded: Uint8Array | undefined,
  byPlatform: Int32Array,
  platformStart: Int32Array,
  byPlatformMs: Float64Array,
): DuplicateResult {
  const n = texts.length;
  const bands = config.lshBands;
  const bins = bands * config.lshRows;
  if (bins !== 1 << Math.round(Math.log2(bins))) throw new Error('lshBands × lshRows must be a power of two');
  const sigs = new Uint32Array(n * bins);
  const has = new Uint8Array(n);
  const sig = new Uint32Array(bins);
  const buf = new Int32Array(4096);
  let textCount = 0;
  for (let i = 0; i < n; i++) {
    const t = texts[i];
    if (!t) continue;
    const shingles = minhashSignature(t, config.shingleChars, sig, buf);
    if (shingles < config.duplicateMinShingles) continue;
    has[i] = 1;
    textCount++;
    sigs.set(sig, i * bins);
  }
  const nP = platformStart.length - 1;
  const textsOn = new Int32Array(nP);
  for (let i = 0; i < n; i++) if (has[i]) textsOn[platform[i]!]!++;

  const minEqual = Math.ceil(config.duplicateMinJaccard * bins);
  // Each (band, bucket) gets a dense integer id, so that the counting below runs on typed
  // arrays rather than hash maps keyed by 53-bit numbers. idOf is −1 when the review has no
  // text, or its text is not close enough to the bucket's first text (site-wide, by time
  // then signature, so independent of the input order).
  const idOf = new Int32Array(n * bands).fill(-1);
  const before = (x: number, y: number) =>
    createdMs[x]! < createdMs[y]! || (createdMs[x] === createdMs[y] && sigs[x * bins]! < sigs[y * bins]!);
  // The buckets of a band: an open-addressing table keyed by (h1, low 21 bits of h2), the
  // 53-bit key of a Map<number> without boxing it as a heap number per text. It grows with the
  // band's distinct buckets (texts repeat: a table sized by the texts would be mostly empty
  // and fall out of the cache). Slot k: id at [4k] (−1 when empty), h1 at [4k + 1], h2's low
  // bits at [4k + 2]: one cache line per probe.
  let capacity = 1024;
  let slotMask = capacity - 1;
  let slots = new Int32Array(4 * capacity);
  let repOf = new Int32Array(1024);
  let nIds = 0;
  for (let band = 0; band < bands; band++) {
    for (let k = 0; k < capacity; k++) slots[4 * k] = -1;
    let inBand = 0;
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
      if (2 * (inBand + 1) > capacity) {
        // at most half full: double the table and re-place its keys
        const old = slots;
        capacity *= 2;
        slotMask = capacity - 1;
        slots = new Int32Array(4 * capacity);
        for (let k = 0; k < capacity; k++) slots[4 * k] = -1;
        for (let k = 0; k < old.length; k += 4) {
          if (old[k] === -1) continue;
          let at = old[k + 1]! & slotMask;
          while (slots[4 * at] !== -1) at = (at + 1) & slotMask;
          slots[4 * at] = old[k]!;
          slots[4 * at + 1] = old[k + 1]!;
          slots[4 * at + 2] = old[k + 2]!;
        }
      }
      const k1 = h1 | 0;
      const k2 = h2 & 0x1fffff;
      let slot = h1 & slotMask;
      while (slots[4 * slot] !== -1 && (slots[4 * slot + 1] !== k1 || slots[4 * slot + 2] !== k2)) slot = (slot + 1) & slotMask;
      let id = slots[4 * slot]!;
      if (id === -1) {
        id = nIds++;
        inBand++;
        slots[4 * slot] = id;
        slots[4 * slot + 1] = k1;
        slots[4 * slot + 2] = k2;
        if (id >= repOf.length) {
          const grown = new Int32Array(repOf.length * 2);
          grown.set(repOf);
          repOf = grown;
        }
        repOf[id] = i;
      } else if (before(i, repOf[id]!)) repOf[id] = i;
      idOf[i * bands + band] = id;
    }
  }
  const siteCount = new Int32Array(nIds);
  for (let i = 0; i < n; i++) {
    if (!has[i]) continue;
    // the bands of a text often share their first text: compare the signatures once
    let lastRep = -1;
    let equal = 0;
    for (let band = 0; band < bands; band++) {
      const id = idOf[i * bands + band]!;
      const rep = repOf[id]!;
      if (rep !== i) {
        if (rep !== lastRep) {
          lastRep = rep;
          equal = 0;
          const a = rep * bins;
          const b = i * bins;
          for (let k = 0; k < bins; k++) if (sigs[a + k] === sigs[b + k]) equal++;
        }
        if (equal < minEqual) {
          idOf[i * bands + band] = -1;
          continue;
        }
      }
      siteCount[id]!++;
    }
  }

  const cluster = new Int32Array(n).fill(-1);
  const otherAccounts = new Int32Array(n);
  const copiedFrom = new Float64Array(n);
  // Per platform, in time order, per bucket: its reviews on the platform (all, earlier, earlier
  // shielded) and its first review there; reset through the list of buckets touched.
  const onPlatform = new Int32Array(nIds);
  const earlierAll = new Int32Array(nIds);
  const earlierShielded = new Int32Array(nIds);
  const firstOnPlatform = new Int32Array(nIds);
  const touched: number[] = [];
  // What the per-platform pass reads of a review, copied once per platform into buffers in
  // time order (local position x = q − s), so that the three walks below read memory in
  // sequence instead of jumping through review indices.
  let maxSeg = 0;
  for (let p = 0; p < nP; p++) if (textsOn[p]! >= 2) maxSeg = Math.max(maxSeg, platformStart[p + 1]! - platformStart[p]!);
  const hasAt = new Uint8Array(maxSeg);
  const shieldedAt = new Uint8Array(maxSeg);
  const accountAt = new Int32Array(maxSeg);
  const idAt = new Int32Array(maxSeg * bands);
  // an account's reviews on the platform (with a text), listed only for accounts with several there (rare)
  let nAccounts = 0;
  for (let i = 0; i < n; i++) if (account[i]! >= nAccounts) nAccounts = account[i]! + 1;
  const reviewsOfAccount = new Int32Array(nAccounts);
  // local positions of the reviews of an account with several on the platform
  const ownReviews = new Map<number, number[]>();
  const ownCount = (x: number, ms: number, band: number, id: number, earlierOnly: boolean): number => {
    const list = ownReviews.get(accountAt[x]!);
    if (list === undefined) return 0;
    let c = 0;
    for (const y of list) if (y !== x && idAt[y * bands + band] === id && (!earlierOnly || byPlatformMs[platformOffset + y]! < ms)) c++;
    return c;
  };
  let platformOffset = 0;
  for (let p = 0; p < nP; p++) {
    const s = platformStart[p]!;
    const e = platformStart[p + 1]!;
    if (textsOn[p]! < 2) continue;
    platformOffset = s;
    for (const id of touched) {
      onPlatform[id] = 0;
      earlierAll[id] = 0;
      earlierShielded[id] = 0;
    }
    touched.length = 0;
    ownReviews.clear();
    let several = false;
    for (let q = s; q < e; q++) {
      const x = q - s;
      const i = byPlatform[q]!;
      hasAt[x] = has[i]!;
      if (!has[i]) continue;
      shieldedAt[x] = shielded?.[i] === 1 ? 1 : 0;
      accountAt[x] = account[i]!;
      for (let band = 0; band < bands; band++) {
        const id = idOf[i * bands + band]!;
        idAt[x * bands + band] = id;
        if (id < 0) continue;
        if (onPlatform[id] === 0) {
          touched.push(id);
          firstOnPlatform[id] = i;
        }
        onPlatform[id]!++;
      }
      if (++reviewsOfAccount[accountAt[x]!]! >= 2) several = true;
    }
    if (several) {
      for (let x = 0; x < e - s; x++) {
        if (!hasAt[x] || reviewsOfAccount[accountAt[x]!]! < 2) continue;
        let l = ownReviews.get(accountAt[x]!);
        if (!l) ownReviews.set(accountAt[x]!, (l = []));
        l.push(x);
      }
    }
    for (let x = 0; x < e - s; x++) if (hasAt[x]) reviewsOfAccount[accountAt[x]!] = 0;
    const othersTexts = textCount - textsOn[p]!;
    let textsBefore = 0;
    let shieldedTextsBefore = 0;
    // groups of reviews posted at the same instant: look up first, then insert
    for (let g = s; g < e; ) {
      let h = g;
      while (h < e && byPlatformMs[h] === byPlatformMs[g]) h++;
      for (let q = g; q < h; q++) {
        const x = q - s;
        if (!hasAt[x]) continue;
        const useShielded = shieldedAt[x] === 1;
        let bestExcess = 0;
        let bestOthers = 0;
        let bestRep = -1;
        for (let band = 0; band < bands; band++) {
          const id = idAt[x * bands + band]!;
          if (id < 0) continue;
          const here = onPlatform[id]!;
          if (here < 2) continue;
          // the text's rate on the rest of the site (Laplace-smoothed), the IDF's df/N
          const rate = (siteCount[id]! - here + 1) / (othersTexts + 2);
          // symmetric evidence of a link: all other near-duplicates on the platform
          const others = here - 1 - ownCount(x, byPlatformMs[q]!, band, id, false);
          const expectedAll = rate * (textsOn[p]! - 1);
          if (others > bestOthers && poissonSignificant(others, expectedAll, DUPLICATE_P_VALUE)) {
            bestOthers = others;
            bestRep = firstOnPlatform[id]!;
          }
          // copies: earlier near-duplicates only
          const copies = useShielded ? earlierShielded[id]! : earlierAll[id]! - ownCount(x, byPlatformMs[q]!, band, id, true);
          const expected = rate * (useShielded ? shieldedTextsBefore : textsBefore);
          if (copies - expected > bestExcess && copies > 0 && poissonSignificant(copies, expected, DUPLICATE_P_VALUE)) bestExcess = copies - expected;
        }
        const i = byPlatform[q]!;
        otherAccounts[i] = bestOthers;
        cluster[i] = bestRep;
        copiedFrom[i] = bestExcess;
      }
      for (let q = g; q < h; q++) {
        const x = q - s;
        if (!hasAt[x]) continue;
        textsBefore++;
        const sh = shieldedAt[x] === 1;
        if (sh) shieldedTextsBefore++;
        for (let band = 0; band < bands; band++) {
          const id = idAt[x * bands + band]!;
          if (id < 0) continue;
          earlierAll[id]!++;
          if (sh) earlierShielded[id]!++;
        }
      }
      g = h;
    }
  }
  return { cluster, otherAccounts, copiedFrom };
}

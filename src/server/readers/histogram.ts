// Star distribution of a platform's reviews (issue 17, item 6): counts per star in, bars out.
// PURE: no I/O, no clock. The percentages are of the reviews that gave that dimension a
// rating (a dimension is optional on the form), rounded by the largest-remainder method
// (Hamilton's apportionment) so each histogram's labels add up to exactly 100 %, as a reader
// checking them would expect.

export const STARS = [5, 4, 3, 2, 1] as const;
export type StarCounts = Readonly<Record<1 | 2 | 3 | 4 | 5, number>>;

export interface HistogramBar {
  stars: 1 | 2 | 3 | 4 | 5;
  count: number;
  /** whole percent, the five summing to 100 (0 when there are no ratings) */
  percent: number;
  /** exact share for the bar's width, 0..100 */
  widthPercent: number;
}

export interface Histogram {
  total: number;
  /** 5 stars first, as review sites show them */
  bars: HistogramBar[];
}

export const emptyStarCounts = (): Record<1 | 2 | 3 | 4 | 5, number> => ({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 });

/** Whole percentages of `counts` that add up to 100 (largest remainder; ties go to more stars). */
export function wholePercents(counts: StarCounts): Record<1 | 2 | 3 | 4 | 5, number> {
  const total = STARS.reduce((n, s) => n + counts[s], 0);
  const out = emptyStarCounts();
  if (total === 0) return out;
  const exact = STARS.map((s) => ({ s, q: (counts[s] * 100) / total }));
  let left = 100;
  for (const e of exact) {
    out[e.s] = Math.floor(e.q);
    left -= out[e.s];
  }
  // STARS is 5→1 and the sort is stable: equal remainders favour more stars.
  for (const e of [...exact].sort((a, b) => (b.q - Math.floor(b.q)) - (a.q - Math.floor(a.q)))) {
    if (left <= 0) break;
    if (e.q - Math.floor(e.q) === 0) continue;
    out[e.s]++;
    left--;
  }
  return out;
}

export function histogram(counts: StarCounts): Histogram {
  const total = STARS.reduce((n, s) => n + counts[s], 0);
  const pct = wholePercents(counts);
  return {
    total,
    bars: STARS.map((s) => ({ stars: s, count: counts[s], percent: pct[s], widthPercent: total === 0 ? 0 : (counts[s] * 100) / total })),
  };
}

// Relevance measures over one ranked list (pure): graded gain, nDCG@k and success@1.
// nDCG: Järvelin & Kekäläinen, "Cumulated gain-based evaluation of IR techniques" (ACM TOIS
// 20(4), 2002), with the exponential gain 2^grade − 1 and log2(rank + 1) discount of Burges et
// al. (ICML 2005). success@1: the first result is an answer (grade 3).
// The list is the page's order (search.service.ts rankedList); the expectations use the
// relevance-set format of tests/fixtures/search-relevance.ts.

export interface Expected {
  kind: 'platform' | 'review' | 'incident';
  platform: string;
  contains?: string;
  grade: 1 | 2 | 3;
}

export interface Ranked {
  kind: 'platform' | 'review' | 'incident';
  platform: string;
  text: string;
}

/**
 * The grade of each ranked entry. An expectation is credited once, to the first entry it
 * matches (same kind and platform, and its `contains` inside the entry's text when given);
 * everything else is grade 0. Within an entry, the highest-graded unused expectation wins.
 */
export function gradeList(ranked: readonly Ranked[], expected: readonly Expected[]): number[] {
  const used = new Array<boolean>(expected.length).fill(false);
  return ranked.map((r) => {
    let best = -1;
    expected.forEach((e, i) => {
      if (used[i] || e.kind !== r.kind || e.platform !== r.platform) return;
      if (e.contains !== undefined && !r.text.includes(e.contains)) return;
      if (best === -1 || e.grade > expected[best]!.grade) best = i;
    });
    if (best === -1) return 0;
    used[best] = true;
    return expected[best]!.grade;
  });
}

const gain = (grade: number) => 2 ** grade - 1;

export function dcg(grades: readonly number[], k: number): number {
  let s = 0;
  for (let i = 0; i < Math.min(k, grades.length); i++) s += gain(grades[i]!) / Math.log2(i + 2);
  return s;
}

/** nDCG@k of a ranked list against its expectations (1 when nothing is expected and nothing is returned). */
export function ndcgAt(ranked: readonly Ranked[], expected: readonly Expected[], k = 10): number {
  const ideal = dcg(expected.map((e) => e.grade).sort((a, b) => b - a), k);
  if (ideal === 0) return ranked.length === 0 ? 1 : 0;
  return dcg(gradeList(ranked, expected), k) / ideal;
}

export function successAt1(ranked: readonly Ranked[], expected: readonly Expected[]): boolean {
  return gradeList(ranked.slice(0, 1), expected)[0] === 3;
}

export interface RelevanceReport {
  cases: number;
  successAt1: number;
  ndcgAt10: number;
  /** the worst cases, for tuning */
  failures: Array<{ query: string; ndcg: number; success: boolean; top: string[] }>;
}

/** Averages over cases (each case: its query's ranked list and expectations). */
export function relevanceReport(rows: ReadonlyArray<{ query: string; ranked: readonly Ranked[]; expected: readonly Expected[] }>): RelevanceReport {
  let s1 = 0, nd = 0;
  const failures: RelevanceReport['failures'] = [];
  for (const r of rows) {
    const success = successAt1(r.ranked, r.expected);
    const ndcg = ndcgAt(r.ranked, r.expected, 10);
    if (success) s1++;
    nd += ndcg;
    if (!success || ndcg < 0.85) failures.push({ query: r.query, ndcg, success, top: r.ranked.slice(0, 5).map((x) => `${x.kind[0]}:${x.platform}${x.text ? `:${x.text.slice(0, 14)}` : ''}`) });
  }
  const n = Math.max(1, rows.length);
  return { cases: rows.length, successAt1: s1 / n, ndcgAt10: nd / n, failures: failures.sort((a, b) => a.ndcg - b.ndcg) };
}

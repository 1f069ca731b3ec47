// Reader-convenience benchmarks (issue 17, item 6) on the real PostgreSQL server, in a database
// of their own (kaopu_bench_readers, dropped afterwards). Database work only, with the read
// cache invalidated before every load (the page would often hit it):
// - a platform with 5 000 reviews: its star distribution (one grouped scan), the first page of
//   its reviews filtered by a tag, and by a keyword (full-text on the search documents);
// - the suggested alternatives among 1 000 ranked platforms;
// - the transparency report over 60 000 logged decisions and 30 000 decided items.
// Targets: p95 ≤ 25 ms for each platform-page read, ≤ 150 ms for the transparency report
// (a cached page rebuilt after a moderation decision).
//   npx node scripts/bench/readers.ts            (standalone, prints a table)
import { openScratchDatabase, type BenchRow } from '../lib/bench-db.ts';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { invalidatePages } from '../../src/server/http/invalidation.ts';
import { loadPlatformReviews, parseReviewListQuery } from '../../src/server/reviews/review.read.ts';
import { loadAlternatives, loadStarDistribution } from '../../src/server/readers/readers.service.ts';
import { loadTransparency } from '../../src/server/readers/transparency.service.ts';

const DB_NAME = 'kaopu_bench_readers';
const REVIEWS = 5_000;
const PLATFORMS = 1_000;
const EVENTS = 60_000;
const ITEMS = 30_000;
const LOADS = 60;

export type { BenchRow };

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

async function timeLoads(n: number, tags: string[], load: () => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    invalidatePages(tags);
    const t0 = performance.now();
    await load();
    ms.push(performance.now() - t0);
  }
  return ms.slice(3);
}

export async function benchReaders(): Promise<BenchRow[]> {
  const scratch = await openScratchDatabase(DB_NAME);
  const db = scratch.handle.db;
  const rows: BenchRow[] = [];
  const row = (name: string, xs: number[], targetMs: number | null) => {
    const p95 = percentile(xs, 95);
    rows.push({ name: `readers: ${name}, p95`, value: +p95.toFixed(2), unit: 'ms', target: targetMs === null ? 'context' : `≤ ${targetMs} ms`, ok: targetMs === null || p95 <= targetMs });
    rows.push({ name: `readers: ${name}, median`, value: +percentile(xs, 50).toFixed(2), unit: 'ms', target: 'info', ok: true });
  };
  try {
    await sql`SELECT setseed(0.17)`.execute(db);
    await sql`
      INSERT INTO account (handle, handle_key, email, email_key, password_hash, registration_fingerprint, created_at)
      SELECT 'rd_' || i, 'rd_' || i, 'rd' || i || '@bench.example', 'rd' || i || '@bench.example', 'x', 'fp-' || i, now() - interval '400 days'
      FROM generate_series(1, ${REVIEWS}) i`.execute(db);
    await sql`
      INSERT INTO platform (slug, name_zh, name_en, approval, status, categories, created_at)
      SELECT 'rd-' || i, '平台' || i, 'P ' || i, 'approved', CASE WHEN i = 1 THEN 'exit_scam' ELSE 'active' END,
        ARRAY[(ARRAY['game_cards','video_memberships','phone_topup','course_codes'])[1 + i % 4]], now() - interval '900 days'
      FROM generate_series(1, ${PLATFORMS}) i`.execute(db);
    const big = (await db.selectFrom('platform').select('id').where('slug', '=', 'rd-1').executeTakeFirstOrThrow()).id;
    await sql`
      INSERT INTO platform_verdict (platform_id, band, reasons, lower_bound, rank, computed_at)
      SELECT id, (ARRAY['reliable','fair','caution','high_risk'])[1 + id % 4], '[]', 3, row_number() OVER (ORDER BY id), now()
      FROM platform WHERE slug <> 'rd-1'`.execute(db);
    // Bodies are already word-separated, so the search documents can be built in SQL.
    await sql`
      INSERT INTO review (platform_id, account_id, rating, current_rating, rating_service, rating_risk, product_category, body_source, body_html, tags, created_at)
      SELECT ${big}, a.id, r, r, CASE WHEN a.id % 3 = 0 THEN r END, CASE WHEN a.id % 4 = 0 THEN 1 + (a.id % 5)::int END, 'game_cards',
        w, '<p>' || w || '</p>',
        CASE a.id % 4 WHEN 0 THEN ARRAY['arrival'] WHEN 1 THEN ARRAY['refund', 'support'] WHEN 2 THEN ARRAY[]::text[] ELSE ARRAY['invalid_key', 'after_sales', 'price'] END,
        now() - (a.id || ' hours')::interval
      FROM account a
      CROSS JOIN LATERAL (SELECT 1 + (a.id % 5)::int AS r,
        (ARRAY['话费 一直 没有 到账 客服 处理', '点卡 秒发 价格 便宜 推荐', '卡密 失效 补发 很快', '退款 被拒 售后 无门'])[1 + a.id % 4] || ' ' || a.id AS w) x`.execute(db);
    await sql`
      INSERT INTO search_document (kind, ref_id, platform_id, title, body, tokens)
      SELECT 'review', id, platform_id, '', body_source, to_tsvector('simple', body_source) FROM review`.execute(db);
    const mod = (await db.selectFrom('account').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
    const anyReview = (await db.selectFrom('review').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
    await sql`
      INSERT INTO moderation_event (moderator_id, action, subject_kind, subject_id, platform_id, reason, created_at)
      SELECT ${mod}, (ARRAY['remove','uphold','overturn','approve','reject','dismiss_flags'])[1 + i % 6],
        CASE WHEN i % 6 IN (3, 4) THEN 'proof' ELSE 'review' END, ${anyReview}, ${big},
        CASE WHEN i % 6 = 0 THEN (ARRAY['shill','spam','brushing','off_topic'])[1 + i % 4] END,
        now() - (i % 400 || ' days')::interval - (i || ' seconds')::interval
      FROM generate_series(1, ${EVENTS}) i`.execute(db);
    await sql`
      INSERT INTO flag (reporter_id, target_kind, target_id, reason, state, created_at, resolved_at, resolved_by)
      SELECT ${mod}, 'review', ${anyReview}, 'spam', 'upheld', now() - (i % 380 || ' days')::interval - interval '5 hours',
        now() - (i % 380 || ' days')::interval - ((i % 300) || ' minutes')::interval, ${mod}
      FROM generate_series(1, ${ITEMS}) i`.execute(db);
    await sql`ANALYZE`.execute(db);

    const nowMs = Date.now();
    row(`star distribution of ${REVIEWS} reviews`, await timeLoads(LOADS, [`platform:${big}`], () => loadStarDistribution(db, big)), 25);
    const list = (qs: string) => () => loadPlatformReviews(db, big, parseReviewListQuery(new URLSearchParams(qs)), null);
    row(`context: first page of ${REVIEWS} reviews, no filter (page + count)`, await timeLoads(LOADS, [`platform:${big}`], () => loadPlatformReviews(db, big, parseReviewListQuery(new URLSearchParams()), null)), null);
    row(`first page of ${REVIEWS} reviews filtered by ?tag=refund (page + count)`, await timeLoads(LOADS, [`platform:${big}`], list('tag=refund')), 25);
    row(`first page of ${REVIEWS} reviews searched by ?q=到账 (page + count)`, await timeLoads(LOADS, [`platform:${big}`], list(`q=${encodeURIComponent('到账')}`)), 25);
    row(`alternatives of a 跑路 platform among ${PLATFORMS} ranked`, await timeLoads(LOADS, ['ranking'], () => loadAlternatives(db, big)), 25);
    row(`transparency report over ${EVENTS} decisions and ${ITEMS} decided flags`, await timeLoads(20, ['modlog'], () => loadTransparency(db, nowMs)), 150);
  } finally {
    await scratch.drop();
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await benchReaders();
  console.table(rows);
  const failed = rows.filter((r) => !r.ok).length;
  console.log(`${rows.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

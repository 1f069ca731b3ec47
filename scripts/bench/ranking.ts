// Benchmark of a full site recompute on the real PostgreSQL server: load the model input
// from the database, compute, write weights / trust / snapshots / findings. ~20 000
// reviews, 4 000 accounts, 200 platforms, 3 000 follow-ups, generated with SQL in a
// database of its own (kaopu_bench_ranking, dropped afterwards). No target: reported.
//   npx node scripts/bench/ranking.ts            (standalone, prints a table)
//   import { benchRanking } from './scripts/bench/ranking.ts'
import { openScratchDatabase, type BenchRow } from '../lib/bench-db.ts';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { runRecompute, type RecomputeSummary } from '../../src/server/ranking/recompute.ts';
import { minuteMs } from '../../src/server/time.ts';

const DB_NAME = 'kaopu_bench_ranking';
const N_ACCOUNTS = 4_000;
const N_PLATFORMS = 200;
const N_REVIEWS = 20_000;
const N_FOLLOW_UPS = 3_000;

export type { BenchRow };


export async function benchRanking(): Promise<BenchRow[]> {
  const scratch = await openScratchDatabase(DB_NAME);
  const h = scratch.handle;
  try {
    const db = h.db;
    // Deterministic data: setseed makes random() repeatable.
    await sql`SELECT setseed(0.42)`.execute(db);
    await sql`
      INSERT INTO account (handle, handle_key, email, email_key, password_hash, registration_fingerprint, created_at)
      SELECT 'bench_' || i, 'bench_' || i, 'b' || i || '@bench.example', 'b' || i || '@bench.example', 'x',
             CASE WHEN i % 40 = 0 THEN 'fp-shared-' || (i % 400) ELSE 'fp-' || i END,
             now() - (random() * 1500 || ' days')::interval
      FROM generate_series(1, ${N_ACCOUNTS}) i`.execute(db);
    await sql`
      INSERT INTO platform (slug, name_zh, name_en, approval, status, status_changed_at, founded_on, created_at)
      SELECT 'bench-' || i, '测试平台' || i, 'Bench ' || i, 'approved',
             CASE WHEN i % 100 = 0 THEN 'exit_scam' ELSE 'active' END,
             CASE WHEN i % 100 = 0 THEN now() - interval '10 days' END,
             (now() - (random() * 2000 || ' days')::interval)::date, now() - interval '1500 days'
      FROM generate_series(1, ${N_PLATFORMS}) i`.execute(db);
    // Each account reviews up to 5 distinct platforms ((a·7 + k·41) mod P is distinct for k < 5).
    await sql`
      WITH ids AS (SELECT array_agg(id ORDER BY id) AS a FROM account),
           pids AS (SELECT array_agg(id ORDER BY id) AS p FROM platform),
           g AS (SELECT i, i % ${N_ACCOUNTS} AS ai, i / ${N_ACCOUNTS} AS k FROM generate_series(0, ${N_REVIEWS - 1}) i),
           r AS (
             SELECT ids.a[g.ai + 1] AS account_id, pids.p[((g.ai * 7 + g.k * 41) % ${N_PLATFORMS}) + 1] AS platform_id,
                    ((g.ai * 7 + g.k * 41) % ${N_PLATFORMS}) AS pi, random() AS u, random() AS v
             FROM g, ids, pids
           )
      INSERT INTO review (platform_id, account_id, rating, current_rating, rating_service, product_category, body_source, body_html,
                          proof_state, created_at)
      SELECT platform_id, account_id,
             least(5, greatest(1, 1 + (pi % 5) + round((u - 0.5) * 2)::int)),
             least(5, greatest(1, 1 + (pi % 5) + round((u - 0.5) * 2)::int)),
             least(5, greatest(1, 1 + (pi % 5))),
             'game_cards',
             (ARRAY['到账很快，客服回复及时','卡密都能用，价格便宜','退款流程有点慢','半夜下单也秒发','有几张卡密失效，售后态度一般'])[1 + floor(v * 5)::int]
               || '，第' || account_id || '号买家',
             '<p>bench</p>',
             (ARRAY['verified','pending','none','none','rejected'])[1 + floor(u * 4.2)::int],
             now() - (v * 700 || ' days')::interval
      FROM r`.execute(db);
    await sql`
      INSERT INTO review_follow_up (review_id, account_id, rating, body_source, body_html, created_at)
      SELECT id, account_id, greatest(1, least(5, rating + (CASE WHEN random() < 0.5 THEN -1 ELSE 1 END))), '追评', '<p>追评</p>',
             created_at + interval '20 days'
      FROM review ORDER BY random() LIMIT ${N_FOLLOW_UPS}`.execute(db);
    await sql`ANALYZE`.execute(db);

    const nowMs = Date.now();
    const t0 = performance.now();
    const first = (await runRecompute(db, nowMs)) as RecomputeSummary;
    const firstMs = performance.now() - t0;
    // A second run after a few writes: the steady-state cost of a debounced recompute.
    await sql`UPDATE review SET proof_state = 'verified' WHERE id IN (SELECT id FROM review WHERE proof_state = 'pending' LIMIT 100)`.execute(db);
    const t1 = performance.now();
    const second = (await runRecompute(db, nowMs + minuteMs)) as RecomputeSummary;
    const secondMs = performance.now() - t1;
    if (first.status !== 'ran' || second.status !== 'ran') throw new Error('recompute did not run');
    return [
      { name: `ranking: full recompute, ${first.reviews} reviews (first run)`, value: Math.round(firstMs), unit: 'ms', target: 'report', ok: true },
      { name: '  of which load / compute / write', value: first.loadMs + first.computeMs + first.writeMs, unit: `ms (${first.loadMs}/${first.computeMs}/${first.writeMs})`, target: 'report', ok: true },
      { name: '  reviews per second (first run)', value: Math.round(first.reviews / (firstMs / 1000)), unit: 'reviews/s', target: 'report', ok: true },
      { name: `ranking: recompute after 100 proof changes`, value: Math.round(secondMs), unit: 'ms', target: 'report', ok: true },
      { name: '  reviews per second (second run)', value: Math.round(second.reviews / (secondMs / 1000)), unit: 'reviews/s', target: 'report', ok: true },
      { name: '  snapshots written (second run)', value: second.snapshotsWritten, unit: 'platforms', target: 'report', ok: true },
    ];
  } finally {
    await scratch.drop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await benchRanking();
  for (const r of rows) console.log(`${r.name.padEnd(58)} ${String(r.value).padStart(8)} ${r.unit}`);
}

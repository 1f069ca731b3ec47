// Hardening benchmarks (issue 16, items 6b and 6c):
// - rate limits with REDIS_URL set and Redis down: how long a write's limit check takes when
//   nothing listens (connection refused) and when Redis accepts but never answers (black hole);
//   target p99 ≤ 200 ms for both (the fallback budget);
// - refusing a 128 kB PNG that declares 40 megapixels: target ≤ 100 ms (header only, no decode).
// Ports 4518/4519 (the hardening range).
//   npx node scripts/bench/hardening.ts            (standalone, prints a table)
import net from 'node:net';
import sharp from 'sharp';
import { createRateLimitStore, rateLimitPolicies } from '../../src/server/security/rate-limit.ts';
import { sanitiseUpload } from '../../src/server/uploads/upload.service.ts';

export interface BenchRow { name: string; value: number; unit: string; target: string; ok?: boolean }

function p99(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.99))]!;
}

async function consumeTimes(url: string, n: number): Promise<number[]> {
  const store = createRateLimitStore(url);
  const times: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await store.consume(`ip:bench${i % 10}`, rateLimitPolicies.write);
      times.push(performance.now() - t0);
      // Spread the calls over a few seconds so the store's re-probe after each back-off is included.
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await store.close();
  }
  return times;
}

export async function benchHardening(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const refused = p99(await consumeTimes('redis://127.0.0.1:4519', 200));
  rows.push({ name: 'Redis down (connection refused): write limit check p99', value: Math.round(refused * 10) / 10, unit: 'ms', target: '≤ 200 ms', ok: refused <= 200 });

  const sockets = new Set<net.Socket>();
  const hole = net.createServer((s) => sockets.add(s)); // accepts, never answers
  await new Promise<void>((r) => hole.listen(4518, '127.0.0.1', r));
  try {
    const blackHole = p99(await consumeTimes('redis://127.0.0.1:4518', 200));
    rows.push({ name: 'Redis black-holed (accepts, never answers): write limit check p99', value: Math.round(blackHole * 10) / 10, unit: 'ms', target: '≤ 200 ms (+ event-loop slack)', ok: blackHole <= 220 });
  } finally {
    for (const s of sockets) s.destroy();
    hole.close();
  }

  const bomb = await sharp({ create: { width: 8000, height: 5000, channels: 3, background: '#fff' } }).png({ compressionLevel: 9 }).toBuffer();
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    await sanitiseUpload(bomb).catch(() => {});
    times.push(performance.now() - t0);
  }
  const worst = Math.max(...times);
  rows.push({ name: `40 MP PNG (${Math.round(bomb.length / 1024)} kB) refused, slowest of 10`, value: Math.round(worst * 10) / 10, unit: 'ms', target: '≤ 100 ms', ok: worst <= 100 });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchHardening()) console.log(`${r.ok ? '✓' : '✗'} ${r.name}: ${r.value} ${r.unit} (target ${r.target})`);
}

// The independent evaluation generator (issue 14): deterministic, correctly labelled, and
// shaped like the field it claims to model. The model is never run here.
import { describe, expect, it, vi } from 'vitest';
import {
  generateFieldAttackWorld,
  generateFieldComplaintWorld,
  generateFieldHonestWorld,
  type FieldWorld,
} from '../../src/server/reputation/evaluation/generator-field.ts';
import { NOW_MS, type AttackKind } from '../../src/server/reputation/evaluation/generator.ts';
import type { ReviewInput } from '../../src/server/reputation/types.ts';

// Each world takes ~0.2 s to build; on a shared, loaded machine the determinism test (7 worlds) can pass 5 s.
vi.setConfig({ testTimeout: 60_000 });

const DAY_MS = 86_400_000;
const SEEDS = [1, 2, 3];
const KINDS: readonly AttackKind[] = ['ring', 'smear', 'camouflage', 'dormant', 'drip', 'brushing'];

const cache = new Map<string, FieldWorld>();
function world(kind: AttackKind | 'honest' | 'complaint', seed: number): FieldWorld {
  const key = `${kind}:${seed}`;
  let w = cache.get(key);
  if (!w) {
    w = kind === 'honest' ? generateFieldHonestWorld(seed) : kind === 'complaint' ? generateFieldComplaintWorld(seed) : generateFieldAttackWorld(seed, kind);
    cache.set(key, w);
  }
  return w;
}

function serialize(w: FieldWorld): string {
  return JSON.stringify(w, (_k, v: unknown) => (v instanceof Set ? [...v] : v instanceof Map ? [...v] : v));
}

function byAccount(reviews: readonly ReviewInput[]): Map<string, ReviewInput[]> {
  const out = new Map<string, ReviewInput[]>();
  for (const r of reviews) {
    const list = out.get(r.accountId) ?? [];
    list.push(r);
    out.set(r.accountId, list);
  }
  return out;
}

function fingerprintUse(w: FieldWorld): Map<string, number> {
  const use = new Map<string, number>();
  for (const a of w.input.accounts) if (a.fingerprint !== undefined) use.set(a.fingerprint, (use.get(a.fingerprint) ?? 0) + 1);
  return use;
}

function fakeReviews(w: FieldWorld): ReviewInput[] {
  return w.input.reviews.filter((r) => w.fake.has(r.id));
}

function accountsOf(w: FieldWorld, reviews: readonly ReviewInput[]) {
  const ids = new Set(reviews.map((r) => r.accountId));
  return w.input.accounts.filter((a) => ids.has(a.id));
}

function spanDays(reviews: readonly ReviewInput[]): number {
  const times = reviews.map((r) => r.createdAtMs);
  return (Math.max(...times) - Math.min(...times)) / DAY_MS;
}

/** Whether two texts share a run of `len` characters (a copy with small edits does; the field's short phrases do not). */
function sharesRun(a: string, b: string, len = 12): boolean {
  for (let i = 0; i + len <= a.length; i++) if (b.includes(a.slice(i, i + len))) return true;
  return false;
}

const honestReviews = (w: FieldWorld) => w.input.reviews.filter((r) => !w.fake.has(r.id) && !w.filler.has(r.id));

describe('field generator: determinism', () => {
  it('the same seed gives the same world; another seed another world', () => {
    expect(serialize(generateFieldHonestWorld(7))).toBe(serialize(generateFieldHonestWorld(7)));
    expect(serialize(generateFieldAttackWorld(7, 'camouflage'))).toBe(serialize(generateFieldAttackWorld(7, 'camouflage')));
    expect(serialize(generateFieldComplaintWorld(7))).toBe(serialize(generateFieldComplaintWorld(7)));
    expect(serialize(generateFieldHonestWorld(8))).not.toBe(serialize(generateFieldHonestWorld(7)));
  });

  it.each(KINDS)('a %s world is the honest world of its seed plus the attack', (kind) => {
    const honest = world('honest', 2);
    const attacked = world(kind, 2);
    expect(honestReviews(attacked)).toEqual(honest.input.reviews);
    expect(attacked.trueQuality).toEqual(honest.trueQuality);
  });
});

describe.each(SEEDS)('field generator, seed %i: labels and integrity', (seed) => {
  const kinds = ['honest', 'complaint', ...KINDS] as const;
  it.each(kinds)('%s world is consistent', (kind) => {
    const w = world(kind, seed);
    const { accounts, platforms, reviews } = w.input;
    expect(w.input.nowMs).toBe(NOW_MS);
    expect(reviews.length).toBeLessThanOrEqual(20_000);
    expect(platforms.length).toBeGreaterThanOrEqual(40);
    expect(platforms.length).toBeLessThanOrEqual(80);

    const ids = [...accounts.map((a) => a.id), ...platforms.map((p) => p.id), ...reviews.map((r) => r.id)];
    expect(new Set(ids).size).toBe(ids.length);
    const account = new Map(accounts.map((a) => [a.id, a]));
    const platform = new Map(platforms.map((p) => [p.id, p]));
    for (const a of accounts) expect(a.createdAtMs).toBeLessThanOrEqual(NOW_MS);
    for (const p of platforms) expect(p.foundedAtMs!).toBeLessThanOrEqual(NOW_MS);
    for (const r of reviews) {
      const a = account.get(r.accountId);
      const p = platform.get(r.platformId);
      expect(a, `account of ${r.id}`).toBeDefined();
      expect(p, `platform of ${r.id}`).toBeDefined();
      expect(r.createdAtMs).toBeLessThanOrEqual(NOW_MS);
      expect(r.createdAtMs).toBeGreaterThanOrEqual(a!.createdAtMs);
      expect(r.createdAtMs).toBeGreaterThanOrEqual(p!.foundedAtMs!);
      expect([1, 2, 3, 4, 5]).toContain(r.rating);
      let last = r.createdAtMs;
      for (const f of r.followUps ?? []) {
        expect(f.createdAtMs).toBeGreaterThan(last);
        expect(f.createdAtMs).toBeLessThanOrEqual(NOW_MS);
        expect([1, 2, 3, 4, 5]).toContain(f.rating);
        last = f.createdAtMs;
      }
    }
    // One review per account and platform (later experience goes into 追评).
    const pairs = reviews.map((r) => `${r.accountId}|${r.platformId}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    // Rejected-proof counts match the rejected reviews.
    const rejected = new Map<string, number>();
    for (const r of reviews) if (r.proof === 'rejected') rejected.set(r.accountId, (rejected.get(r.accountId) ?? 0) + 1);
    for (const a of accounts) expect(a.rejectedProofs ?? 0).toBe(rejected.get(a.id) ?? 0);

    expect([...w.trueQuality.keys()].sort()).toEqual(platforms.map((p) => p.id).sort());
    for (const q of w.trueQuality.values()) expect(q >= 1 && q <= 5).toBe(true);

    const byId = new Map(reviews.map((r) => [r.id, r]));
    for (const id of w.fake) expect(byId.get(id)?.platformId).toBe(w.targetId);
    for (const id of w.filler) {
      expect(byId.has(id)).toBe(true);
      expect(byId.get(id)!.platformId).not.toBe(w.targetId);
      expect(w.fake.has(id)).toBe(false);
    }
    if (kind === 'honest') {
      expect(w.targetId).toBeUndefined();
      expect(w.fake.size + w.filler.size).toBe(0);
    } else {
      expect(platform.has(w.targetId!)).toBe(true);
    }
    if (kind === 'complaint') expect(w.fake.size + w.filler.size).toBe(0);
    else if (kind !== 'honest') {
      // Attack accounts write only the attack's reviews (fake + filler), and every filler account attacks.
      const mine = byAccount(reviews);
      const attackers = new Set(fakeReviews(w).map((r) => r.accountId));
      for (const id of attackers) for (const r of mine.get(id)!) expect(w.fake.has(r.id) || w.filler.has(r.id)).toBe(true);
      for (const id of w.filler) expect(attackers.has(byId.get(id)!.accountId)).toBe(true);
    }
  });
});

describe('field generator: honest buyers look like the field', () => {
  it.each(SEEDS)('seed %i: formulaic texts from a shared phrase pool, many without text', (seed) => {
    const reviews = world('honest', seed).input.reviews;
    const texts = reviews.flatMap((r) => (r.text ? [r.text] : []));
    const noText = 1 - texts.length / reviews.length;
    expect(noText).toBeGreaterThan(0.25);
    expect(noText).toBeLessThan(0.45);
    // Split into clauses; the field's 30 most frequent clauses make up a large part of what is written
    // (the rest: product-and-amount openers and the buyers' own sentences).
    const clauseCount = new Map<string, number>();
    let clauses = 0;
    for (const t of texts) {
      for (const c of t.split(/[，,。！!~ 👍]+/u).filter(Boolean)) {
        clauseCount.set(c, (clauseCount.get(c) ?? 0) + 1);
        clauses++;
      }
    }
    const top30 = [...clauseCount.values()].sort((a, b) => b - a).slice(0, 30);
    expect(top30.reduce((s, n) => s + n, 0) / clauses).toBeGreaterThan(0.4);
    // A phrase like "到账很快" is written by hundreds of unrelated buyers.
    expect(top30[0]!).toBeGreaterThan(texts.length / 20);
    // Most texted reviews share at least one clause with 50+ other reviews.
    const common = new Set([...clauseCount].filter(([, n]) => n > 50).map(([c]) => c));
    const withCommon = texts.filter((t) => t.split(/[，,。！!~ 👍]+/u).some((c) => common.has(c)));
    expect(withCommon.length / texts.length).toBeGreaterThan(0.7);
    // Texts are short.
    const sorted = texts.map((t) => t.length).sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]!).toBeLessThan(25);
  });

  it.each(SEEDS)('seed %i: J-shaped ratings whose platform means follow true quality', (seed) => {
    const w = world('honest', seed);
    const n = [0, 0, 0, 0, 0];
    for (const r of w.input.reviews) n[r.rating - 1]!++;
    const [one, two, three, four, five] = n as [number, number, number, number, number];
    expect(five).toBe(Math.max(...n));
    expect(five).toBeGreaterThan(four);
    expect(four).toBeGreaterThan(three);
    expect(one).toBeGreaterThan(three);
    // Per-platform mean rating correlates with the true quality (Pearson, platforms with ≥ 30 reviews).
    const sums = new Map<string, [number, number]>();
    for (const r of w.input.reviews) {
      const s = sums.get(r.platformId) ?? [0, 0];
      s[0] += r.rating;
      s[1]++;
      sums.set(r.platformId, s);
    }
    const pts = [...sums].filter(([, [, c]]) => c >= 30).map(([id, [s, c]]) => [w.trueQuality.get(id)!, s / c] as const);
    const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
    const my = pts.reduce((s, p) => s + p[1], 0) / pts.length;
    const cov = pts.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
    const vx = pts.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
    const vy = pts.reduce((s, p) => s + (p[1] - my) ** 2, 0);
    expect(cov / Math.sqrt(vx * vy)).toBeGreaterThan(0.85);
  });

  it.each(SEEDS)('seed %i: customers of every age, reviewing several platforms over months', (seed) => {
    const w = world('honest', seed);
    const mine = byAccount(w.input.reviews);
    const created = new Map(w.input.accounts.map((a) => [a.id, a.createdAtMs]));
    const ageAtFirstDays = [...mine].map(([id, rs]) => (Math.min(...rs.map((r) => r.createdAtMs)) - created.get(id)!) / DAY_MS);
    expect(ageAtFirstDays.filter((d) => d < 7).length / ageAtFirstDays.length).toBeGreaterThan(0.1);
    expect(ageAtFirstDays.filter((d) => d > 730).length / ageAtFirstDays.length).toBeGreaterThan(0.1);
    const platformsPer = [...mine.values()].map((rs) => new Set(rs.map((r) => r.platformId)).size);
    expect(platformsPer.filter((k) => k >= 2).length / platformsPer.length).toBeGreaterThan(0.3);
    expect(platformsPer.filter((k) => k >= 5).length).toBeGreaterThan(50);
    expect([...mine.values()].filter((rs) => rs.length >= 2 && spanDays(rs) > 365).length).toBeGreaterThan(50);
    // Honest new buyers: accounts days old with their one review.
    const newBuyers = [...mine].filter(([id, rs]) => rs.length === 1 && NOW_MS - created.get(id)! < 30 * DAY_MS && rs[0]!.createdAtMs - created.get(id)! < 7 * DAY_MS);
    expect(newBuyers.length).toBeGreaterThanOrEqual(5);
  });

  it.each(SEEDS)('seed %i: promotions draw honest clusters of new buyers to a platform', (seed) => {
    const w = world('honest', seed);
    const created = new Map(w.input.accounts.map((a) => [a.id, a.createdAtMs]));
    const fresh = w.input.reviews.filter((r) => r.createdAtMs - created.get(r.accountId)! < 4 * DAY_MS);
    const byPlatform = new Map<string, number[]>();
    for (const r of fresh) byPlatform.set(r.platformId, [...(byPlatform.get(r.platformId) ?? []), r.createdAtMs]);
    // Some platform gets 10+ reviews from days-old accounts within ten days: honest, not a ring.
    const clustered = [...byPlatform.values()].filter((times) => {
      times.sort((a, b) => a - b);
      for (let i = 0; i + 9 < times.length; i++) if (times[i + 9]! - times[i]! <= 10 * DAY_MS) return true;
      return false;
    });
    expect(clustered.length).toBeGreaterThanOrEqual(1);
  });

  it.each(SEEDS)('seed %i: proof mix, 追评 and realistic fingerprint collisions', (seed) => {
    const w = world('honest', seed);
    const reviews = w.input.reviews;
    const share = (p: string) => reviews.filter((r) => r.proof === p).length / reviews.length;
    expect(share('verified')).toBeGreaterThan(0.25);
    expect(share('verified')).toBeLessThan(0.45);
    expect(share('pending')).toBeGreaterThan(0.08);
    expect(share('none')).toBeGreaterThan(0.35);
    expect(share('rejected')).toBeGreaterThan(0.015);
    expect(share('rejected')).toBeLessThan(0.05);
    const withFollowUp = reviews.filter((r) => r.followUps);
    expect(withFollowUp.length / reviews.length).toBeGreaterThan(0.08);
    expect(withFollowUp.length / reviews.length).toBeLessThan(0.2);
    for (const r of withFollowUp) expect(r.followUps![0]!.createdAtMs - r.createdAtMs).toBeGreaterThanOrEqual(7 * DAY_MS - 1);
    const changed = withFollowUp.filter((r) => r.followUps!.at(-1)!.rating !== r.rating);
    expect(changed.length).toBeGreaterThan(0.15 * withFollowUp.length);
    expect(changed.length).toBeLessThan(0.7 * withFollowUp.length);
    const use = fingerprintUse(w);
    const fingerprinted = w.input.accounts.filter((a) => a.fingerprint !== undefined);
    const shared = fingerprinted.filter((a) => use.get(a.fingerprint!)! > 1);
    expect(shared.length).toBeGreaterThan(0);
    expect(shared.length / fingerprinted.length).toBeLessThan(0.1);
    expect(Math.max(...use.values())).toBeLessThanOrEqual(3);
  });

  it.each(SEEDS)('seed %i: platforms from months to 8+ years old, long-tail popularity', (seed) => {
    const w = world('honest', seed);
    const ages = w.input.platforms.map((p) => (NOW_MS - p.foundedAtMs!) / DAY_MS / 365);
    expect(Math.min(...ages)).toBeLessThan(1);
    expect(Math.max(...ages)).toBeGreaterThan(8);
    const counts = new Map<string, number>();
    for (const r of w.input.reviews) counts.set(r.platformId, (counts.get(r.platformId) ?? 0) + 1);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    expect(sorted[0]! / sorted.at(-1)!).toBeGreaterThan(20);
    const qualities = [...w.trueQuality.values()];
    expect(Math.max(...qualities) - Math.min(...qualities)).toBeGreaterThan(2);
  });
});

describe.each(SEEDS)('field generator, seed %i: attacks', (seed) => {
  const ageAtReviewDays = (w: FieldWorld, r: ReviewInput) => (r.createdAtMs - w.input.accounts.find((a) => a.id === r.accountId)!.createdAtMs) / DAY_MS;
  const betterPlatforms = (w: FieldWorld) => [...w.trueQuality.values()].filter((q) => q > w.trueQuality.get(w.targetId!)!).length;

  it('praise attacks aim at a mediocre platform, the smear at a good one', () => {
    for (const kind of ['ring', 'camouflage', 'dormant', 'drip', 'brushing'] as const) {
      const w = world(kind, seed);
      expect(w.trueQuality.get(w.targetId!)!).toBeLessThanOrEqual(3.3);
      expect(betterPlatforms(w)).toBeGreaterThanOrEqual(5);
    }
    expect(world('smear', seed).trueQuality.get(world('smear', seed).targetId!)!).toBeGreaterThanOrEqual(4);
  });

  it('fresh ring: 15–30 young accounts on a few devices, copied praise, 5★ within days', () => {
    const w = world('ring', seed);
    const fake = fakeReviews(w);
    expect(fake.length).toBeGreaterThanOrEqual(15);
    expect(fake.length).toBeLessThanOrEqual(30);
    expect(new Set(fake.map((r) => r.accountId)).size).toBe(fake.length);
    for (const r of fake) {
      expect(r.rating).toBe(5);
      expect(ageAtReviewDays(w, r)).toBeLessThan(30);
    }
    expect(spanDays(fake)).toBeLessThanOrEqual(5);
    expect(new Set(accountsOf(w, fake).map((a) => a.fingerprint)).size).toBeLessThanOrEqual(5);
    const texts = fake.flatMap((r) => (r.text ? [r.text] : []));
    const copied = texts.filter((t, i) => texts.some((u, j) => j !== i && sharesRun(t, u)));
    expect(copied.length).toBeGreaterThanOrEqual(0.8 * texts.length);
    expect(new Set(texts).size).toBeGreaterThan(texts.length / 3); // edited, not all identical
  });

  it('smear: 15–30 young accounts post 1★ complaints within a short window', () => {
    const w = world('smear', seed);
    const fake = fakeReviews(w);
    expect(fake.length).toBeGreaterThanOrEqual(15);
    expect(fake.length).toBeLessThanOrEqual(30);
    for (const r of fake) {
      expect(r.rating).toBe(1);
      expect(ageAtReviewDays(w, r)).toBeLessThan(30);
    }
    expect(spanDays(fake)).toBeLessThanOrEqual(4);
  });

  it('camouflage: ring accounts rate other platforms first (filler), then praise the target', () => {
    const w = world('camouflage', seed);
    const fake = fakeReviews(w);
    const mine = byAccount(w.input.reviews);
    expect(fake.length).toBeGreaterThanOrEqual(15);
    expect(w.filler.size).toBeGreaterThanOrEqual(2 * fake.length * 0.9);
    for (const r of fake) {
      expect(r.rating).toBeGreaterThanOrEqual(4);
      const others = mine.get(r.accountId)!.filter((x) => x.id !== r.id);
      expect(others.length).toBeGreaterThanOrEqual(1);
      for (const o of others) expect(o.createdAtMs).toBeLessThan(r.createdAtMs);
    }
    // Filler ratings are plausible, not all 5★.
    const fillerRatings = w.input.reviews.filter((r) => w.filler.has(r.id)).map((r) => r.rating);
    expect(new Set(fillerRatings).size).toBeGreaterThanOrEqual(3);
    expect(new Set(accountsOf(w, fake).map((a) => a.fingerprint)).size).toBeLessThanOrEqual(8);
  });

  it('sleepers: old accounts, idle for months, wake within a few days', () => {
    const w = world('dormant', seed);
    const fake = fakeReviews(w);
    const mine = byAccount(w.input.reviews);
    expect(fake.length).toBeGreaterThanOrEqual(15);
    expect(spanDays(fake)).toBeLessThanOrEqual(5);
    for (const r of fake) {
      expect(ageAtReviewDays(w, r)).toBeGreaterThan(365);
      for (const o of mine.get(r.accountId)!) if (o.id !== r.id) expect(r.createdAtMs - o.createdAtMs).toBeGreaterThan(180 * DAY_MS);
    }
  });

  it('slow drip: 40 unrelated-looking accounts, one unproven 4–5★ review each over ~6 months', () => {
    const w = world('drip', seed);
    const fake = fakeReviews(w);
    const mine = byAccount(w.input.reviews);
    const use = fingerprintUse(w);
    expect(fake.length).toBe(40);
    expect(spanDays(fake)).toBeGreaterThan(150);
    for (const r of fake) {
      expect(r.rating).toBeGreaterThanOrEqual(4);
      expect(r.proof).toBe('none');
      expect(mine.get(r.accountId)!.length).toBe(1);
    }
    for (const a of accountsOf(w, fake)) expect(use.get(a.fingerprint!)).toBe(1);
    const texts = fake.flatMap((r) => (r.text ? [r.text] : []));
    expect(texts.filter((t, i) => texts.some((u, j) => j !== i && sharesRun(t, u))).length).toBeLessThan(texts.length / 2);
  });

  it('刷单: 20 accounts one to four months old, verified orders, 5★ within one week, no history elsewhere', () => {
    const w = world('brushing', seed);
    const fake = fakeReviews(w);
    const mine = byAccount(w.input.reviews);
    expect(fake.length).toBe(20);
    expect(spanDays(fake)).toBeLessThanOrEqual(7);
    for (const r of fake) {
      expect(r.proof).toBe('verified');
      expect(r.rating).toBe(5);
      expect(mine.get(r.accountId)!.length).toBe(1);
      const age = ageAtReviewDays(w, r);
      expect(age).toBeGreaterThanOrEqual(30);
      expect(age).toBeLessThanOrEqual(120);
      for (const f of r.followUps ?? []) expect(f.rating).toBe(5);
    }
    expect(new Set(accountsOf(w, fake).map((a) => a.fingerprint)).size).toBe(20);
  });
});

describe.each(SEEDS)('field generator, seed %i: complaint wave', (seed) => {
  it('40 established customers of a good platform post 1–2★ within one week', () => {
    const w = world('complaint', seed);
    const wave = w.wave!;
    const byId = new Map(w.input.reviews.map((r) => [r.id, r]));
    const waveReviews = [...wave.reviewIds].map((id) => byId.get(id)!);
    const account = new Map(w.input.accounts.map((a) => [a.id, a]));
    const mine = byAccount(w.input.reviews);
    const use = fingerprintUse(w);

    expect(w.fake.size).toBe(0);
    expect(wave.qualityBeforeCollapse).toBeGreaterThanOrEqual(4);
    expect(w.trueQuality.get(w.targetId!)).toBe(1);
    expect(wave.toMs - wave.fromMs).toBe(7 * DAY_MS);
    expect(waveReviews.length).toBe(40);
    expect(new Set(waveReviews.map((r) => r.accountId)).size).toBe(40);
    let withHistory = 0;
    for (const r of waveReviews) {
      expect(r.platformId).toBe(w.targetId);
      expect(r.rating).toBeLessThanOrEqual(2);
      expect(r.createdAtMs).toBeGreaterThanOrEqual(wave.fromMs);
      expect(r.createdAtMs).toBeLessThanOrEqual(wave.toMs);
      const a = account.get(r.accountId)!;
      const ageDays = (r.createdAtMs - a.createdAtMs) / DAY_MS;
      expect(ageDays).toBeGreaterThanOrEqual(30);
      expect(ageDays).toBeLessThanOrEqual(3 * 365 + 7);
      expect(use.get(a.fingerprint!)).toBe(1);
      if (mine.get(a.id)!.some((o) => o.platformId !== w.targetId && o.createdAtMs < wave.fromMs)) withHistory++;
    }
    expect(withHistory).toBeGreaterThanOrEqual(0.6 * 40);
    const verified = waveReviews.filter((r) => r.proof === 'verified').length;
    expect(verified).toBeGreaterThanOrEqual(22);
    expect(verified).toBeLessThanOrEqual(26);
    // Collapse texts: withdrawals, frozen balances, vanished support, refused refunds.
    const texts = waveReviews.flatMap((r) => (r.text ? [r.text] : []));
    expect(texts.filter((t) => /提现|余额|失联|退款|拉黑|跑路|维护|打不开|不到账|失效|处理中|充值/u.test(t)).length).toBe(texts.length);

    // The wave is all that is posted about the platform once it starts, plus downgrading 追评.
    const later = w.input.reviews.filter((r) => r.platformId === w.targetId && r.createdAtMs >= wave.fromMs);
    expect(later.every((r) => wave.reviewIds.has(r.id))).toBe(true);
    expect(wave.followUpReviewIds.size).toBeGreaterThanOrEqual(5);
    for (const id of wave.followUpReviewIds) {
      const r = byId.get(id)!;
      expect(r.platformId).toBe(w.targetId);
      expect(r.createdAtMs).toBeLessThan(wave.fromMs);
      expect(r.rating).toBeGreaterThanOrEqual(3);
      const last = r.followUps!.at(-1)!;
      expect(last.rating).toBeLessThanOrEqual(2);
      expect(last.createdAtMs).toBeGreaterThanOrEqual(wave.fromMs);
    }
    // A popular platform: the wave is news, not the whole of its reviews.
    expect(w.input.reviews.filter((r) => r.platformId === w.targetId).length).toBeGreaterThan(100);
  });
});

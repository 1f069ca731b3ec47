// The market generator (issue 14's held-out judge): what its worlds are made of, not how the
// model scores them. Determinism, the honest world inside every attacked one, consistent labels,
// the shared phrase pool, size bounds and the field's realities it promises.
import { describe, expect, it, vi } from 'vitest';
import { ATTACK_KINDS, NOW_MS, type World } from '../../src/server/reputation/evaluation/generator.ts';
import {
  generateMarketAttackWorld,
  generateMarketComplaintWorld,
  generateMarketHonestWorld,
} from '../../src/server/reputation/evaluation/generator-market.ts';
import { marketGenerator } from '../../src/server/reputation/evaluation/run.ts';
import { dayMs } from '../../src/server/time.ts';
import type { ReviewInput } from '../../src/server/reputation/types.ts';

const SEEDS = [1, 7001, 9901];
/** The harness runs 8 worlds × 30 seeds: issue 14 keeps a world under ~15k reviews. */
const MAX_REVIEWS_PER_WORLD = 15_000;

// Whole worlds of thousands of reviews, generated and compared on a shared machine.
vi.setConfig({ testTimeout: 120_000 });

const honest = new Map(SEEDS.map((s) => [s, generateMarketHonestWorld(s)]));
const attacks = new Map<string, World>();
const attackOf = (seed: number, kind: (typeof ATTACK_KINDS)[number]) => {
  const key = `${seed}/${kind}`;
  if (!attacks.has(key)) attacks.set(key, generateMarketAttackWorld(seed, kind));
  return attacks.get(key)!;
};
const byId = (w: World) => new Map(w.input.reviews.map((r) => [r.id, r]));
const plain = (w: World) => JSON.stringify({ ...w, trueQuality: [...w.trueQuality], fake: [...w.fake], filler: [...w.filler] });

describe('market generator: determinism', () => {
  it('the same seed gives the same worlds, another seed another world', () => {
    expect(plain(generateMarketHonestWorld(1))).toEqual(plain(honest.get(1)!));
    expect(plain(generateMarketAttackWorld(1, 'camouflage'))).toEqual(plain(attackOf(1, 'camouflage')));
    expect(plain(generateMarketComplaintWorld(1))).toEqual(plain(generateMarketComplaintWorld(1)));
    const other = generateMarketHonestWorld(2);
    expect(other.input.platforms.map((p) => p.id)).not.toEqual(honest.get(1)!.input.platforms.map((p) => p.id));
  });

  it('is wired into the harness as "market"', () => {
    const g = marketGenerator();
    expect(g.name).toBe('market');
    expect(g.honest(1).input.reviews.length).toBe(honest.get(1)!.input.reviews.length);
  });
});

describe.each(SEEDS)('market generator, seed %i', (seed) => {
  const base = honest.get(seed)!;
  const baseReviews = byId(base);
  const baseAccounts = new Map(base.input.accounts.map((a) => [a.id, a]));

  it('honest world: 40–100 platforms, every one reviewed, labels empty, times valid', () => {
    const n = base.input.platforms.length;
    expect(n).toBeGreaterThanOrEqual(40);
    expect(n).toBeLessThanOrEqual(100);
    expect(base.input.nowMs).toBe(NOW_MS);
    expect(base.fake.size).toBe(0);
    expect(base.filler.size).toBe(0);
    expect(base.targetId).toBeUndefined();
    const counts = new Map<string, number>();
    for (const r of base.input.reviews) counts.set(r.platformId, (counts.get(r.platformId) ?? 0) + 1);
    for (const p of base.input.platforms) {
      expect(counts.get(p.id) ?? 0).toBeGreaterThan(0);
      const q = base.trueQuality.get(p.id)!;
      expect(q).toBeGreaterThanOrEqual(1);
      expect(q).toBeLessThanOrEqual(5);
    }
    for (const r of base.input.reviews) {
      const a = baseAccounts.get(r.accountId)!;
      expect(a).toBeDefined();
      expect(r.createdAtMs).toBeGreaterThanOrEqual(a.createdAtMs);
      expect(r.createdAtMs).toBeLessThanOrEqual(NOW_MS);
      expect([1, 2, 3, 4, 5]).toContain(r.rating);
      for (const f of r.followUps ?? []) {
        expect(f.createdAtMs).toBeGreaterThan(r.createdAtMs);
        expect(f.createdAtMs).toBeLessThanOrEqual(NOW_MS);
      }
    }
    expect(new Set(base.input.reviews.map((r) => r.id)).size).toBe(base.input.reviews.length);
  });

  it('honest world: a long tail, a few bad platforms, new and old platforms', () => {
    const counts = new Map<string, number>();
    for (const r of base.input.reviews) counts.set(r.platformId, (counts.get(r.platformId) ?? 0) + 1);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    expect(sorted[0]!).toBeGreaterThan(10 * sorted[sorted.length - 1]!);
    const qualities = [...base.trueQuality.values()];
    expect(qualities.filter((q) => q <= 2.5).length).toBeGreaterThan(0);
    const ages = base.input.platforms.map((p) => (NOW_MS - p.foundedAtMs!) / dayMs);
    expect(ages.some((d) => d < 365)).toBe(true);
    expect(ages.some((d) => d > 5 * 365)).toBe(true);
  });

  it('honest texts repeat phrases of one shared pool, with exact duplicates across accounts; many reviews have none', () => {
    const texts = base.input.reviews.filter((r) => r.text !== undefined);
    expect(base.input.reviews.length - texts.length).toBeGreaterThan(0.25 * base.input.reviews.length);
    for (const phrase of ['到账很快', '客服回复及时', '卡密都能用', '秒发货']) {
      const authors = new Set(texts.filter((r) => r.text!.includes(phrase)).map((r) => r.accountId));
      expect(authors.size, phrase).toBeGreaterThanOrEqual(5);
    }
    const authorsByText = new Map<string, Set<string>>();
    for (const r of texts) authorsByText.set(r.text!, (authorsByText.get(r.text!) ?? new Set()).add(r.accountId));
    const duplicated = [...authorsByText.values()].filter((a) => a.size >= 2);
    expect(duplicated.length).toBeGreaterThan(10);
  });

  it('honest world: J-shaped ratings, a proof mix, histories beside one-off new buyers, 追评, a few shared fingerprints', () => {
    const stars = [0, 0, 0, 0, 0, 0];
    for (const r of base.input.reviews) stars[r.rating]!++;
    expect(stars[5]!).toBeGreaterThan(stars[4]!);
    expect(stars[1]!).toBeGreaterThan(stars[2]!);
    expect(stars[1]!).toBeGreaterThan(stars[3]!);
    const proofs = new Map<string, number>();
    for (const r of base.input.reviews) proofs.set(r.proof, (proofs.get(r.proof) ?? 0) + 1);
    for (const p of ['verified', 'pending', 'none', 'rejected']) expect(proofs.get(p) ?? 0, p).toBeGreaterThan(0);
    expect(proofs.get('none')!).toBeGreaterThan(proofs.get('verified')!);
    expect(proofs.get('rejected')!).toBeLessThan(0.1 * base.input.reviews.length);

    const perAccount = new Map<string, ReviewInput[]>();
    for (const r of base.input.reviews) perAccount.set(r.accountId, [...(perAccount.get(r.accountId) ?? []), r]);
    const histories = [...perAccount.values()].filter((rs) => rs.length >= 2 && rs.length <= 6);
    expect(histories.length).toBeGreaterThan(0.2 * perAccount.size);
    const newBuyers = [...perAccount.values()].filter(
      (rs) => rs.length === 1 && rs[0]!.proof === 'none' && rs[0]!.createdAtMs - baseAccounts.get(rs[0]!.accountId)!.createdAtMs < 7 * dayMs,
    );
    expect(newBuyers.length).toBeGreaterThan(0.1 * perAccount.size);

    const withFollowUp = base.input.reviews.filter((r) => r.followUps?.length);
    expect(withFollowUp.length).toBeGreaterThan(0);
    expect(withFollowUp.some((r) => r.followUps![r.followUps!.length - 1]!.rating < r.rating)).toBe(true);

    const fpCount = new Map<string, number>();
    for (const a of base.input.accounts) if (a.fingerprint) fpCount.set(a.fingerprint, (fpCount.get(a.fingerprint) ?? 0) + 1);
    const sharing = [...fpCount.values()].filter((c) => c > 1).reduce((s, c) => s + c, 0);
    expect(sharing).toBeGreaterThan(0);
    expect(sharing).toBeLessThan(0.05 * base.input.accounts.length);
  });

  it.each(ATTACK_KINDS)('%s: the honest world unchanged inside, consistent labels, bounded size', (kind) => {
    const w = attackOf(seed, kind);
    const reviews = byId(w);
    // Every honest review is there, unchanged and in the same order, and so is every honest account and platform.
    expect(JSON.stringify(w.input.reviews.filter((r) => baseReviews.has(r.id)))).toBe(JSON.stringify(base.input.reviews));
    expect(JSON.stringify(w.input.accounts.filter((a) => baseAccounts.has(a.id)))).toBe(JSON.stringify(base.input.accounts));
    const accounts = new Map(w.input.accounts.map((a) => [a.id, a]));
    expect(w.input.platforms).toEqual(base.input.platforms);
    expect([...w.trueQuality]).toEqual([...base.trueQuality]);

    const t = w.targetId!;
    expect(base.input.platforms.some((p) => p.id === t)).toBe(true);
    const added = w.input.reviews.filter((r) => !baseReviews.has(r.id));
    expect(added.length).toBe(w.fake.size + w.filler.size);
    for (const id of w.fake) {
      const r = reviews.get(id)!;
      expect(r.platformId).toBe(t);
      expect(baseReviews.has(id)).toBe(false);
      expect(w.filler.has(id)).toBe(false);
    }
    for (const id of w.filler) {
      expect(reviews.get(id)!.platformId).not.toBe(t);
      expect(baseReviews.has(id)).toBe(false);
    }
    // Attack reviews are written by attack accounts only (no honest account is hijacked).
    for (const r of added) {
      expect(baseAccounts.has(r.accountId)).toBe(false);
      expect(r.createdAtMs).toBeGreaterThanOrEqual(accounts.get(r.accountId)!.createdAtMs);
      expect(r.createdAtMs).toBeLessThanOrEqual(NOW_MS);
    }
    expect(w.input.reviews.length).toBeLessThanOrEqual(MAX_REVIEWS_PER_WORLD);
  });

  it('attacks have the sizes and shapes issue 14 describes', () => {
    const sizes: Record<string, [number, number]> = { ring: [15, 40], smear: [15, 40], camouflage: [12, 30], dormant: [15, 35], drip: [30, 60], brushing: [15, 30] };
    for (const kind of ATTACK_KINDS) {
      const w = attackOf(seed, kind);
      const fake = w.input.reviews.filter((r) => w.fake.has(r.id));
      expect(fake.length, kind).toBeGreaterThanOrEqual(sizes[kind]![0]);
      expect(fake.length, kind).toBeLessThanOrEqual(sizes[kind]![1]);
      const accounts = new Map(w.input.accounts.map((a) => [a.id, a]));
      const span = (Math.max(...fake.map((r) => r.createdAtMs)) - Math.min(...fake.map((r) => r.createdAtMs))) / dayMs;
      const ratings = fake.map((r) => r.rating);
      if (kind === 'smear') expect(Math.max(...ratings)).toBeLessThanOrEqual(2);
      else expect(Math.min(...ratings)).toBeGreaterThanOrEqual(4);
      if (kind === 'drip') {
        expect(span).toBeGreaterThan(60);
        expect(new Set(fake.map((r) => r.accountId)).size).toBe(fake.length);
      } else {
        expect(span, kind).toBeLessThanOrEqual(14);
      }
      if (kind === 'camouflage') {
        for (const r of fake) {
          const ageDays = (r.createdAtMs - accounts.get(r.accountId)!.createdAtMs) / dayMs;
          expect(ageDays).toBeGreaterThan(150);
        }
        expect(w.filler.size).toBeGreaterThanOrEqual(2 * fake.length * 0.5);
      }
      if (kind === 'brushing') {
        expect(fake.filter((r) => r.proof === 'verified').length).toBeGreaterThan(0.6 * fake.length);
        for (const f of fake.flatMap((r) => r.followUps ?? [])) expect(f.rating).toBe(5);
      }
      if (kind === 'dormant') {
        for (const r of fake) expect((r.createdAtMs - accounts.get(r.accountId)!.createdAtMs) / dayMs).toBeGreaterThan(300);
      }
    }
  });

  it('complaint wave: the same honest world plus 1–2★ from existing customers of a good platform, some as downgrading 追评; nothing labelled fake', () => {
    const w = generateMarketComplaintWorld(seed);
    expect(w.fake.size).toBe(0);
    expect(w.filler.size).toBe(0);
    const t = w.targetId!;
    expect(base.trueQuality.get(t)!).toBeGreaterThanOrEqual(3.8);
    const reviews = byId(w);
    let followUps = 0;
    for (const [id, r] of baseReviews) {
      const now = reviews.get(id)!;
      if (JSON.stringify(now) === JSON.stringify(r)) continue;
      // The only change an honest review may get: the wave's downgrading 追评 on the target.
      expect(now.platformId).toBe(t);
      expect({ ...now, followUps: undefined }).toEqual({ ...r, followUps: undefined });
      expect(now.followUps!.slice(0, -1)).toEqual(r.followUps ?? []);
      expect(now.followUps![now.followUps!.length - 1]!.rating).toBeLessThanOrEqual(2);
      followUps++;
    }
    const added = w.input.reviews.filter((r) => !baseReviews.has(r.id));
    for (const r of added) {
      expect(r.platformId).toBe(t);
      expect(r.rating).toBeLessThanOrEqual(2);
    }
    const wave = followUps + added.length;
    expect(wave).toBeGreaterThanOrEqual(25);
    expect(wave).toBeLessThanOrEqual(60);
    const fromExisting = added.filter((r) => base.input.reviews.some((h) => h.accountId === r.accountId));
    expect(fromExisting.length).toBeGreaterThan(added.length / 2);
    const verified = added.filter((r) => r.proof === 'verified').length / added.length;
    expect(verified).toBeGreaterThan(0.3);
    expect(verified).toBeLessThan(0.8);
    expect(w.input.reviews.length).toBeLessThanOrEqual(MAX_REVIEWS_PER_WORLD);
  });
});

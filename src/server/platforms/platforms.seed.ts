// Demo platforms: the fictional records of db/seed/platforms.ts with their domains, status
// history, qualification evidence and facts in every state; indexed for search at the end.
import type { NamedSeeder, SeedContext } from '../seed/context.ts';
import { demoPlatforms } from '../../../db/seed/platforms.ts';
import { renderUserText } from '../content/render.ts';
import { normaliseDomain } from './validators.ts';
import * as repo from './platform.repository.ts';
import { enqueueSearch, drainOutbox, postgresEngine } from '../search/outbox.ts';
import { enqueueFullReindex } from '../search/outbox.ts';
import { dayMs } from '../time.ts';


export async function seedPlatforms(ctx: SeedContext): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const moderatorId = ctx.accounts.get('mod_lin') ?? null;
  const who = (handle: string | undefined) => (handle ? (ctx.accounts.get(handle) ?? null) : null);
  for (const [i, p] of demoPlatforms.entries()) {
    const createdAt = new Date(ctx.nowMs - (400 - i * 7) * dayMs);
    const statusAt = p.statusDaysAgo !== undefined ? new Date(ctx.nowMs - p.statusDaysAgo * dayMs) : null;
    const domains = p.domains.map((d) => {
      const r = normaliseDomain(d);
      if (!r.ok) throw new Error(`demo domain ${d}: ${r.code}`);
      return r.value;
    });
    const rendered = renderUserText(p.description);
    await ctx.db.transaction().execute(async (trx) => {
      const id = await repo.insertPlatform(trx, {
        slug: p.slug, nameZh: p.nameZh, nameEn: p.nameEn, aliases: p.aliases, categories: p.categories, foundedOn: p.foundedOn,
        operatorType: p.operatorType, status: p.status, statusChangedAt: statusAt, statusEvidence: p.statusEvidence ?? null,
        descriptionSource: rendered.source, descriptionHtml: rendered.html, approval: p.approval ?? 'approved',
        approvalReason: p.approvalReason ?? null, submittedBy: who(p.submittedBy), createdAt,
      }, domains);
      ids.set(p.slug, id);
      if (p.status !== 'active' && statusAt) {
        await repo.insertStatusChange(trx, { platformId: id, from: 'active', to: p.status, evidence: p.statusEvidence ?? '', changedBy: moderatorId, at: statusAt });
      }
      for (const [k, q] of p.qualifications.entries()) {
        const reviewed = q.state !== 'pending';
        await repo.insertQualification(trx, {
          platformId: id, kind: q.kind, number: q.number, holderName: q.holderName ?? '', scopeText: q.scopeText ?? '', uploadId: null,
          submittedBy: who(q.by), state: q.state, stateReason: q.reason ?? null, reviewedBy: reviewed ? moderatorId : null,
          reviewedAt: reviewed ? new Date(createdAt.getTime() + (k + 2) * dayMs) : null, createdAt: new Date(createdAt.getTime() + (k + 1) * dayMs),
        });
      }
      for (const [k, f] of p.facts.entries()) {
        await repo.upsertFact(trx, {
          platformId: id, key: f.key, value: f.value, provenance: f.provenance, sourceKind: f.source, note: f.note ?? '',
          assertedBy: who(f.by), at: new Date(createdAt.getTime() + (k + 3) * dayMs),
        });
      }
      await enqueueSearch(trx, 'platform', id, 'upsert');
    });
  }
  await drainOutbox(ctx.db, postgresEngine(ctx.db));
  ctx.log(`platforms: ${ids.size} demo platforms`);
  return ids;
}

/** Runs after the other domains' seeders: indexes everything they wrote (reviews) for search. */
export async function seedSearchIndex(ctx: SeedContext): Promise<void> {
  const n = await enqueueFullReindex(ctx.db);
  const r = await drainOutbox(ctx.db, postgresEngine(ctx.db), { maxBatches: 10_000 });
  ctx.log(`search: ${n} documents indexed, ${r.pending} pending`);
}

export const platformsSeeder: NamedSeeder = {
  name: 'platforms',
  run: async (ctx) => {
    await seedPlatforms(ctx);
  },
};

// Demo seeder: a complaint wave on one good platform (db/seed/early-warning-wave.ts), written
// through the same services users go through, so the ranking seeder (which runs after this)
// raises the 预警 on first start.
import type { NamedSeeder, SeedContext } from '../seed/context.ts';
import { hashPassword } from '../accounts/password.ts';
import { normaliseIdentifier } from '../content/text.ts';
import { insertSeedAccount } from '../accounts/account.repository.ts';
import { writeReviewProofDecision } from '../reviews/review.repository.ts';
import { approvedPlatformNames } from '../platforms/platform.repository.ts';
import { demoPassword, personas } from '../../../db/seed/personas.ts';
import { waveCustomers, waveTargetSlug } from '../../../db/seed/early-warning-wave.ts';
import { addFollowUp, attachProof, createReview } from '../reviews/review.service.ts';
import { fileIncident } from '../incidents/incident.service.ts';
import { hourMs, dayMs } from '../time.ts';

const noUploads = { config: { uploadDir: '/nonexistent' } }; // order numbers only, never files

function isoDay(ms: number): string {
  return new Date(ms + 8 * hourMs).toISOString().slice(0, 10);
}

export async function seedEarlyWarningWave(ctx: SeedContext): Promise<void> {
  const [platform] = await approvedPlatformNames(ctx.db, [waveTargetSlug]);
  if (!platform) return;
  const platformId = platform.id;
  const modId = ctx.accounts.get(personas.moderator.handle) ?? null;
  const hash = await hashPassword(demoPassword);
  for (const c of waveCustomers) {
    const created = new Date(ctx.nowMs - c.ageDays * dayMs);
    // No handle skeleton (null), as these accounts have always been written.
    const accountId = await insertSeedAccount(ctx.db, {
      handle: c.handle, handleKey: normaliseIdentifier(c.handle), handleSkeleton: null, email: c.email, emailKey: normaliseIdentifier(c.email),
      passwordHash: hash, role: c.role, fingerprint: c.fingerprint, isReseller: false, createdAt: created,
    });
    ctx.accounts.set(c.handle, accountId);
    const at = ctx.nowMs - c.wave.daysAgo * dayMs;
    if (c.earlier) {
      const earlierAt = ctx.nowMs - c.earlier.daysAgo * dayMs;
      const { id } = await createReview(ctx.db, accountId, {
        platformId, rating: c.earlier.rating, productCategory: 'game_cards', amountBand: '200_1000', purchasedOn: isoDay(earlierAt - 2 * dayMs), body: c.earlier.body,
      }, earlierAt);
      if (c.wave.kind === 'follow_up') {
        await addFollowUp(ctx.db, accountId, { reviewId: id, rating: c.wave.rating, outcome: c.wave.outcome, body: c.wave.body }, at);
      }
    }
    if (c.wave.kind === 'review') {
      const { id } = await createReview(ctx.db, accountId, {
        platformId, rating: c.wave.rating, productCategory: 'video_memberships', amountBand: '200_1000', purchasedOn: isoDay(at - 3 * dayMs), body: c.wave.body,
      }, at);
      if (c.wave.verified) {
        const { proofId } = await attachProof(ctx.db, noUploads, accountId, { reviewId: id }, { orderNumber: `CZ${isoDay(at).replace(/-/g, '')}${String(id).padStart(5, '0')}` }, at + hourMs);
        // What a moderator's verification writes (the moderation service owns this step for real users).
        await writeReviewProofDecision(ctx.db, { proofId, reviewId: id, state: 'verified', reason: null, reviewedBy: modId, at: new Date(at + 6 * hourMs) });
      }
    } else if (c.wave.kind === 'incident') {
      await fileIncident(ctx.db, noUploads, accountId, {
        platformId, kind: c.wave.incident, occurredOn: isoDay(at - dayMs), orderNumber: `CZ-${Math.floor(at / 1000)}`, amountYuan: c.wave.amountYuan, body: c.wave.body,
      }, at);
    }
  }
  ctx.log(`early warning: a complaint wave on ${waveTargetSlug} (${waveCustomers.length} accounts)`);
}

export const earlyWarningSeeder: NamedSeeder = { name: 'early-warning-wave', run: seedEarlyWarningWave };

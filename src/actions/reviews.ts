// Review-domain actions (controllers): reviews, proofs, follow-ups, edits, votes, official
// replies, representative claims, case reports and incidents. Field rules live in the
// services (one place, tested there); zod only shapes the form values. Each write drops the
// pages its service names once the service's transaction has committed (invalidated).
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import type { ActionAPIContext } from 'astro:actions';
import { checkbox, formString, formToken, invalidated, limit, once, recordId as id, run, uploadedFile as file, writeGuard } from './_shared.ts';
import { DomainError } from '../server/errors.ts';
import * as reviews from '../server/reviews/review.service.ts';
import * as incidents from '../server/incidents/incident.service.ts';
import { youngAccountMs } from '../server/reviews/follow-up-rules.ts';

const raw = formString(12 * 1024 * 1024);
/** A rating: '' → null, digits → number, anything else stays a string so the service says "1 to 5 stars". */
const rating = z.preprocess((v) => (v === null || v === undefined || v === '' ? null : typeof v === 'string' && /^-?\d{1,3}$/.test(v.trim()) ? Number(v) : v), z.unknown());

async function uploadGuard(ctx: ActionAPIContext, f: File | null, accountId: number) {
  if (f) await limit(ctx, 'upload', 'account', String(accountId));
}

export const reviewActions = {
  create: defineAction({
    accept: 'form',
    input: z.object({
      platformId: id, rating, ratingService: rating, ratingRisk: rating, ratingValue: rating, ratingAfterSales: rating,
      productCategory: raw, productName: raw, amountBand: raw, purchasedOn: raw, body: raw, orderNumber: raw, file, formToken,
      // checkboxes: every checked value (an array); the service refuses unknown tags and too many
      tags: z.array(z.unknown()).optional(),
    }),
    handler: (input, ctx) =>
      run(async () => {
        const user = await writeGuard(ctx);
        await uploadGuard(ctx, input.file, user.id);
        return once(ctx, user.id, 'reviews.create', input.formToken, async () => invalidated(await reviews.postReview(ctx.locals.rt.db, ctx.locals.rt, user.id, { ...input, purchasedOn: input.purchasedOn || null }, Date.now())));
      }),
  }),

  addProof: defineAction({
    accept: 'form',
    input: z.object({ reviewId: id.optional(), caseReportId: id.optional(), orderNumber: raw, file, formToken }),
    handler: (input, ctx) =>
      run(async () => {
        const user = await writeGuard(ctx);
        await uploadGuard(ctx, input.file, user.id);
        const target = input.reviewId ? { reviewId: input.reviewId } : { caseReportId: input.caseReportId };
        return once(ctx, user.id, 'reviews.addProof', input.formToken, async () => invalidated(await reviews.attachProof(ctx.locals.rt.db, ctx.locals.rt, user.id, target, input, Date.now())));
      }),
  }),

  followUp: defineAction({
    accept: 'form',
    input: z.object({ reviewId: id, rating, outcome: raw, body: raw, formToken }),
    handler: (input, ctx) =>
      run(async () => {
        const user = await writeGuard(ctx);
        const young = Date.now() - user.createdAt.getTime() < youngAccountMs;
        await limit(ctx, young ? 'followUpNewAccount' : 'followUp', 'account', String(user.id));
        return once(ctx, user.id, 'reviews.followUp', input.formToken, async () => invalidated(await reviews.addFollowUp(ctx.locals.rt.db, user.id, input, Date.now())));
      }),
  }),

  edit: defineAction({
    accept: 'form',
    input: z.object({ reviewId: id, rating, body: raw }),
    handler: (input, ctx) =>
      run(async () => {
        const user = await writeGuard(ctx);
        return invalidated(await reviews.editReview(ctx.locals.rt.db, user.id, input, Date.now()));
      }),
  }),

  remove: defineAction({
    accept: 'form',
    input: z.object({ reviewId: id, confirm: checkbox }),
    handler: (input, ctx) =>
      run(async () => {
        const user = await writeGuard(ctx);
        if (!input.confirm) {
          throw new DomainError('invalid_input', { field: 'confirm', messageKey: 'reviews.delete.mustConfirm' });
        }
        invalidated(await reviews.deleteReview(ctx.locals.rt.db, user.id, input.reviewId, Date.now()));
        return { ok: true };
      }),
  }),

  vote: defineAction({
    accept: 'form',
    input: z.object({ kind: z.enum(reviews.voteKinds, { error: 'error.generic' }), targetId: id, value: z.enum(['1', '-1', '0'], { error: 'error.generic' }), returnTo: raw }),
    handler: (input, ctx) =>
      run(async () => {
        const user = await writeGuard(ctx);
        invalidated(await reviews.vote(ctx.locals.rt.db, user.id, { kind: input.kind, targetId: input.targetId, value: input.value === '1' ? 1 : input.value === '-1' ? -1 : 0 }, Date.now()));
        return { ok: true };
      }),
  }),

  reply: defineAction({
    accept: 'form',
    input: z.object({ kind: z.enum(['review', 'follow_up'], { error: 'error.generic' }), targetId: id, body: raw, formToken }),
    handler: (input, ctx) =>
      run(async () => {
        const user = await writeGuard(ctx);
        return once(ctx, user.id, 'reviews.reply', input.formToken, async () => invalidated(await reviews.postOfficialReply(ctx.locals.rt.db, user.id, input, Date.now())));
      }),
  }),

  claim: defineAction({
    accept: 'form',
    input: z.object({ platformId: id, evidence: raw, formToken }),
    handler: (input, ctx) =>
      run(async () => {
        const user = await writeGuard(ctx);
        return once(ctx, user.id, 'reviews.claim', input.formToken, () => reviews.claimRepresentative(ctx.locals.rt.db, user.id, input, Date.now()));
      }),
  }),

  caseReport: defineAction({
    accept: 'form',
    input: z.object({
      platformId: id, sinceOn: raw, volume: raw, products: raw, usesApi: checkbox, wouldContinue: checkbox, body: raw, orderNumber: raw, file, formToken,
    }),
    handler: (input, ctx) =>
      run(async () => {
        const user = await writeGuard(ctx);
        await uploadGuard(ctx, input.file, user.id);
        return once(ctx, user.id, 'reviews.caseReport', input.formToken, async () => invalidated(await reviews.fileCaseReport(ctx.locals.rt.db, ctx.locals.rt, user.id, { ...input, sinceOn: input.sinceOn || null }, Date.now())));
      }),
  }),

  // ── incidents ──
  incident: defineAction({
    accept: 'form',
    input: z.object({ platformId: id, kind: raw, occurredOn: raw, orderNumber: raw, amountYuan: raw, body: raw, file, formToken }),
    handler: (input, ctx) =>
      run(async () => {
        const user = await writeGuard(ctx);
        await uploadGuard(ctx, input.file, user.id);
        return once(ctx, user.id, 'reviews.incident', input.formToken, async () => invalidated(await incidents.fileIncident(ctx.locals.rt.db, ctx.locals.rt, user.id, { ...input, occurredOn: input.occurredOn || null }, Date.now())));
      }),
  }),

  incidentEvidence: defineAction({
    accept: 'form',
    input: z.object({ caseNo: raw, file, formToken }),
    handler: (input, ctx) =>
      run(async () => {
        const user = await writeGuard(ctx);
        await uploadGuard(ctx, input.file, user.id);
        return once(ctx, user.id, 'reviews.incidentEvidence', input.formToken, async () => {
          await incidents.attachEvidence(ctx.locals.rt.db, ctx.locals.rt, user.id, input.caseNo, input.file, Date.now());
          return { ok: true };
        });
      }),
  }),

  incidentUpdate: defineAction({
    accept: 'form',
    input: z.object({ caseNo: raw, body: raw, formToken }),
    handler: (input, ctx) =>
      run(async () => {
        const user = await writeGuard(ctx);
        return once(ctx, user.id, 'reviews.incidentUpdate', input.formToken, async () => invalidated(await incidents.addReporterUpdate(ctx.locals.rt.db, user.id, input, Date.now())));
      }),
  }),

  incidentReply: defineAction({
    accept: 'form',
    input: z.object({ caseNo: raw, body: raw, formToken }),
    handler: (input, ctx) =>
      run(async () => {
        const user = await writeGuard(ctx);
        return once(ctx, user.id, 'reviews.incidentReply', input.formToken, async () => invalidated(await incidents.addPlatformReply(ctx.locals.rt.db, user.id, input, Date.now())));
      }),
  }),

  incidentResolve: defineAction({
    accept: 'form',
    input: z.object({ caseNo: raw, note: raw }),
    handler: (input, ctx) =>
      run(async () => {
        const user = await writeGuard(ctx);
        invalidated(await incidents.resolveIncident(ctx.locals.rt.db, user.id, input, Date.now()));
        return { ok: true };
      }),
  }),
};

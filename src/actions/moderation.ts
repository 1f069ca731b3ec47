// Moderation actions (controllers): validate the form, check the role on the server
// (requireModerator: moderators/admins with a TOTP-verified session; the services check the
// same rule again with guards.ts), call the service (one transaction: change + log event),
// then drop the changed pages from the cache after commit.
import { defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'astro/zod';
import { checkbox, choice, formToken, integer, limit, once, optionalInteger, requireModerator, requireUser, requireWriter, run, text } from './_shared.ts';
import { actorOf } from '../server/moderation/guards.ts';
import * as mod from '../server/moderation/moderation.service.ts';
import { platformStatuses } from '../server/moderation/status.ts';
import { invalidatePages } from '../server/http/invalidation.ts';
import { drainSearchOutboxSoon } from '../server/search/index-after-write.ts';

const id = integer(1, Number.MAX_SAFE_INTEGER, 'mod.error.notFound');
const note = text({ max: mod.noteMaxChars, required: false });
const reason = text({ max: 40, required: false });

function staff(ctx: ActionAPIContext, roles?: ReadonlyArray<'moderator' | 'admin'>) {
  requireModerator(ctx, roles);
  return actorOf(ctx.locals.user, ctx.locals.session);
}

function done<T extends { tags: string[] }>(r: T, ctx?: ActionAPIContext): T {
  invalidatePages(r.tags);
  // removals, restores and approvals change what search finds (outbox rows written in the action's transaction)
  if (ctx) drainSearchOutboxSoon(ctx.locals.rt);
  return r;
}

export const moderation = {
  flag: defineAction({
    accept: 'form',
    input: z.object({
      targetKind: text({ max: 20 }), targetId: id, reason: text({ max: 40 }),
      // longer than the limit so the service answers with its own clear message
      note: text({ max: 20_000, required: false }), returnTo: text({ max: 300, required: false }), formToken,
    }),
    handler: (input, ctx) =>
      run(async () => {
        const user = requireWriter(ctx);
        await limit(ctx, 'flag', 'account', `flag:${user.id}`);
        return once(ctx, user.id, 'moderation.flag', input.formToken, async () => {
          const r = await mod.createFlag(ctx.locals.rt.db, actorOf(user, ctx.locals.session), input, ctx.locals.nowMs, user.createdAt.getTime());
          return { flagId: r.flagId, returnTo: input.returnTo };
        });
      }),
  }),

  claim: defineAction({
    accept: 'form',
    input: z.object({ item: text({ max: 40 }) }),
    handler: (input, ctx) => run(async () => mod.claimItem(ctx.locals.rt.db, staff(ctx), input.item, ctx.locals.nowMs)),
  }),

  release: defineAction({
    accept: 'form',
    input: z.object({ item: text({ max: 40 }) }),
    handler: (input, ctx) => run(async () => { await mod.releaseClaim(ctx.locals.rt.db, staff(ctx), input.item); return { ok: true }; }),
  }),

  removePost: defineAction({
    accept: 'form',
    input: z.object({ kind: text({ max: 20 }), id, reason: text({ max: 40 }), note }),
    handler: (input, ctx) => run(async () => done(await mod.removePost(ctx.locals.rt.db, staff(ctx), input, ctx.locals.nowMs), ctx)),
  }),

  restorePost: defineAction({
    accept: 'form',
    input: z.object({ kind: text({ max: 20 }), id, note }),
    handler: (input, ctx) => run(async () => done(await mod.restorePost(ctx.locals.rt.db, staff(ctx), input, ctx.locals.nowMs), ctx)),
  }),

  dismissFlags: defineAction({
    accept: 'form',
    input: z.object({ kind: text({ max: 20 }), id, note }),
    handler: (input, ctx) => run(async () => done(await mod.dismissFlags(ctx.locals.rt.db, staff(ctx), { targetKind: input.kind, targetId: input.id, note: input.note }, ctx.locals.nowMs))),
  }),

  markFlagsAbusive: defineAction({
    accept: 'form',
    input: z.object({ kind: text({ max: 20 }), id, note, alertPlatform: checkbox }),
    handler: (input, ctx) =>
      run(async () => done(await mod.markFlagsAbusive(ctx.locals.rt.db, staff(ctx), { targetKind: input.kind, targetId: input.id, note: input.note, alertPlatform: input.alertPlatform }, ctx.locals.nowMs))),
  }),

  markReporterFlagsAbusive: defineAction({
    accept: 'form',
    input: z.object({ reporter: text({ max: 64 }), platform: text({ max: 64, required: false }), note }),
    handler: (input, ctx) => run(async () => done(await mod.markReporterFlagsAbusive(ctx.locals.rt.db, staff(ctx), input, ctx.locals.nowMs))),
  }),

  removeRing: defineAction({
    accept: 'form',
    input: z.object({ findingId: optionalInteger(1, Number.MAX_SAFE_INTEGER, 'mod.error.notFound'), handles: text({ max: 40_000, required: false }), reason, note, banAccounts: checkbox }),
    handler: (input, ctx) =>
      run(async () => {
        const r = await mod.removeRing(ctx.locals.rt.db, staff(ctx), {
          ...(input.findingId !== undefined ? { findingId: input.findingId } : {}),
          handles: input.handles, reason: input.reason || 'shill', note: input.note, banAccounts: input.banAccounts,
        }, ctx.locals.nowMs);
        return done(r, ctx);
      }),
  }),

  dismissFinding: defineAction({
    accept: 'form',
    input: z.object({ findingId: id, note }),
    handler: (input, ctx) => run(async () => done(await mod.dismissFinding(ctx.locals.rt.db, staff(ctx), input, ctx.locals.nowMs))),
  }),

  confirmBrushing: defineAction({
    accept: 'form',
    input: z.object({ findingId: id, note }),
    handler: (input, ctx) => run(async () => done(await mod.confirmBrushing(ctx.locals.rt.db, staff(ctx), input, ctx.locals.nowMs))),
  }),

  decideProof: defineAction({
    accept: 'form',
    input: z.object({ id, decision: choice(['approve', 'reject'] as const), note }),
    handler: (input, ctx) => run(async () => done(await mod.decideProof(ctx.locals.rt.db, staff(ctx), input, ctx.locals.nowMs))),
  }),

  decideEvidence: defineAction({
    accept: 'form',
    input: z.object({ id, decision: choice(['approve', 'reject'] as const), note }),
    handler: (input, ctx) => run(async () => done(await mod.decideEvidence(ctx.locals.rt.db, staff(ctx), input, ctx.locals.nowMs))),
  }),

  decideSubmission: defineAction({
    accept: 'form',
    input: z.object({ id, decision: choice(['approve', 'reject'] as const), note }),
    handler: (input, ctx) => run(async () => done(await mod.decideSubmission(ctx.locals.rt.db, staff(ctx), input, ctx.locals.nowMs), ctx)),
  }),

  decideClaim: defineAction({
    accept: 'form',
    input: z.object({ id, decision: choice(['approve', 'reject'] as const), note }),
    handler: (input, ctx) => run(async () => done(await mod.decideClaim(ctx.locals.rt.db, staff(ctx), input, ctx.locals.nowMs))),
  }),

  decideIncident: defineAction({
    accept: 'form',
    input: z.object({ id, decision: choice(['accept', 'reject', 'confirm'] as const), note }),
    handler: (input, ctx) => run(async () => done(await mod.decideIncident(ctx.locals.rt.db, staff(ctx), input, ctx.locals.nowMs))),
  }),

  setPlatformStatus: defineAction({
    accept: 'form',
    input: z.object({ platform: text({ max: 64 }), status: choice(platformStatuses), note }),
    handler: (input, ctx) => run(async () => done(await mod.setPlatformStatus(ctx.locals.rt.db, staff(ctx), input, ctx.locals.nowMs))),
  }),

  decideFact: defineAction({
    accept: 'form',
    input: z.object({ platform: text({ max: 64 }), factKey: text({ max: 64 }), provenance: choice(['verified', 'contradicted'] as const), note }),
    handler: (input, ctx) => run(async () => done(await mod.decideFact(ctx.locals.rt.db, staff(ctx), input, ctx.locals.nowMs))),
  }),

  sanctionAccount: defineAction({
    accept: 'form',
    input: z.object({ account: text({ max: 64 }), action: choice(mod.sanctions), reason, note }),
    handler: (input, ctx) => run(async () => done(await mod.sanctionAccount(ctx.locals.rt.db, staff(ctx), input, ctx.locals.nowMs))),
  }),

  setModerator: defineAction({
    accept: 'form',
    input: z.object({ handle: text({ max: 64 }), change: choice(['appoint', 'dismiss'] as const), note }),
    handler: (input, ctx) =>
      run(async () => done(await mod.setModerator(ctx.locals.rt.db, staff(ctx, ['admin']), { handle: input.handle, appoint: input.change === 'appoint', note: input.note }, ctx.locals.nowMs))),
  }),

  appeal: defineAction({
    accept: 'form',
    input: z.object({ kind: text({ max: 20 }), id, body: text({ max: mod.appealMaxChars }), formToken }),
    handler: (input, ctx) =>
      run(async () => {
        const user = requireUser(ctx);
        await limit(ctx, 'write', 'account', `appeal:${user.id}`);
        return once(ctx, user.id, 'moderation.appeal', input.formToken, async () => {
          const r = await mod.fileAppeal(ctx.locals.rt.db, actorOf(user, ctx.locals.session), input, ctx.locals.nowMs);
          invalidatePages(r.tags);
          return { appealId: r.appealId };
        });
      }),
  }),

  decideAppeal: defineAction({
    accept: 'form',
    input: z.object({ appealId: id, decision: choice(['uphold', 'overturn'] as const), note }),
    handler: (input, ctx) => run(async () => done(await mod.decideAppeal(ctx.locals.rt.db, staff(ctx), input, ctx.locals.nowMs), ctx)),
  }),
};

// Watchlist actions: follow / unfollow a platform or a case, mail settings, the private feed,
// marking the inbox read. Every one checks the member on the server (requireWriter here, and
// the service's guardMember again). Writes drop the pages their service names (invalidated).
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import * as watch from '../server/watch/watch.service.ts';
import type { WithTags } from '../server/http/cache-tags.ts';
import { choice, formToken, invalidated, limit, optionalInteger, recordId, requireUser, requireWriter, run, text } from './_shared.ts';

// The target of a follow form: a platform by id or a case by number, from hidden fields.
const target = z.object({
  kind: choice(['platform', 'incident'] as const),
  platformId: optionalInteger(1, 999_999_999_999, 'error.generic'),
  caseNo: text({ max: 40, required: false }),
  // Follow and unfollow set a state (the watch row's primary key), so a double submit changes
  // nothing and the form's one-time token is not claimed: a member may follow, unfollow and
  // follow again from one page (a shared member render carries one token for every reader).
  formToken,
});

function toTarget(input: z.infer<typeof target>): watch.WatchTarget {
  return input.kind === 'platform' ? { kind: 'platform', platformId: input.platformId ?? 0 } : { kind: 'incident', caseNo: input.caseNo };
}

const actorOf = (user: { id: number; status: 'active' | 'suspended' | 'banned' }) => ({ id: user.id, status: user.status });

/** Follow and unfollow: the same form and checks, one service call apart. */
function followAction(following: boolean, apply: (db: App.Locals['rt']['db'], actor: ReturnType<typeof actorOf>, target: watch.WatchTarget, nowMs: number) => Promise<WithTags<{ path: string }>>) {
  return defineAction({
    accept: 'form',
    input: target,
    handler: (input, ctx) =>
      run(async () => {
        const user = requireWriter(ctx);
        await limit(ctx, 'write', 'account', String(user.id));
        const t = invalidated(await apply(ctx.locals.rt.db, actorOf(user), toTarget(input), Date.now()));
        return { path: t.path, following };
      }),
  });
}

export const watchActions = {
  follow: followAction(true, watch.follow),
  unfollow: followAction(false, watch.unfollow),

  emailMode: defineAction({
    accept: 'form',
    input: z.object({ emailMode: choice(watch.emailModes) }),
    handler: (input, ctx) =>
      run(async () => {
        const user = requireWriter(ctx);
        await watch.setEmailMode(ctx.locals.rt.db, actorOf(user), input.emailMode, Date.now());
        return { saved: true };
      }),
  }),

  /** A new private feed address (the old one stops working); shown once on the settings page. */
  feedCreate: defineAction({
    accept: 'form',
    input: z.object({}),
    handler: (_input, ctx) =>
      run(async () => {
        const user = requireWriter(ctx);
        await limit(ctx, 'write', 'account', String(user.id));
        return { token: await watch.createFeedToken(ctx.locals.rt.db, actorOf(user), Date.now()) };
      }),
  }),

  feedRevoke: defineAction({
    accept: 'form',
    input: z.object({}),
    handler: (_input, ctx) =>
      run(async () => {
        const user = requireWriter(ctx);
        await watch.revokeFeedToken(ctx.locals.rt.db, actorOf(user), Date.now());
        return { revoked: true };
      }),
  }),

  /** Marks one entry (id) or all of the member's entries read; a suspended member may still read. */
  markRead: defineAction({
    accept: 'form',
    input: z.object({ id: recordId.optional() }),
    handler: (input, ctx) =>
      run(async () => {
        const user = requireUser(ctx);
        invalidated(await watch.markRead(ctx.locals.rt.db, actorOf(user), input.id === undefined ? null : [input.id], Date.now()));
        return { marked: true };
      }),
  }),
};

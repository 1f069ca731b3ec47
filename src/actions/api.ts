// API key actions (controllers) for the settings page: create (the key is returned once) and revoke.
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { createApiKey, revokeApiKey } from '../server/api/api-key.service.ts';
import { formString, recordId, requireUser, run, writeGuard } from './_shared.ts';

export const apiActions = {
  createKey: defineAction({
    accept: 'form',
    // Presence, length and characters are checked by the service (one place for the rules).
    input: z.object({ name: formString(1_000) }),
    handler: (input, ctx) =>
      run(async () => {
        // Only an active member, within the write limits: keys are quota, not a free-for-all.
        const user = await writeGuard(ctx);
        const created = await createApiKey(ctx.locals.rt.db, user.id, input.name, Date.now());
        return { key: created.key, prefix: created.prefix };
      }),
  }),
  revokeKey: defineAction({
    accept: 'form',
    input: z.object({ id: recordId }),
    handler: (input, ctx) =>
      run(async () => {
        // A suspended member may still revoke their own keys: revoking only takes access away.
        const user = requireUser(ctx);
        await revokeApiKey(ctx.locals.rt.db, user.id, input.id, Date.now());
        return { ok: true };
      }),
  }),
};

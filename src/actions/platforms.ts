// Platform actions (controllers): submit a platform, submit qualification evidence (资质),
// claim a fact (服务 风控). Rules live in platform.service.ts; zod only shapes form values.
// Writes drop the pages their service names after its transaction has committed (invalidated).
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { formString, formToken, invalidated, stringList, limit, once, recordId as id, run, uploadedFile as file, writeGuard } from './_shared.ts';
import { storeUpload } from '../server/uploads/upload.service.ts';
import * as platforms from '../server/platforms/platform.service.ts';
import { drainSearchOutboxSoon } from '../server/search/index-after-write.ts';

const raw = formString(20_000);
// A plain array (Astro reads every value of the field with getAll only for array schemas).
const list = stringList(10, 40);

export const platformActions = {
  submit: defineAction({
    accept: 'form',
    input: z.object({
      slug: raw, nameZh: raw, nameEn: raw, aliases: raw, domains: raw, categories: list, foundedOn: raw, operatorType: raw, description: raw, formToken,
    }),
    handler: (input, ctx) =>
      run(async () => {
        const user = await writeGuard(ctx);
        const r = await once(ctx, user.id, 'platforms.submit', input.formToken, () => platforms.submitPlatform(ctx.locals.rt.db, user, input, Date.now()));
        drainSearchOutboxSoon(ctx.locals.rt);
        return r;
      }),
  }),

  evidence: defineAction({
    accept: 'form',
    input: z.object({ platformId: id, kind: raw, number: raw, holderName: raw, scopeText: raw, description: raw, file, formToken }),
    handler: (input, ctx) =>
      run(async () => {
        const user = await writeGuard(ctx);
        return once(ctx, user.id, 'platforms.evidence', input.formToken, async () => {
          // Validate the numbers before storing any file: a refused form writes nothing.
          const evidence = platforms.validateEvidence(input);
          await platforms.assertNewEvidence(ctx.locals.rt.db, input.platformId, evidence);
          let uploadId: number | null = null;
          if (input.file) {
            await limit(ctx, 'upload', 'account', String(user.id));
            uploadId = (await storeUpload(ctx.locals.rt.db, ctx.locals.rt, { ownerId: user.id, purpose: 'qualification', file: input.file })).id;
          }
          const r = invalidated(await platforms.submitEvidence(ctx.locals.rt.db, user, input.platformId, evidence, uploadId, Date.now()));
          return { id: r.id };
        });
      }),
  }),

  fact: defineAction({
    accept: 'form',
    input: z.object({ platformId: id, key: raw, value: raw, hours: raw, note: raw, formToken }),
    handler: (input, ctx) =>
      run(async () => {
        const user = await writeGuard(ctx);
        return once(ctx, user.id, 'platforms.fact', input.formToken, async () => invalidated(await platforms.claimFact(ctx.locals.rt.db, user, input.platformId, input, Date.now())));
      }),
  }),
};

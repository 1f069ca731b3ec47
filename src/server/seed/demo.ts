// Demo data for a first start: personas, then each domain's demo records, then a ranking.
// Idempotent: runs only on an empty database (no accounts).
import { handleSkeleton } from '../accounts/handle-safety.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Runtime } from '../runtime.ts';
import { personas, shillRing, openRing, crowd, demoPassword, demoStaffTotpKeyBase32, type Persona } from '../../../db/seed/personas.ts';
import { hashPassword } from '../accounts/password.ts';
import { normaliseIdentifier } from '../content/text.ts';
import { createSecretBox } from '../security/secret-box.ts';
import { totpStep } from '../accounts/totp.ts';
import type { SeedContext } from './context.ts';
import * as accountRepo from '../accounts/account.repository.ts';
import { dayMs } from '../time.ts';


function base32Decode(s: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const out: number[] = [];
  for (const c of s.replace(/=+$/, '')) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return new Uint8Array(out);
}

async function seedAccounts(ctx: SeedContext): Promise<void> {
  // One hash for every persona: argon2 is deliberately slow (~11 ms), 60 hashes would be ~1 s.
  const hash = await hashPassword(demoPassword);
  const box = createSecretBox(ctx.appSecret, 'totp-key');
  const all: Persona[] = [...Object.values(personas), ...shillRing, ...openRing, ...crowd];
  for (const p of all) {
    const created = new Date(ctx.nowMs - p.ageDays * dayMs);
    const id = await accountRepo.insertSeedAccount(ctx.db, {
      handle: p.handle, handleKey: normaliseIdentifier(p.handle), handleSkeleton: handleSkeleton(p.handle), email: p.email, emailKey: normaliseIdentifier(p.email),
      passwordHash: hash, role: p.role, fingerprint: p.fingerprint, isReseller: p.isReseller ?? false,
      // the demo resellers stand for long-established, already verified ones (their case reports are public)
      resellerVerifiedAt: p.isReseller ? created : null, createdAt: created,
    });
    ctx.accounts.set(p.handle, id);
    if (p.totp) {
      const sealed = box.seal(base32Decode(demoStaffTotpKeyBase32), String(id));
      await accountRepo.setSeedTotp(ctx.db, id, sealed, created, totpStep(ctx.nowMs) - 10);
    }
  }
}

export async function seedDemo(db: Kysely<Database>, opts: { nowMs: number; appSecret: string; log?: (m: string) => void }): Promise<SeedContext> {
  const ctx: SeedContext = { db, nowMs: opts.nowMs, accounts: new Map(), appSecret: opts.appSecret, log: opts.log ?? (() => {}) };
  await seedAccounts(ctx);
  // Loaded on first use: a server that never seeds never loads the demo data.
  const { domainSeeders } = await import('./seeders.ts');
  for (const s of domainSeeders) {
    ctx.log(`seeding ${s.name}…`);
    await s.run(ctx);
  }
  return ctx;
}

export async function seedDemoIfEmpty(rt: Runtime, opts: { log?: (m: string) => void } = {}): Promise<boolean> {
  if (await accountRepo.anyAccountExists(rt.db)) return false;
  const started = Date.now();
  opts.log?.('Empty database: adding demo data…');
  await seedDemo(rt.db, { nowMs: Date.now(), appSecret: rt.config.appSecret, log: opts.log });
  opts.log?.(`Demo data ready in ${Date.now() - started} ms`);
  return true;
}

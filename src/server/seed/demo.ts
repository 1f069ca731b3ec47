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

const dayMs = 86_400_000;

export interface SeedContext {
  db: Kysely<Database>;
  nowMs: number;
  /** handle → account id */
  accounts: Map<string, number>;
  appSecret: string;
  log: (m: string) => void;
}

/** Domain seeders run in order after the accounts; each adds its demo records. */
export type DomainSeeder = (ctx: SeedContext) => Promise<void>;
const domainSeeders: Array<{ name: string; run: DomainSeeder }> = [];

export function registerSeeder(name: string, run: DomainSeeder): void {
  if (!domainSeeders.some((s) => s.name === name)) domainSeeders.push({ name, run });
}

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
    const row = await ctx.db
      .insertInto('account')
      .values({
        handle: p.handle, handle_key: normaliseIdentifier(p.handle), handle_skeleton: handleSkeleton(p.handle), email: p.email, email_key: normaliseIdentifier(p.email),
        password_hash: hash, role: p.role, registration_fingerprint: p.fingerprint, is_reseller: p.isReseller ?? false,
        // the demo resellers stand for long-established, already verified ones (their case reports are public)
        reseller_verified_at: p.isReseller ? created : null,
        status_reason: null, totp_key_encrypted: null, totp_last_step: null, totp_enabled_at: null,
        created_at: created, password_changed_at: created,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.accounts.set(p.handle, row.id);
    if (p.totp) {
      const sealed = box.seal(base32Decode(demoStaffTotpKeyBase32), String(row.id));
      await ctx.db.updateTable('account')
        .set({ totp_key_encrypted: sealed, totp_enabled_at: created, totp_last_step: totpStep(ctx.nowMs) - 10 })
        .where('id', '=', row.id).execute();
    }
  }
}

export async function seedDemo(db: Kysely<Database>, opts: { nowMs: number; appSecret: string; log?: (m: string) => void }): Promise<SeedContext> {
  const ctx: SeedContext = { db, nowMs: opts.nowMs, accounts: new Map(), appSecret: opts.appSecret, log: opts.log ?? (() => {}) };
  await seedAccounts(ctx);
  await import('./seeders.ts');
  for (const s of domainSeeders) {
    ctx.log(`seeding ${s.name}…`);
    await s.run(ctx);
  }
  return ctx;
}

export async function seedDemoIfEmpty(rt: Runtime, opts: { log?: (m: string) => void } = {}): Promise<boolean> {
  const any = await rt.db.selectFrom('account').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  const started = Date.now();
  opts.log?.('Empty database: adding demo data…');
  await seedDemo(rt.db, { nowMs: Date.now(), appSecret: rt.config.appSecret, log: opts.log });
  opts.log?.(`Demo data ready in ${Date.now() - started} ms`);
  return true;
}

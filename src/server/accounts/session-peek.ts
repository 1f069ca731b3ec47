// A read-only session check for pages served from a shared member render (server/http/
// member-pages.ts): the same rules as validateSessionToken, answered from a short-lived copy of
// the session row, and never writing. A session that is unknown, expired, due for its sliding
// refresh, owes its second factor, or belongs to anyone but an active plain member answers
// null, and the request goes through the full pipeline instead (which does the writes).
//
// Staleness is bounded: a copy lives `peekTtlMs`, and logging out, password changes, bans and
// role changes drop it at once through the invalidation bus ('session:<id>', 'account:<id>', 'user:<id>').
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { onInvalidate } from '../http/invalidation.ts';
import { evaluateSession, parseSessionToken, verifySessionSecret } from './session-token.ts';
import * as repo from './account.repository.ts';

export const peekTtlMs = 5_000;
const maxEntries = 50_000;

type SessionRow = NonNullable<Awaited<ReturnType<typeof repo.findSessionWithAccount>>>;
interface Entry { row: SessionRow | null; storedAtMs: number }

export interface PeekedMember { id: number; handle: string }

export function createSessionPeek(db: Kysely<Database>): { peek(token: string, nowMs: number): Promise<PeekedMember | null>; stop(): void } {
  const entries = new Map<string, Entry>();
  const stop = onInvalidate((tags) => {
    if (tags.includes('*')) return entries.clear();
    for (const tag of tags) {
      if (tag.startsWith('session:')) entries.delete(tag.slice('session:'.length));
      // account:<id> from log-out-everywhere and password changes; user:<id> from moderation
      // (bans, suspensions, ring removals, role changes) and the account's own posts.
      else if (tag.startsWith('account:') || tag.startsWith('user:')) {
        const id = Number(tag.slice(tag.indexOf(':') + 1));
        for (const [key, e] of entries) if (e.row?.id === id) entries.delete(key);
      }
    }
  });
  async function rowFor(id: string, nowMs: number): Promise<SessionRow | null> {
    const hit = entries.get(id);
    if (hit && nowMs - hit.storedAtMs < peekTtlMs && nowMs >= hit.storedAtMs) return hit.row;
    const row = (await repo.findSessionWithAccount(db, id)) ?? null;
    entries.set(id, { row, storedAtMs: nowMs });
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    return row;
  }
  return {
    async peek(token, nowMs) {
      const parsed = parseSessionToken(token);
      if (!parsed) return null;
      const row = await rowFor(parsed.id, nowMs);
      if (!row || !verifySessionSecret(parsed.secret, new Uint8Array(row.secret_hash))) return null;
      const verdict = evaluateSession({ createdAtMs: row.session_created_at.getTime(), lastVerifiedAtMs: row.last_verified_at.getTime() }, nowMs);
      if (verdict !== 'valid') return null;
      const account = repo.toAccount(row);
      if (account.status !== 'active' || account.role !== 'member') return null;
      if (account.totpEnabled && !row.two_factor_verified) return null;
      return { id: account.id, handle: account.handle };
    },
    stop,
  };
}

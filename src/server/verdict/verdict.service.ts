// What pages read of the verdict: a platform's current verdict with its reasons, every
// platform's band for lists, and where each reason's evidence is on the site.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { cachedRead } from '../http/read-cache.ts';
import * as repo from './verdict.repository.ts';
import type { EvidenceRef } from './verdict.ts';
import { cacheTags } from '../http/cache-tags.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type { StoredVerdict } from './verdict.repository.ts';

/** A platform's current verdict (public): cached until its page or the ranking is invalidated. */
export function loadVerdict(db: Db, platformId: number): Promise<repo.StoredVerdict | null> {
  return cachedRead(db, `verdict:${platformId}`, [cacheTags.platform(platformId), cacheTags.ranking], async () => (await repo.verdictsOf(db, [platformId])).get(platformId) ?? null);
}

/** Every platform's band and status by id and by slug, for lists that name platforms (one small cached map). */
export function loadBands(db: Db): Promise<{ byId: Map<number, repo.BandAndStatus>; bySlug: Map<string, repo.BandAndStatus> }> {
  return cachedRead(db, 'verdict:bands', [cacheTags.ranking, cacheTags.verdict], () => repo.allBands(db));
}

/**
 * Where a reason's evidence is: a licence row or a fact row on the platform page, an
 * incident case, a follow-up, the reviews, the status history, the alerts, the profile.
 * A path without locale (the page adds it).
 */
export function evidencePath(ref: EvidenceRef, slug: string): string {
  const page = `/platforms/${encodeURIComponent(slug)}`;
  switch (ref.kind) {
    case 'qualification': return `${page}#qualification-${ref.id}`;
    case 'qualifications': return `${page}#qualifications`;
    case 'fact': return `${page}#fact-${encodeURIComponent(ref.key)}`;
    case 'incident': return `/incidents/${encodeURIComponent(ref.caseNo)}`;
    case 'follow_up': return `/reviews/${ref.reviewId}#follow-up-${ref.followUpId}`;
    case 'reviews': return `${page}#reviews`;
    case 'status': return `${page}#status`;
    case 'warning': return `${page}#early-warning`;
    case 'profile': return `${page}#profile`;
  }
}

// The only SQL for platforms, their domains, qualification evidence (资质) and facts.
// Returns plain domain objects; table rows never leave this file.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type {
  ApprovalState, EvidenceState, OperatorType, PlatformCategory, PlatformStatus, PlatformTable, Provenance, QualificationKind,
} from './platform.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface Platform {
  id: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  aliases: string[];
  categories: PlatformCategory[];
  foundedOn: string | null;
  operatorType: OperatorType;
  status: PlatformStatus;
  statusChangedAt: Date | null;
  statusEvidence: string | null;
  descriptionHtml: string;
  approval: ApprovalState;
  approvalReason: string | null;
  submittedBy: number | null;
  createdAt: Date;
}

export interface PlatformDomain {
  domain: string;
  display: string;
  isPrimary: boolean;
}

export interface Qualification {
  id: number;
  kind: QualificationKind;
  number: string;
  holderName: string;
  scopeText: string;
  uploadId: number | null;
  state: EvidenceState;
  stateReason: string | null;
  submittedByHandle: string | null;
  createdAt: Date;
  reviewedAt: Date | null;
}

export interface Fact {
  id: number;
  key: string;
  value: string;
  provenance: Provenance;
  sourceKind: 'platform' | 'member' | 'moderator' | 'follow_up' | 'incident';
  note: string;
  assertedByHandle: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function isoDay(d: Date | string | null): string | null {
  if (d === null) return null;
  if (typeof d === 'string') return d.slice(0, 10);
  return d.toISOString().slice(0, 10);
}

type PlatformColumns = Pick<Selectable<PlatformTable>,
  'id' | 'slug' | 'name_zh' | 'name_en' | 'aliases' | 'categories' | 'founded_on' | 'operator_type' | 'status' | 'status_changed_at'
  | 'status_evidence' | 'description_html' | 'approval' | 'approval_reason' | 'submitted_by' | 'created_at'>;

function toPlatform(r: PlatformColumns): Platform {
  return {
    id: Number(r.id), slug: r.slug, nameZh: r.name_zh, nameEn: r.name_en, aliases: r.aliases ?? [],
    categories: r.categories ?? [], foundedOn: isoDay(r.founded_on), operatorType: r.operator_type, status: r.status,
    statusChangedAt: r.status_changed_at, statusEvidence: r.status_evidence, descriptionHtml: r.description_html,
    approval: r.approval, approvalReason: r.approval_reason, submittedBy: r.submitted_by === null ? null : Number(r.submitted_by),
    createdAt: r.created_at,
  };
}

const platformColumns = [
  'platform.id', 'platform.slug', 'platform.name_zh', 'platform.name_en', 'platform.aliases', 'platform.categories',
  'platform.founded_on', 'platform.operator_type', 'platform.status', 'platform.status_changed_at', 'platform.status_evidence',
  'platform.description_html', 'platform.approval', 'platform.approval_reason', 'platform.submitted_by', 'platform.created_at',
] as const;

export async function findPlatformBySlug(db: Db, slug: string): Promise<Platform | null> {
  const r = await db.selectFrom('platform').select(platformColumns).where('slug', '=', slug).executeTakeFirst();
  return r ? toPlatform(r) : null;
}

export async function findPlatformById(db: Db, id: number): Promise<Platform | null> {
  const r = await db.selectFrom('platform').select(platformColumns).where('id', '=', id).executeTakeFirst();
  return r ? toPlatform(r) : null;
}

/** What other domains need to name a platform and check it may be written about. */
export interface PlatformRef {
  id: number; slug: string; nameZh: string; nameEn: string; categories: PlatformCategory[]; status: PlatformStatus; approval: ApprovalState;
}

const platformRefColumns = ['id', 'slug', 'name_zh', 'name_en', 'categories', 'status', 'approval'] as const;
type PlatformRefRow = Pick<Selectable<PlatformTable>, (typeof platformRefColumns)[number]>;
const toPlatformRef = (r: PlatformRefRow): PlatformRef =>
  ({ id: Number(r.id), slug: r.slug, nameZh: r.name_zh, nameEn: r.name_en, categories: [...(r.categories ?? [])], status: r.status, approval: r.approval });

export async function findPlatformRef(db: Db, by: { id: number } | { slug: string }): Promise<PlatformRef | null> {
  const q = db.selectFrom('platform').select(platformRefColumns);
  const r = await ('id' in by ? q.where('id', '=', by.id) : q.where('slug', '=', by.slug)).executeTakeFirst();
  return r ? toPlatformRef(r) : null;
}

export async function findPlatformRefs(db: Db, ids: readonly number[]): Promise<PlatformRef[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('platform').select(platformRefColumns).where('id', 'in', ids).execute()).map(toPlatformRef);
}

export async function findApprovedBySlugs(db: Db, slugs: string[]): Promise<Platform[]> {
  if (slugs.length === 0) return [];
  const rows = await db.selectFrom('platform').select(platformColumns)
    .where('slug', 'in', slugs).where('approval', '=', 'approved').execute();
  return rows.map(toPlatform);
}

/** A platform that owns this normalised domain (any approval state: a pending one is still a duplicate). */
export async function findPlatformByDomain(db: Db, domains: string[]): Promise<{ id: number; slug: string; nameZh: string; approval: ApprovalState; domain: string } | null> {
  if (domains.length === 0) return null;
  const r = await db.selectFrom('platform_domain').innerJoin('platform', 'platform.id', 'platform_domain.platform_id')
    .select(['platform.id', 'platform.slug', 'platform.name_zh', 'platform.approval', 'platform_domain.domain'])
    .where('platform_domain.domain', 'in', domains).where('platform.approval', '<>', 'rejected')
    .orderBy('platform.id').executeTakeFirst();
  return r ? { id: Number(r.id), slug: r.slug, nameZh: r.name_zh, approval: r.approval, domain: r.domain } : null;
}

export async function slugExists(db: Db, slug: string): Promise<boolean> {
  const r = await db.selectFrom('platform').select('id').where('slug', '=', slug).executeTakeFirst();
  return r !== undefined;
}

/** Names of platforms whose name or alias is trigram-similar (pg_trgm similarity, 0..1) to `name`. */
export async function similarNames(db: Db, name: string, threshold: number): Promise<Array<{ id: number; slug: string; name: string; similarity: number }>> {
  const rows = await sql<{ id: number; slug: string; name: string; sim: number }>`
    SELECT p.id, p.slug, n.name, similarity(lower(n.name), lower(${name})) AS sim
    FROM platform p, unnest(array[p.name_zh, p.name_en] || p.aliases) AS n(name)
    WHERE p.approval <> 'rejected' AND similarity(lower(n.name), lower(${name})) >= ${threshold}
    ORDER BY sim DESC LIMIT 5`.execute(db);
  return rows.rows.map((r) => ({ id: Number(r.id), slug: r.slug, name: r.name, similarity: Number(r.sim) }));
}

/** Every name and alias of every live platform (for the skeleton comparison, done in code). */
export async function allNames(db: Db): Promise<Array<{ id: number; slug: string; names: string[] }>> {
  const rows = await db.selectFrom('platform').select(['id', 'slug', 'name_zh', 'name_en', 'aliases'])
    .where('approval', '<>', 'rejected').execute();
  return rows.map((r) => ({ id: Number(r.id), slug: r.slug, names: [r.name_zh, r.name_en, ...(r.aliases ?? [])] }));
}

/** A platform as inserted: the record's own fields, with the status and approval details optional. */
export type NewPlatform =
  Pick<Platform, 'slug' | 'nameZh' | 'nameEn' | 'aliases' | 'categories' | 'foundedOn' | 'operatorType' | 'descriptionHtml' | 'approval' | 'submittedBy'>
  & Partial<Pick<Platform, 'status' | 'statusChangedAt' | 'statusEvidence' | 'approvalReason' | 'createdAt'>>
  & { descriptionSource: string };

export async function insertPlatform(db: Db, p: NewPlatform, domains: Array<{ ascii: string; unicode: string }>): Promise<number> {
  const row = await db.insertInto('platform').values({
    slug: p.slug, name_zh: p.nameZh, name_en: p.nameEn, aliases: p.aliases, categories: p.categories,
    founded_on: p.foundedOn, operator_type: p.operatorType,
    status: p.status ?? 'active', status_changed_at: p.statusChangedAt ?? null, status_evidence: p.statusEvidence ?? null,
    description_source: p.descriptionSource, description_html: p.descriptionHtml, approval: p.approval,
    approval_reason: p.approvalReason ?? null, submitted_by: p.submittedBy,
    ...(p.createdAt ? { created_at: p.createdAt, updated_at: p.createdAt } : {}),
  }).returning('id').executeTakeFirstOrThrow();
  const id = Number(row.id);
  if (domains.length > 0) {
    await db.insertInto('platform_domain')
      .values(domains.map((d, i) => ({ platform_id: id, domain: d.ascii, display: d.unicode, is_primary: i === 0 })))
      .execute();
  }
  return id;
}

export async function insertStatusChange(db: Db, c: { platformId: number; from: PlatformStatus; to: PlatformStatus; evidence: string; changedBy: number | null; at: Date }): Promise<void> {
  await db.insertInto('platform_status_change').values({
    platform_id: c.platformId, from_status: c.from, to_status: c.to, evidence: c.evidence, changed_by: c.changedBy, created_at: c.at,
  }).execute();
}

export async function listStatusChanges(db: Db, platformId: number): Promise<Array<{ from: PlatformStatus; to: PlatformStatus; evidence: string; at: Date }>> {
  const rows = await db.selectFrom('platform_status_change').select(['from_status', 'to_status', 'evidence', 'created_at'])
    .where('platform_id', '=', platformId).orderBy('created_at', 'desc').execute();
  return rows.map((r) => ({ from: r.from_status, to: r.to_status, evidence: r.evidence, at: r.created_at }));
}

export async function listDomains(db: Db, platformIds: number[]): Promise<Map<number, PlatformDomain[]>> {
  const out = new Map<number, PlatformDomain[]>();
  if (platformIds.length === 0) return out;
  const rows = await db.selectFrom('platform_domain').select(['platform_id', 'domain', 'display', 'is_primary'])
    .where('platform_id', 'in', platformIds).orderBy('is_primary', 'desc').orderBy('id').execute();
  for (const r of rows) {
    const list = out.get(Number(r.platform_id)) ?? [];
    list.push({ domain: r.domain, display: r.display, isPrimary: r.is_primary });
    out.set(Number(r.platform_id), list);
  }
  return out;
}

export async function insertQualification(db: Db, q: {
  platformId: number; kind: QualificationKind; number: string; holderName: string; scopeText: string; uploadId: number | null;
  submittedBy: number | null; state?: EvidenceState; stateReason?: string | null; reviewedBy?: number | null; reviewedAt?: Date | null; createdAt?: Date;
}): Promise<number> {
  const row = await db.insertInto('platform_qualification').values({
    platform_id: q.platformId, kind: q.kind, number: q.number, holder_name: q.holderName, scope_text: q.scopeText,
    upload_id: q.uploadId, submitted_by: q.submittedBy, state: q.state ?? 'pending', state_reason: q.stateReason ?? null,
    reviewed_by: q.reviewedBy ?? null, reviewed_at: q.reviewedAt ?? null, ...(q.createdAt ? { created_at: q.createdAt } : {}),
  }).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

/** A pending or verified qualification of this platform with the same kind and number (the duplicate check). */
export async function findOpenQualification(db: Db, platformId: number, kind: QualificationKind, number: string): Promise<{ id: number; state: EvidenceState } | null> {
  const r = await db.selectFrom('platform_qualification').select(['id', 'state'])
    .where('platform_id', '=', platformId).where('kind', '=', kind).where('number', '=', number)
    .where('state', 'in', ['pending', 'verified']).orderBy('id').executeTakeFirst();
  return r ? { id: Number(r.id), state: r.state } : null;
}

export async function listQualifications(db: Db, platformIds: number[]): Promise<Map<number, Qualification[]>> {
  const out = new Map<number, Qualification[]>();
  if (platformIds.length === 0) return out;
  const rows = await db.selectFrom('platform_qualification as q').leftJoin('account as a', 'a.id', 'q.submitted_by')
    .select(['q.id', 'q.platform_id', 'q.kind', 'q.number', 'q.holder_name', 'q.scope_text', 'q.upload_id', 'q.state', 'q.state_reason', 'q.created_at', 'q.reviewed_at', 'a.handle'])
    .where('q.platform_id', 'in', platformIds).orderBy('q.created_at', 'desc').execute();
  for (const r of rows) {
    const list = out.get(Number(r.platform_id)) ?? [];
    list.push({
      id: Number(r.id), kind: r.kind, number: r.number, holderName: r.holder_name, scopeText: r.scope_text,
      uploadId: r.upload_id === null ? null : Number(r.upload_id), state: r.state, stateReason: r.state_reason,
      submittedByHandle: r.handle ?? null, createdAt: r.created_at, reviewedAt: r.reviewed_at,
    });
    out.set(Number(r.platform_id), list);
  }
  return out;
}

export async function findFact(db: Db, platformId: number, key: string): Promise<{ id: number; provenance: Provenance } | null> {
  const r = await db.selectFrom('platform_fact').select(['id', 'provenance'])
    .where('platform_id', '=', platformId).where('fact_key', '=', key).executeTakeFirst();
  return r ? { id: Number(r.id), provenance: r.provenance } : null;
}

export async function upsertFact(db: Db, f: {
  platformId: number; key: string; value: string; provenance: Provenance; sourceKind: Fact['sourceKind']; note: string; assertedBy: number | null; at: Date;
}): Promise<void> {
  await db.insertInto('platform_fact').values({
    platform_id: f.platformId, fact_key: f.key, value: f.value, provenance: f.provenance, source_kind: f.sourceKind,
    note: f.note, asserted_by: f.assertedBy, created_at: f.at, updated_at: f.at,
  }).onConflict((oc) => oc.columns(['platform_id', 'fact_key']).doUpdateSet({
    value: f.value, provenance: f.provenance, source_kind: f.sourceKind, note: f.note, asserted_by: f.assertedBy, updated_at: f.at,
  })).execute();
}

export async function listFacts(db: Db, platformIds: number[]): Promise<Map<number, Fact[]>> {
  const out = new Map<number, Fact[]>();
  if (platformIds.length === 0) return out;
  const rows = await db.selectFrom('platform_fact as f').leftJoin('account as a', 'a.id', 'f.asserted_by')
    .select(['f.id', 'f.platform_id', 'f.fact_key', 'f.value', 'f.provenance', 'f.source_kind', 'f.note', 'f.created_at', 'f.updated_at', 'a.handle'])
    .where('f.platform_id', 'in', platformIds).execute();
  for (const r of rows) {
    const list = out.get(Number(r.platform_id)) ?? [];
    list.push({
      id: Number(r.id), key: r.fact_key, value: r.value, provenance: r.provenance, sourceKind: r.source_kind, note: r.note,
      assertedByHandle: r.handle ?? null, createdAt: r.created_at, updatedAt: r.updated_at,
    });
    out.set(Number(r.platform_id), list);
  }
  return out;
}

export async function isVerifiedRepresentative(db: Db, platformId: number, accountId: number): Promise<boolean> {
  const r = await db.selectFrom('platform_representative').select('id')
    .where('platform_id', '=', platformId).where('account_id', '=', accountId).where('state', '=', 'verified').executeTakeFirst();
  return r !== undefined;
}

export interface PlatformStats {
  reviewCount: number;
  meanRating: number | null;
  meanService: number | null;
  meanRisk: number | null;
  incidentsOpen: number;
  incidentsResolved: number;
  incidentsConfirmed: number;
  refundRefused: number;
  dataLeaks: number;
}

// Incident states after a moderator accepted the report (see review.table.ts IncidentStatus).
const acceptedIncidentStates = ['accepted', 'platform_replied', 'resolved', 'unresolved'] as const;

export async function platformStats(db: Db, platformIds: number[]): Promise<Map<number, PlatformStats>> {
  const out = new Map<number, PlatformStats>();
  if (platformIds.length === 0) return out;
  for (const id of platformIds) {
    out.set(id, { reviewCount: 0, meanRating: null, meanService: null, meanRisk: null, incidentsOpen: 0, incidentsResolved: 0, incidentsConfirmed: 0, refundRefused: 0, dataLeaks: 0 });
  }
  const reviews = await db.selectFrom('review').select([
    'platform_id',
    sql<number>`count(*)`.as('n'),
    sql<number | null>`avg(current_rating)`.as('mean'),
    sql<number | null>`avg(rating_service)`.as('service'),
    sql<number | null>`avg(rating_risk)`.as('risk'),
  ]).where('platform_id', 'in', platformIds).where('state', '=', 'published').groupBy('platform_id').execute();
  for (const r of reviews) {
    const s = out.get(Number(r.platform_id))!;
    s.reviewCount = Number(r.n);
    s.meanRating = r.mean === null ? null : Number(r.mean);
    s.meanService = r.service === null ? null : Number(r.service);
    s.meanRisk = r.risk === null ? null : Number(r.risk);
  }
  const incidents = await db.selectFrom('incident').select([
    'platform_id',
    sql<number>`count(*) FILTER (WHERE status IN ('submitted', 'accepted', 'platform_replied', 'unresolved'))`.as('open'),
    sql<number>`count(*) FILTER (WHERE status = 'resolved')`.as('resolved'),
    sql<number>`count(*) FILTER (WHERE status IN ('accepted', 'platform_replied', 'resolved', 'unresolved'))`.as('confirmed'),
    sql<number>`count(*) FILTER (WHERE kind = 'refund_refused' AND status IN ('accepted', 'platform_replied', 'resolved', 'unresolved'))`.as('refund'),
    sql<number>`count(*) FILTER (WHERE kind = 'data_leak' AND status IN ('accepted', 'platform_replied', 'resolved', 'unresolved'))`.as('leak'),
  ]).where('platform_id', 'in', platformIds).groupBy('platform_id').execute();
  void acceptedIncidentStates;
  for (const r of incidents) {
    const s = out.get(Number(r.platform_id))!;
    s.incidentsOpen = Number(r.open);
    s.incidentsResolved = Number(r.resolved);
    s.incidentsConfirmed = Number(r.confirmed);
    s.refundRefused += Number(r.refund);
    s.dataLeaks += Number(r.leak);
  }
  // A follow-up reporting a refused refund on a published review also counts against "unconditional refund".
  const refused = await db.selectFrom('review_follow_up as f').innerJoin('review as r', 'r.id', 'f.review_id')
    .select(['r.platform_id', sql<number>`count(*)`.as('n')])
    .where('r.platform_id', 'in', platformIds).where('f.outcome', '=', 'refund_refused')
    .where('f.state', '=', 'published').where('r.state', '=', 'published').groupBy('r.platform_id').execute();
  for (const r of refused) out.get(Number(r.platform_id))!.refundRefused += Number(r.n);
  return out;
}

export interface LatestScore {
  score: number;
  lowerBound: number;
  rank: number | null;
  reviewCount: number;
  dimensions: Record<string, { score: number; lowerBound: number } | null>;
  computedAt: Date;
}

export async function latestScores(db: Db, platformIds: number[]): Promise<Map<number, LatestScore>> {
  const out = new Map<number, LatestScore>();
  if (platformIds.length === 0) return out;
  const rows = await db.selectFrom('score_snapshot')
    .distinctOn('platform_id')
    .select(['platform_id', 'score', 'lower_bound', 'rank', 'review_count', 'dimensions', 'computed_at'])
    .where('platform_id', 'in', platformIds)
    .orderBy('platform_id').orderBy('computed_at', 'desc').orderBy('id', 'desc').execute();
  for (const r of rows) {
    const dims = typeof r.dimensions === 'string' ? JSON.parse(r.dimensions) : r.dimensions;
    out.set(Number(r.platform_id), {
      score: Number(r.score), lowerBound: Number(r.lower_bound), rank: r.rank, reviewCount: Number(r.review_count),
      dimensions: (dims ?? {}) as LatestScore['dimensions'], computedAt: r.computed_at,
    });
  }
  return out;
}

export interface DirectoryQuery {
  category: PlatformCategory | null;
  status: PlatformStatus | null;
  sort: 'rank' | 'newest' | 'reviews';
  limit: number;
  offset: number;
}

export interface DirectoryRow {
  id: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  categories: PlatformCategory[];
  status: PlatformStatus;
  operatorType: OperatorType;
  foundedOn: string | null;
  reviewCount: number;
  score: number | null;
  rank: number | null;
  /** The verdict band (see src/server/verdict); null before the first run with the verdict. */
  band: string | null;
}

/** Approved platforms only: pending and rejected submissions never reach a public list. */
export async function listDirectory(db: Db, q: DirectoryQuery): Promise<{ rows: DirectoryRow[]; total: number }> {
  const latest = db.selectFrom('score_snapshot').distinctOn('platform_id')
    .select(['platform_id', 'score', 'rank']).orderBy('platform_id').orderBy('computed_at', 'desc').orderBy('id', 'desc');
  const counts = db.selectFrom('review').select(['platform_id', sql<number>`count(*)`.as('n')])
    .where('state', '=', 'published').groupBy('platform_id');
  let base = db.selectFrom('platform as p')
    .leftJoin(latest.as('s'), 's.platform_id', 'p.id')
    .leftJoin(counts.as('c'), 'c.platform_id', 'p.id')
    .leftJoin('platform_verdict as v', 'v.platform_id', 'p.id')
    .where('p.approval', '=', 'approved');
  if (q.category) base = base.where(sql<boolean>`${q.category} = ANY(p.categories)`);
  if (q.status) base = base.where('p.status', '=', q.status);
  const totalRow = await base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  let rowsQ = base.select([
    'p.id', 'p.slug', 'p.name_zh', 'p.name_en', 'p.categories', 'p.status', 'p.operator_type', 'p.founded_on', 'p.created_at',
    's.score', sql<number | null>`CASE WHEN v.platform_id IS NULL THEN s.rank ELSE v.rank END`.as('rank'), 'v.band',
    sql<number>`coalesce(c.n, 0)`.as('review_count'),
  ]);
  if (q.sort === 'newest') rowsQ = rowsQ.orderBy('p.created_at', 'desc');
  else if (q.sort === 'reviews') rowsQ = rowsQ.orderBy(sql`coalesce(c.n, 0)`, 'desc');
  // By the verdict's rank (band first, then lower bound); unranked ones after, by reviews.
  else rowsQ = rowsQ.orderBy(sql`CASE WHEN v.platform_id IS NULL THEN s.rank ELSE v.rank END ASC NULLS LAST`).orderBy(sql`coalesce(c.n, 0)`, 'desc');
  const rows = await rowsQ.orderBy('p.id').limit(q.limit).offset(q.offset).execute();
  return {
    total: Number(totalRow.n),
    rows: rows.map((r) => ({
      id: Number(r.id), slug: r.slug, nameZh: r.name_zh, nameEn: r.name_en, categories: r.categories, status: r.status,
      operatorType: r.operator_type, foundedOn: isoDay(r.founded_on), reviewCount: Number(r.review_count),
      score: r.score === null ? null : Number(r.score), rank: r.rank ?? null, band: r.band ?? null,
    })),
  };
}

/** For the compare form: approved platforms whose slug or a name starts with / equals the input. */
export async function findApprovedByNameOrSlug(db: Db, input: string): Promise<{ slug: string } | null> {
  const s = input.trim();
  if (s === '') return null;
  const r = await db.selectFrom('platform').select('slug').where('approval', '=', 'approved')
    .where((eb) => eb.or([
      eb('slug', '=', s.toLowerCase()),
      eb('name_zh', '=', s),
      eb(sql`lower(name_en)`, '=', s.toLowerCase()),
      eb(sql<boolean>`${s} = ANY(aliases)`, '=', true),
    ])).executeTakeFirst();
  if (r) return r;
  const d = await db.selectFrom('platform_domain').innerJoin('platform', 'platform.id', 'platform_domain.platform_id')
    .select('platform.slug').where('platform.approval', '=', 'approved').where('platform_domain.domain', '=', s.toLowerCase()).executeTakeFirst();
  return d ?? null;
}

// ── demo seed: lookups its seeders make (users reach platforms through the service) ──

/** Approved platforms' ids by slug. */
export async function approvedPlatformIdsBySlug(db: Db): Promise<Map<string, number>> {
  const rows = await db.selectFrom('platform').select(['id', 'slug']).where('approval', '=', 'approved').execute();
  return new Map(rows.map((r) => [r.slug, r.id]));
}

/** These approved platforms' ids and Chinese names, in the order the database returns them (the seed's assignments follow it). */
export async function approvedPlatformNames(db: Db, slugs: readonly string[]): Promise<Array<{ id: number; slug: string; nameZh: string }>> {
  const rows = await db.selectFrom('platform').select(['id', 'slug', 'name_zh'])
    .where('slug', 'in', [...slugs]).where('approval', '=', 'approved').execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug, nameZh: r.name_zh }));
}

/** The first approved, active platform by id (null: none). */
export async function firstActivePlatformId(db: Db): Promise<number | null> {
  const r = await db.selectFrom('platform').select('id').where('approval', '=', 'approved').where('status', '=', 'active').orderBy('id').executeTakeFirst();
  return r?.id ?? null;
}

// All SQL of the verdict: the records the ranking job feeds to computeVerdict (set-based,
// one query per kind for every platform), the verdict rows it writes, and the reads of
// the pages. Table rows never leave this file.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import {
  isVerdictBand, isVerdictReason, type OperatorType, type VerdictBand, type VerdictComplaint, type VerdictFact, type VerdictIncident,
  type VerdictQualification, type VerdictReason,
} from './verdict.ts';
import type { PlatformStatus } from '../platforms/platform.table.ts';
import { storedList } from '../db/stored-json.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface VerdictRecords {
  operatorType: OperatorType;
  qualifications: VerdictQualification[];
  facts: VerdictFact[];
  incidents: VerdictIncident[];
  complaints: VerdictComplaint[];
}

const emptyRecords = (operatorType: OperatorType): VerdictRecords => ({ operatorType, qualifications: [], facts: [], incidents: [], complaints: [] });

/**
 * Evidence of every approved platform. With `asOf` (the demo's past weeks) only records that
 * existed then are loaded; their states are today's (no state history is kept).
 */
export async function loadVerdictRecords(db: Db, asOf: Date | null): Promise<Map<number, VerdictRecords>> {
  const before = (col: string) => (asOf === null ? sql`true` : sql`${sql.ref(col)} <= ${asOf}`);
  const platforms = await sql<{ id: number; operator_type: OperatorType }>`
    SELECT id, operator_type FROM platform WHERE approval = 'approved'`.execute(db);
  const out = new Map<number, VerdictRecords>(platforms.rows.map((p) => [Number(p.id), emptyRecords(p.operator_type)]));
  const at = (id: number | string) => out.get(Number(id));

  const quals = await sql<{ id: number; platform_id: number; kind: VerdictQualification['kind']; state: VerdictQualification['state']; scope_text: string }>`
    SELECT id, platform_id, kind, state, scope_text FROM platform_qualification
    WHERE ${before('created_at')} ORDER BY platform_id, id`.execute(db);
  for (const q of quals.rows) at(q.platform_id)?.qualifications.push({ id: Number(q.id), kind: q.kind, state: q.state, scopeText: q.scope_text });

  const facts = await sql<{ platform_id: number; fact_key: string; value: string; provenance: VerdictFact['provenance'] }>`
    SELECT platform_id, fact_key, value, provenance FROM platform_fact
    WHERE ${before('created_at')} ORDER BY platform_id, id`.execute(db);
  for (const f of facts.rows) at(f.platform_id)?.facts.push({ key: f.fact_key, value: f.value, provenance: f.provenance });

  const incidents = await sql<{ platform_id: number; case_no: string; kind: VerdictIncident['kind']; status: VerdictIncident['status'] }>`
    SELECT platform_id, case_no, kind, status FROM incident
    WHERE ${before('created_at')} ORDER BY platform_id, coalesce(accepted_at, created_at) DESC, id DESC`.execute(db);
  for (const i of incidents.rows) at(i.platform_id)?.incidents.push({ caseNo: i.case_no, kind: i.kind, status: i.status });

  // Follow-ups reporting a refused refund (the contradiction rule of facts.ts), newest first.
  const complaints = await sql<{ platform_id: number; review_id: number; id: number }>`
    SELECT r.platform_id, f.review_id, f.id FROM review_follow_up f JOIN review r ON r.id = f.review_id
    WHERE f.outcome = 'refund_refused' AND f.state = 'published' AND r.state = 'published' AND ${before('f.created_at')}
    ORDER BY r.platform_id, f.created_at DESC, f.id DESC`.execute(db);
  for (const c of complaints.rows) at(c.platform_id)?.complaints.push({ reviewId: Number(c.review_id), followUpId: Number(c.id) });
  return out;
}

export interface StoredVerdict {
  platformId: number;
  band: VerdictBand;
  reasons: VerdictReason[];
  lowerBound: number | null;
  rank: number | null;
  computedAt: Date;
}

/** The current verdict rows, as JSON text of their reasons, to tell which ones changed. */
export async function currentVerdictDigests(db: Db): Promise<Map<number, string>> {
  const r = await sql<{ platform_id: number; band: string; reasons: unknown; rank: number | null }>`
    SELECT platform_id, band, reasons, rank FROM platform_verdict`.execute(db);
  return new Map(r.rows.map((x) => [Number(x.platform_id), verdictDigest(x.band, x.reasons, x.rank)]));
}

/**
 * What a reader sees of a verdict (band, reasons, rank): equal digests render equal pages.
 * Keys are sorted, since jsonb does not keep the order they were written in.
 */
export function verdictDigest(band: string, reasons: unknown, rank: number | null): string {
  return canonical([band, typeof reasons === 'string' ? JSON.parse(reasons) : reasons, rank]);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

export async function upsertVerdicts(trx: Db, rows: readonly StoredVerdict[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    await sql`
      INSERT INTO platform_verdict (platform_id, band, reasons, lower_bound, rank, computed_at)
      SELECT u.platform_id, u.band, u.reasons::jsonb, u.lower_bound, u.rank, u.computed_at
      FROM unnest(${part.map((r) => r.platformId)}::bigint[], ${part.map((r) => r.band)}::text[],
                  ${part.map((r) => JSON.stringify(r.reasons))}::text[], ${part.map((r) => r.lowerBound)}::real[],
                  ${part.map((r) => r.rank)}::int[], ${part.map((r) => r.computedAt.toISOString())}::timestamptz[])
        AS u(platform_id, band, reasons, lower_bound, rank, computed_at)
      ON CONFLICT (platform_id) DO UPDATE SET band = EXCLUDED.band, reasons = EXCLUDED.reasons,
        lower_bound = EXCLUDED.lower_bound, rank = EXCLUDED.rank, computed_at = EXCLUDED.computed_at`.execute(trx);
  }
}

/**
 * A verdict's reasons as stored (jsonb, or its text): a malformed reason is left out and a
 * malformed list reads as none, so one bad row never breaks a page (as warnings' storedEvidence).
 */
export function storedReasons(raw: unknown): VerdictReason[] {
  return storedList(raw, isVerdictReason) ?? [];
}

function toStored(r: { platform_id: number; band: string; reasons: unknown; lower_bound: number | null; rank: number | null; computed_at: Date | string }): StoredVerdict | null {
  if (!isVerdictBand(r.band)) return null;
  return {
    platformId: Number(r.platform_id), band: r.band, reasons: storedReasons(r.reasons),
    lowerBound: r.lower_bound, rank: r.rank, computedAt: new Date(r.computed_at),
  };
}

export async function verdictsOf(db: Db, platformIds: readonly number[]): Promise<Map<number, StoredVerdict>> {
  const out = new Map<number, StoredVerdict>();
  if (platformIds.length === 0) return out;
  const rows = await db.selectFrom('platform_verdict').selectAll().where('platform_id', 'in', platformIds).execute();
  for (const r of rows) {
    const v = toStored(r);
    if (v) out.set(v.platformId, v);
  }
  return out;
}

export interface BandAndStatus {
  band: VerdictBand;
  status: PlatformStatus;
}

/** Every platform's band and status (a small row each), by id and by slug: the badge on lists that name many platforms. */
export async function allBands(db: Db): Promise<{ byId: Map<number, BandAndStatus>; bySlug: Map<string, BandAndStatus> }> {
  const rows = await db.selectFrom('platform_verdict as v').innerJoin('platform as p', 'p.id', 'v.platform_id')
    .select(['v.platform_id', 'p.slug', 'p.status', 'v.band']).execute();
  const byId = new Map<number, BandAndStatus>();
  const bySlug = new Map<string, BandAndStatus>();
  for (const r of rows) {
    if (!isVerdictBand(r.band)) continue;
    byId.set(Number(r.platform_id), { band: r.band, status: r.status });
    bySlug.set(r.slug, { band: r.band, status: r.status });
  }
  return { byId, bySlug };
}

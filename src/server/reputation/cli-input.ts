// Parsing and validation of the CLI's JSON input (ISO dates) into ModelInput
// (epoch ms), and the CLI's output shape. Pure: strings in, values or errors out.
import type { AccountInput, ModelInput, ModelOutput, PlatformInput, ProofState, ReviewInput } from './types.ts';
import { DIMENSIONS } from './types.ts';

export class CliInputError extends Error {
  override name = 'CliInputError';
}

const PROOFS: readonly ProofState[] = ['verified', 'pending', 'rejected', 'none'];
// ISO 8601 date or date-time (the subset Date.parse reads the same everywhere).
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function where(kind: string, index: number, record: unknown): string {
  const id = isObject(record) && typeof record.id === 'string' ? ` (id "${record.id}")` : '';
  return `${kind}[${index}]${id}`;
}

function parseDate(value: unknown, at: string, field: string): number {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) {
    throw new CliInputError(`${at}: field "${field}" must be an ISO 8601 date string, got ${JSON.stringify(value)}`);
  }
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new CliInputError(`${at}: field "${field}" is not a valid date: ${JSON.stringify(value)}`);
  // Reject impossible calendar dates that Date.parse rolls over (2025-02-30).
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  const check = new Date(Date.UTC(y!, m! - 1, d!));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m! - 1 || check.getUTCDate() !== d) {
    throw new CliInputError(`${at}: field "${field}" is not a valid date: ${JSON.stringify(value)}`);
  }
  return ms;
}

function parseId(record: Json, at: string, field = 'id'): string {
  const v = record[field];
  if (typeof v !== 'string' || v.length === 0) {
    throw new CliInputError(`${at}: field "${field}" must be a non-empty string`);
  }
  return v;
}

function parseStars(value: unknown, at: string, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 5) {
    throw new CliInputError(`${at}: field "${field}" must be an integer from 1 to 5, got ${JSON.stringify(value)}`);
  }
  return value;
}

function optionalCount(record: Json, at: string, field: string): number | undefined {
  const v = record[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new CliInputError(`${at}: field "${field}" must be a non-negative integer`);
  }
  return v;
}

function list(root: Json, field: string): unknown[] {
  const v = root[field];
  if (!Array.isArray(v)) throw new CliInputError(`input: field "${field}" must be an array`);
  return v;
}

/** Parses the CLI's JSON text. Throws CliInputError naming the record (index and id) and the field. */
export function parseCliInput(text: string): ModelInput {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    throw new CliInputError(`input is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(root)) throw new CliInputError('input: must be a JSON object');
  const nowMs = parseDate(root.now, 'input', 'now');

  const accounts: AccountInput[] = [];
  const accountIds = new Set<string>();
  list(root, 'accounts').forEach((raw, i) => {
    const at = where('accounts', i, raw);
    if (!isObject(raw)) throw new CliInputError(`${at}: must be an object`);
    const id = parseId(raw, at);
    if (accountIds.has(id)) throw new CliInputError(`${at}: field "id" duplicates an earlier account`);
    accountIds.add(id);
    const a: AccountInput = { id, createdAtMs: parseDate(raw.createdAt, at, 'createdAt') };
    if (raw.fingerprint !== undefined && raw.fingerprint !== null) {
      if (typeof raw.fingerprint !== 'string') throw new CliInputError(`${at}: field "fingerprint" must be a string`);
      a.fingerprint = raw.fingerprint;
    }
    const removed = optionalCount(raw, at, 'removedPosts');
    if (removed !== undefined) a.removedPosts = removed;
    const rejected = optionalCount(raw, at, 'rejectedProofs');
    if (rejected !== undefined) a.rejectedProofs = rejected;
    accounts.push(a);
  });

  const platforms: PlatformInput[] = [];
  const platformIds = new Set<string>();
  list(root, 'platforms').forEach((raw, i) => {
    const at = where('platforms', i, raw);
    if (!isObject(raw)) throw new CliInputError(`${at}: must be an object`);
    const id = parseId(raw, at);
    if (platformIds.has(id)) throw new CliInputError(`${at}: field "id" duplicates an earlier platform`);
    platformIds.add(id);
    const p: PlatformInput = { id };
    if (raw.foundedAt !== undefined && raw.foundedAt !== null) p.foundedAtMs = parseDate(raw.foundedAt, at, 'foundedAt');
    if (raw.exitScam !== undefined) {
      if (typeof raw.exitScam !== 'boolean') throw new CliInputError(`${at}: field "exitScam" must be a boolean`);
      p.exitScam = raw.exitScam;
    }
    platforms.push(p);
  });

  const reviews: ReviewInput[] = [];
  const reviewIds = new Set<string>();
  list(root, 'reviews').forEach((raw, i) => {
    const at = where('reviews', i, raw);
    if (!isObject(raw)) throw new CliInputError(`${at}: must be an object`);
    const id = parseId(raw, at);
    if (reviewIds.has(id)) throw new CliInputError(`${at}: field "id" duplicates an earlier review`);
    reviewIds.add(id);
    const accountId = parseId(raw, at, 'accountId');
    if (!accountIds.has(accountId)) throw new CliInputError(`${at}: field "accountId" refers to unknown account "${accountId}"`);
    const platformId = parseId(raw, at, 'platformId');
    if (!platformIds.has(platformId)) throw new CliInputError(`${at}: field "platformId" refers to unknown platform "${platformId}"`);
    const rating = parseStars(raw.rating, at, 'rating');
    const createdAtMs = parseDate(raw.createdAt, at, 'createdAt');
    if (typeof raw.proof !== 'string' || !(PROOFS as readonly string[]).includes(raw.proof)) {
      throw new CliInputError(`${at}: field "proof" must be one of ${PROOFS.join(', ')}, got ${JSON.stringify(raw.proof)}`);
    }
    const r: ReviewInput = { id, accountId, platformId, rating, createdAtMs, proof: raw.proof as ProofState };
    if (raw.text !== undefined && raw.text !== null) {
      if (typeof raw.text !== 'string') throw new CliInputError(`${at}: field "text" must be a string`);
      r.text = raw.text;
    }
    if (raw.followUps !== undefined && raw.followUps !== null) {
      if (!Array.isArray(raw.followUps)) throw new CliInputError(`${at}: field "followUps" must be an array`);
      r.followUps = raw.followUps.map((f: unknown, j: number) => {
        const fat = `${at}.followUps[${j}]`;
        if (!isObject(f)) throw new CliInputError(`${fat}: must be an object`);
        return { createdAtMs: parseDate(f.createdAt, fat, 'createdAt'), rating: parseStars(f.rating, fat, 'rating') };
      });
    }
    if (raw.dimensions !== undefined && raw.dimensions !== null) {
      if (!isObject(raw.dimensions)) throw new CliInputError(`${at}: field "dimensions" must be an object`);
      const dims: ReviewInput['dimensions'] = {};
      for (const [k, v] of Object.entries(raw.dimensions)) {
        if (!(DIMENSIONS as readonly string[]).includes(k)) {
          throw new CliInputError(`${at}: field "dimensions.${k}" is not one of ${DIMENSIONS.join(', ')}`);
        }
        dims[k as (typeof DIMENSIONS)[number]] = parseStars(v, at, `dimensions.${k}`);
      }
      r.dimensions = dims;
    }
    reviews.push(r);
  });

  return { nowMs, accounts, platforms, reviews };
}

export interface CliOutput {
  platforms: { id: string; score: number; lowerBound: number; rank: number | null }[];
  reviews: { id: string; weight: number; reasons: { code: string; factor: number }[] }[];
}

/** Numbers are shown with 4 decimals: enough to order, short to read. */
function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** The CLI's output: every input platform and review exactly once, in input order. */
export function toCliOutput(out: ModelOutput): CliOutput {
  return {
    platforms: out.platforms.map((p) => ({ id: p.id, score: round4(p.score), lowerBound: round4(p.lowerBound), rank: p.rank })),
    reviews: out.reviews.map((r) => ({
      id: r.id,
      weight: Math.round(r.weight * 1e6) / 1e6,
      reasons: r.reasons.map((x) => ({ code: x.code, factor: x.factor })),
    })),
  };
}

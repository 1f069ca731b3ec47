// Platform rules: submission with duplicate detection, qualification evidence (资质),
// facts with provenance (服务 风控), and the read models of the platform page, the
// directory and compare. Services take the database and the clock as arguments.
import { cachedRead } from '../http/read-cache.ts';
import type { KeySuffix, MessageKey } from '../../i18n/index.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError, FieldErrors } from '../errors.ts';
import { cleanText, codePointLength, hasMixedScriptWord, skeleton, validateText } from '../content/text.ts';
import { dayRules, validateDay } from '../content/day.ts';
import { renderUserText, type Notice } from '../content/render.ts';
import { enqueueSearch } from '../search/outbox.ts';
import { requestRecompute } from '../ranking/recompute-request.ts';
import {
  checkBusinessScope, normaliseDomain, validateCreditCode, validateIcpFiling, validateSlug, validateTelecomLicence,
  slugify, type BusinessScopeCheck,
} from './validators.ts';
import { FACTS, factByKey, factVerdict, contradictedKeys, refundWindowMaxHours, refundWindowTrapHours, type FactKey, type FactVerdict } from './facts.ts';
import * as repo from './platform.repository.ts';
import {
  isOperatorType, isPlatformCategory, isPlatformStatus, isQualificationKind, operatorTypes, platformCategories, platformStatuses, qualificationKinds,
  type EvidenceState, type PlatformCategory, type PlatformStatus, type Provenance, type QualificationKind,
} from './platform.table.ts';
import { yearMs } from '../time.ts';
import { cacheTags, type WithTags } from '../http/cache-tags.ts';
import { viewsAsStaff, type Viewer } from '../accounts/staff.ts';

// The domain enumerations are the table's (one list each); forms, filters and the API read them here.
export const CATEGORIES = platformCategories;
export const OPERATOR_TYPES = operatorTypes;
export const STATUSES = platformStatuses;
export const QUALIFICATION_KINDS = qualificationKinds;

/** pg_trgm similarity at or above which two platform names count as "near-identical". */
export const duplicateNameSimilarity = 0.6;
/** The seed: "那些成立3年以上、用户评价稳定的卡盟，往往更值得信赖". */
export const matureAgeYears = 3;
export const directoryPageSize = 20;
const maxAliases = 10;
const maxDomains = 5;

export type { Platform } from './platform.repository.ts';

// ─────────────────────────────────────────────────────────────────────────────
// Submission
// ─────────────────────────────────────────────────────────────────────────────

export interface SubmitPlatformInput {
  slug: string;
  nameZh: string;
  nameEn: string;
  aliases: string;
  domains: string;
  categories: string[];
  foundedOn: string;
  operatorType: string;
  description: string;
}

/** Splits a list typed one per line or separated by commas (ASCII or full-width). */
function splitList(s: string): string[] {
  return s.split(/[\n,，、;；]+/).map((x) => cleanText(x, { singleLine: true })).filter((x) => x !== '');
}

function validateName(fe: FieldErrors, field: string, raw: string, max: number): string {
  const s = validateText(fe, field, raw, { max, singleLine: true });
  if (s !== null && hasMixedScriptWord(s)) fe.add(field, 'platforms.submit.mixedScript');
  // A refused name is still returned cleaned: an empty slug is derived from the English one either way.
  return s ?? cleanText(raw, { singleLine: true });
}

export async function submitPlatform(
  db: Kysely<Database>,
  account: { id: number },
  input: SubmitPlatformInput,
  nowMs: number,
): Promise<{ id: number; slug: string }> {
  const fe = new FieldErrors();
  const nameZh = validateName(fe, 'nameZh', input.nameZh, 60);
  const nameEn = validateName(fe, 'nameEn', input.nameEn, 80);
  const slugInput = input.slug.trim() === '' ? slugify(nameEn) : input.slug.trim().toLowerCase();
  const slug = validateSlug(slugInput);
  // An empty slug is derived from the English name: when that name is itself wrong, its own
  // error says what to fix (a second "fill in the slug" would contradict the field's hint).
  const slugDerivedFromBadName = input.slug.trim() === '' && fe.fields.nameEn !== undefined;
  if (!slug.ok && !slugDerivedFromBadName) fe.add('slug', `platforms.v.${slug.code}`);
  const aliases = [...new Set(splitList(input.aliases))];
  if (aliases.length > maxAliases) fe.add('aliases', 'platforms.submit.tooManyAliases');
  else if (aliases.some((a) => [...a].length > 40)) fe.add('aliases', 'field.tooLong', { max: 40 });
  else if (aliases.some(hasMixedScriptWord)) fe.add('aliases', 'platforms.submit.mixedScript');
  const domainInputs = splitList(input.domains);
  const domains: Array<{ ascii: string; unicode: string }> = [];
  if (domainInputs.length === 0) fe.add('domains', 'platforms.submit.domainRequired');
  else if (domainInputs.length > maxDomains) fe.add('domains', 'platforms.submit.tooManyDomains');
  for (const d of domainInputs) {
    const r = normaliseDomain(d);
    if (!r.ok) {
      fe.add('domains', `platforms.v.${r.code}`);
      break;
    }
    if (!domains.some((x) => x.ascii === r.value.ascii)) domains.push(r.value);
  }
  const chosenCategories = [...new Set(input.categories)];
  const categories = chosenCategories.filter(isPlatformCategory);
  if (chosenCategories.length === 0) fe.add('categories', 'platforms.submit.categoryRequired');
  else if (categories.length < chosenCategories.length) fe.add('categories', 'field.choice');
  const foundedOn = validateDay(fe, 'foundedOn', input.foundedOn.trim(), dayRules.foundedOn, nowMs) ?? '';
  const operatorType = isOperatorType(input.operatorType) ? input.operatorType : null;
  if (operatorType === null) fe.add('operatorType', 'field.choice');
  // Trimmed only: renderUserText cleans it below, as it does every body.
  const description = validateText(fe, 'description', input.description, { max: 2000, required: false, clean: (s) => s.trim() }) ?? '';
  fe.throwIfAny();
  // Both were refused above with their field errors; this only carries that to the types.
  if (!slug.ok || operatorType === null) throw new DomainError('invalid_input');
  const slugValue = slug.value;

  // Duplicates: the same normalised domain, or a near-identical name (trigram similarity or
  // the same confusable skeleton, which catches homoglyph look-alikes such as 星耀卡盟 vs 星曜卡盟 in Latin).
  const byDomain = await repo.findPlatformByDomain(db, domains.map((d) => d.ascii));
  if (byDomain) {
    throw new DomainError('conflict', {
      field: 'domains', messageKey: byDomain.approval === 'pending' ? 'platforms.submit.duplicatePending' : 'platforms.submit.duplicateDomain',
      params: { slug: byDomain.slug, domain: byDomain.domain, existing: byDomain.nameZh }, status: 'CONFLICT',
    });
  }
  // The error goes next to the field whose name matched (the English name or an alias can be the duplicate).
  const candidates: Array<{ name: string; field: 'nameZh' | 'nameEn' | 'aliases' }> = [
    { name: nameZh, field: 'nameZh' }, { name: nameEn, field: 'nameEn' }, ...aliases.map((name) => ({ name, field: 'aliases' as const })),
  ];
  for (const { name, field } of candidates) {
    const similar = await repo.similarNames(db, name, duplicateNameSimilarity);
    if (similar.length > 0) {
      throw new DomainError('conflict', { field, messageKey: 'platforms.submit.duplicateName', params: { slug: similar[0]!.slug, name: similar[0]!.name, existing: similar[0]!.name }, status: 'CONFLICT' });
    }
  }
  const allNames = await repo.allNames(db);
  for (const { name, field } of candidates) {
    const key = skeleton(name);
    for (const p of allNames) {
      const hit = p.names.find((n) => skeleton(n) === key);
      if (hit) throw new DomainError('conflict', { field, messageKey: 'platforms.submit.duplicateName', params: { slug: p.slug, name: hit, existing: hit }, status: 'CONFLICT' });
    }
  }
  if (await repo.slugExists(db, slugValue)) throw new DomainError('conflict', { field: 'slug', messageKey: 'platforms.submit.slugTaken', status: 'CONFLICT' });

  const rendered = renderUserText(description);
  const id = await db.transaction().execute(async (trx) => {
    const id = await repo.insertPlatform(trx, {
      slug: slugValue, nameZh, nameEn, aliases, categories, foundedOn: foundedOn === '' ? null : foundedOn,
      operatorType, descriptionSource: rendered.source, descriptionHtml: rendered.html,
      approval: 'pending', submittedBy: account.id, createdAt: new Date(nowMs),
    }, domains);
    // Indexed (as a removal) now; the moderator's approval enqueues the upsert that makes it findable.
    await enqueueSearch(trx, 'platform', id, 'upsert');
    return id;
  });
  return { id, slug: slugValue };
}

// ─────────────────────────────────────────────────────────────────────────────
// Visibility
// ─────────────────────────────────────────────────────────────────────────────

/** Public pages show approved platforms; a pending one only to its submitter and staff (accounts/staff.ts). */
export function canView(p: repo.Platform, viewer: Viewer | null): boolean {
  if (p.approval === 'approved') return true;
  if (!viewer) return false;
  if (viewsAsStaff(viewer)) return true;
  return p.approval === 'pending' && p.submittedBy === viewer.id;
}

export async function findVisiblePlatform(db: Kysely<Database>, slug: string, viewer: Viewer | null): Promise<repo.Platform | null> {
  if (!validateSlug(slug).ok) return null;
  const p = await repo.findPlatformBySlug(db, slug);
  return p && canView(p, viewer) ? p : null;
}

export type { PlatformRef } from './platform.repository.ts';

/**
 * A platform as other domains see it (reviews, case reports, complaint cases, watchlists): its
 * names and states, by id or slug, whatever its approval — the caller decides what it allows.
 */
export function findPlatformRef(db: Kysely<Database>, by: { id: number } | { slug: string }): Promise<repo.PlatformRef | null> {
  return repo.findPlatformRef(db, by);
}

/** A platform as moderators type it: its id (digits) or its slug. */
export function findPlatformRefBySlugOrId(db: Kysely<Database>, slugOrId: string): Promise<repo.PlatformRef | null> {
  return repo.findPlatformRef(db, /^\d{1,12}$/.test(slugOrId) ? { id: Number(slugOrId) } : { slug: slugOrId });
}

/** findPlatformRef for many ids at once (the ones that exist, in no particular order). */
export function findPlatformRefs(db: Kysely<Database>, ids: readonly number[]): Promise<repo.PlatformRef[]> {
  return repo.findPlatformRefs(db, ids);
}

/** For write forms: the platform must be approved (no evidence or facts on a pending submission). */
async function requireApproved(db: Kysely<Database>, platformId: number): Promise<repo.Platform> {
  const p = await repo.findPlatformById(db, platformId);
  if (!p || p.approval !== 'approved') throw new DomainError('not_found');
  return p;
}

// ─────────────────────────────────────────────────────────────────────────────
// Qualification evidence (资质)
// ─────────────────────────────────────────────────────────────────────────────

export interface EvidenceInput {
  kind: string;
  number: string;
  holderName: string;
  scopeText: string;
  description: string;
}

export interface ValidEvidence {
  kind: QualificationKind;
  number: string;
  holderName: string;
  scopeText: string;
  scope: BusinessScopeCheck | null;
}

/** Pure: checks the numbers with the validators; field errors say what is wrong (checksum, province, format). */
export function validateEvidence(input: EvidenceInput): ValidEvidence {
  // Typed explicitly: TypeScript narrows after a `never` method (refuse) only on an annotated variable.
  const fe: FieldErrors = new FieldErrors();
  const kind = input.kind;
  if (!isQualificationKind(kind)) fe.refuse('kind', 'field.choice');
  // The licence names its holder and its 经营范围 (business scope); a payment partner is described in words.
  const holderName = validateText(fe, 'holderName', input.holderName, { max: 120, singleLine: true, required: kind === 'business_licence' }) ?? '';
  const scopeText = kind === 'payment_partner'
    ? validateText(fe, 'description', input.description, { max: 3000, required: false }) ?? ''
    : validateText(fe, 'scopeText', input.scopeText, { max: 3000, required: kind === 'business_licence', requiredKey: 'platforms.evidence.scopeRequired' }) ?? '';
  let number = '';
  let scope: BusinessScopeCheck | null = null;
  if (kind === 'business_licence') {
    const r = validateCreditCode(input.number);
    if (!r.ok) fe.add('number', `platforms.v.${r.code}`);
    else number = r.value.code;
    if (scopeText !== '') scope = checkBusinessScope(scopeText);
  } else if (kind === 'icp_filing') {
    const r = validateIcpFiling(input.number);
    // The other way round: a licence number under 备案 is a wrong choice of type, not a typo.
    if (!r.ok) fe.add('number', validateTelecomLicence(input.number).ok ? 'platforms.evidence.licenceNotFiling' : `platforms.v.${r.code}`);
    else number = r.value.number;
  } else if (kind === 'icp_licence') {
    const filing = validateIcpFiling(input.number);
    const r = validateTelecomLicence(input.number);
    // The seed's warning: a 备案 number is not a 许可证. Say so when someone pastes one.
    if (!r.ok) fe.add('number', filing.ok ? 'platforms.evidence.filingNotLicence' : `platforms.v.${r.code}`);
    else number = r.value.number;
  } else {
    // Empty or a few characters: either way the moderator has nothing to check (no tooLong error yet).
    if (!fe.has('description') && codePointLength(scopeText) < 10) fe.add('description', 'platforms.evidence.describePartner');
  }
  fe.throwIfAny();
  return { kind, number, holderName, scopeText, scope };
}

/**
 * The same number for the same platform, already waiting or verified, is refused: a second
 * copy only lengthens the moderators' queue. (A rejected one may be submitted again.)
 * Called before any file is stored, and again on insert.
 */
export async function assertNewEvidence(db: Kysely<Database>, platformId: number, evidence: ValidEvidence): Promise<void> {
  if (evidence.number === '') return;
  const open = await repo.findOpenQualification(db, platformId, evidence.kind, evidence.number);
  if (open) {
    throw new DomainError('conflict', {
      field: 'number', status: 'CONFLICT',
      messageKey: open.state === 'verified' ? 'platforms.evidence.duplicateVerified' : 'platforms.evidence.duplicatePending',
    });
  }
}

/** After a submission, the evidence the member just sent (by its id), so the page can show the scope check; else undefined. */
export async function submittedQualification(db: Kysely<Database>, platformId: number, qualificationId: number, submitterHandle: string): Promise<repo.Qualification | undefined> {
  const quals = (await repo.listQualifications(db, [platformId])).get(platformId) ?? [];
  return quals.find((q) => q.id === qualificationId && q.submittedByHandle === submitterHandle);
}

export async function submitEvidence(
  db: Kysely<Database>,
  account: { id: number },
  platformId: number,
  evidence: ValidEvidence,
  uploadId: number | null,
  nowMs: number,
): Promise<WithTags<{ id: number; scope: BusinessScopeCheck | null }>> {
  await requireApproved(db, platformId);
  await assertNewEvidence(db, platformId, evidence);
  const id = await db.transaction().execute(async (trx) => {
    const id = await repo.insertQualification(trx, {
      platformId, kind: evidence.kind, number: evidence.number, holderName: evidence.holderName, scopeText: evidence.scopeText,
      uploadId, submittedBy: account.id, createdAt: new Date(nowMs),
    });
    // The verdict names a licence waiting to be checked (it does not pass until verified).
    await requestRecompute(trx, `evidence:${id}`);
    return id;
  });
  return { id, scope: evidence.scope, tags: [cacheTags.platform(platformId)] };
}

// ─────────────────────────────────────────────────────────────────────────────
// Facts (服务 风控)
// ─────────────────────────────────────────────────────────────────────────────

export interface FactInput {
  key: string;
  /** 'yes' | 'no' for yes/no facts */
  value: string;
  /** hours for refund_window_hours (the form has its own number field; falls back to value) */
  hours?: string;
  note: string;
}

export async function claimFact(
  db: Kysely<Database>,
  account: { id: number },
  platformId: number,
  input: FactInput,
  nowMs: number,
): Promise<WithTags<{ sourceKind: 'platform' | 'member' }>> {
  const fe = new FieldErrors();
  const def = factByKey.get(input.key);
  if (!def) {
    fe.add('key', 'field.choice');
    fe.throwIfAny();
  }
  const hoursField = input.hours !== undefined && input.hours.trim() !== '' ? 'hours' : 'value';
  let value = def!.kind === 'hours' && hoursField === 'hours' ? input.hours!.trim() : input.value.trim();
  if (def!.kind === 'bool') {
    if (value !== 'yes' && value !== 'no') fe.add('value', 'field.choice');
  } else {
    if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > refundWindowMaxHours) fe.add(hoursField, 'platforms.facts.hours');
    else value = String(Number(value));
  }
  const note = validateText(fe, 'note', input.note, { max: 200, required: false, singleLine: true }) ?? '';
  fe.throwIfAny();
  await requireApproved(db, platformId);
  const existing = await repo.findFact(db, platformId, def!.key);
  // A moderator-verified fact, or one contradicted by incidents, is not overwritten by a claim:
  // the member should flag it or file an incident instead.
  if (existing && existing.provenance !== 'claimed') {
    throw new DomainError('conflict', { field: 'key', messageKey: 'platforms.facts.locked', status: 'CONFLICT' });
  }
  const sourceKind = (await repo.isVerifiedRepresentative(db, platformId, account.id)) ? 'platform' : 'member';
  await db.transaction().execute(async (trx) => {
    await repo.upsertFact(trx, { platformId, key: def!.key, value, provenance: 'claimed', sourceKind, note, assertedBy: account.id, at: new Date(nowMs) });
    // A claim is verdict evidence too (a platform's own 48-hour refund window counts against it).
    await requestRecompute(trx, `fact_claim:${platformId}:${def!.key}`);
  });
  return { sourceKind, tags: [cacheTags.platform(platformId)] };
}

// ─────────────────────────────────────────────────────────────────────────────
// Read models: platform page, checklist, directory, compare
// ─────────────────────────────────────────────────────────────────────────────

export interface FactView extends repo.Fact {
  /** One of the closed list's keys (a stored key the list no longer has is not shown). */
  key: FactKey;
  /** Provenance after the contradiction rule (incidents / follow-ups). */
  effectiveProvenance: Provenance;
  contradictedBy: 'incident' | 'follow_up' | null;
  verdict: FactVerdict;
}

/** known ✓ (verified), claimed ○ (someone says so, nobody verified: never a pass), missing ?, warning ! */
export type CheckState = 'known' | 'claimed' | 'missing' | 'warning';
export interface CheckItem {
  key: KeySuffix<'platforms.item'>;
  state: CheckState;
  /** i18n key of the short explanation */
  detail: MessageKey;
  params?: Record<string, string | number>;
}
/** The seed article's four dimensions of a platform, in the order every page shows them (not a review's rating dimensions: reputation/types.ts). */
export const DIMENSIONS = ['qualification', 'service', 'risk', 'reputation'] as const;
export type PlatformDimension = (typeof DIMENSIONS)[number];

export interface DimensionScore {
  /** 1..5 stars, or null when nothing is known */
  score: number | null;
  /** how it was computed (i18n key) */
  basis: MessageKey;
  params?: Record<string, string | number>;
}

export interface PlatformPage {
  platform: repo.Platform;
  domains: repo.PlatformDomain[];
  qualifications: repo.Qualification[];
  facts: FactView[];
  statusHistory: Array<{ from: PlatformStatus; to: PlatformStatus; evidence: string; at: Date }>;
  stats: repo.PlatformStats;
  score: { overall: number | null; weighted: boolean; rank: number | null; computedAt: Date | null; reviewCount: number };
  dimensions: Record<PlatformDimension, DimensionScore>;
  checklist: Record<PlatformDimension, CheckItem[]>;
  ageYears: number | null;
}

function ageInYears(foundedOn: string | null, nowMs: number): number | null {
  if (!foundedOn) return null;
  return (nowMs - Date.parse(`${foundedOn}T00:00:00Z`)) / yearMs;
}

function factViews(facts: repo.Fact[], stats: repo.PlatformStats): FactView[] {
  const contradicted = contradictedKeys(stats);
  const order = new Map<string, number>(FACTS.map((f, i) => [f.key, i]));
  return facts
    .flatMap((f): FactView[] => {
      const def = factByKey.get(f.key);
      if (!def) return [];
      const by = contradicted.get(f.key) ?? null;
      // The rule only contradicts the favourable claim ("yes, unconditional refund"; "no leak").
      const applies = by !== null && f.provenance !== 'contradicted' && f.value === def.good;
      const effectiveProvenance: Provenance = applies ? 'contradicted' : f.provenance;
      return [{ ...f, key: def.key, effectiveProvenance, contradictedBy: applies ? by : f.provenance === 'contradicted' ? (f.sourceKind === 'incident' ? 'incident' : 'follow_up') : null, verdict: factVerdict(f.key, f.value, effectiveProvenance) }];
    })
    .sort((a, b) => order.get(a.key)! - order.get(b.key)!);
}


function qualificationChecklist(p: repo.Platform, quals: repo.Qualification[], ageYears: number | null): CheckItem[] {
  const items: CheckItem[] = [];
  for (const kind of QUALIFICATION_KINDS) {
    const ofKind = quals.filter((q) => q.kind === kind);
    const verified = ofKind.find((q) => q.state === 'verified');
    const pending = ofKind.find((q) => q.state === 'pending');
    if (verified) {
      if (kind === 'business_licence') {
        const scope = checkBusinessScope(verified.scopeText);
        items.push(scope.hasTelecomScope
          ? { key: kind, state: 'known', detail: 'platforms.check.licenceScopeOk' }
          : { key: kind, state: 'warning', detail: 'platforms.check.licenceScopeMissing' });
      } else items.push({ key: kind, state: 'known', detail: 'platforms.check.verified' });
    } else if (pending) items.push({ key: kind, state: 'claimed', detail: 'platforms.check.pendingOnly' });
    else if (ofKind.some((q) => q.state === 'rejected')) items.push({ key: kind, state: 'warning', detail: 'platforms.check.rejectedOnly' });
    else items.push({ key: kind, state: kind === 'icp_licence' ? 'warning' : 'missing', detail: kind === 'icp_licence' ? 'platforms.check.noLicence' : 'platforms.check.none' });
  }
  items.push(p.operatorType === 'company'
    ? { key: 'operator', state: 'known', detail: 'platforms.check.company' }
    : p.operatorType === 'unknown'
      ? { key: 'operator', state: 'missing', detail: 'platforms.check.operatorUnknown' }
      : { key: 'operator', state: 'warning', detail: 'platforms.check.operatorWeak' });
  items.push(ageYears === null
    ? { key: 'age', state: 'missing', detail: 'platforms.check.ageUnknown' }
    : ageYears < matureAgeYears
      ? { key: 'age', state: 'warning', detail: 'platforms.check.young', params: { years: matureAgeYears } }
      : { key: 'age', state: 'known', detail: 'platforms.check.mature', params: { years: matureAgeYears } });
  return items;
}

function factChecklist(dimension: 'service' | 'risk', facts: FactView[]): CheckItem[] {
  return FACTS.filter((d) => d.dimension === dimension).map((d) => {
    const f = facts.find((x) => x.key === d.key);
    if (!f) return { key: d.key, state: 'missing' as const, detail: 'platforms.check.factMissing' };
    if (f.verdict === 'warning') {
      if (d.kind === 'hours') return { key: d.key, state: 'warning' as const, detail: 'platforms.check.refundTrap', params: { hours: refundWindowTrapHours } };
      return { key: d.key, state: 'warning' as const, detail: f.effectiveProvenance === 'contradicted' ? 'platforms.check.factContradicted' : 'platforms.check.factBad' };
    }
    // A bare claim is not a verified fact: its own neutral mark, never the green ✓.
    return f.effectiveProvenance === 'verified'
      ? { key: d.key, state: 'known' as const, detail: 'platforms.check.factVerified' }
      : { key: d.key, state: 'claimed' as const, detail: 'platforms.check.factClaimed' };
  });
}

/**
 * Stars from the facts of one dimension: 1 + 4 × the mean credit of its items, where a
 * verified favourable fact earns 1, a claimed one 0.6 (a claim is weaker evidence), an
 * unknown item 0.3 (nothing known is not good news) and a warning 0. A plain, stated rule;
 * null when nothing at all is known.
 */
export const factCredit = { verified: 1, claimed: 0.6, missing: 0.3, warning: 0 } as const;
function factStars(items: CheckItem[]): number | null {
  if (items.every((i) => i.state === 'missing')) return null;
  const credit: number[] = items.map((i) =>
    i.state === 'missing' ? factCredit.missing : i.state === 'warning' ? factCredit.warning
      : i.state === 'claimed' ? factCredit.claimed : factCredit.verified);
  return 1 + (4 * credit.reduce((a, b) => a + b, 0)) / credit.length;
}

function mean(values: Array<number | null>): number | null {
  const v = values.filter((x): x is number => x !== null);
  return v.length === 0 ? null : v.reduce((a, b) => a + b, 0) / v.length;
}

export async function loadPlatformPages(db: Kysely<Database>, platforms: repo.Platform[], nowMs: number): Promise<PlatformPage[]> {
  const ids = platforms.map((p) => p.id);
  const [domains, quals, facts, stats, scores] = await Promise.all([
    repo.listDomains(db, ids), repo.listQualifications(db, ids), repo.listFacts(db, ids), repo.platformStats(db, ids), repo.latestScores(db, ids),
  ]);
  const out: PlatformPage[] = [];
  for (const p of platforms) {
    const st = stats.get(p.id)!;
    const q = quals.get(p.id) ?? [];
    const fv = factViews(facts.get(p.id) ?? [], st);
    const ageYears = ageInYears(p.foundedOn, nowMs);
    const snap = scores.get(p.id) ?? null;
    const checklist: Record<PlatformDimension, CheckItem[]> = {
      qualification: qualificationChecklist(p, q, ageYears),
      service: factChecklist('service', fv),
      risk: factChecklist('risk', fv),
      reputation: [],
    };
    const overall = snap ? snap.score : st.meanRating;
    checklist.reputation = [
      st.reviewCount > 0 ? { key: 'reviews', state: 'known', detail: 'platforms.check.reviews', params: { n: st.reviewCount } } : { key: 'reviews', state: 'missing', detail: 'platforms.check.noReviews' },
      st.incidentsConfirmed > 0 ? { key: 'incidents', state: 'warning', detail: 'platforms.check.incidents', params: { n: st.incidentsConfirmed } } : { key: 'incidents', state: 'known', detail: 'platforms.check.noIncidents' },
      p.status === 'exit_scam' ? { key: 'status', state: 'warning', detail: 'platforms.check.exitScam' }
        : p.status === 'active' ? { key: 'status', state: 'known', detail: 'platforms.check.active' }
          : { key: 'status', state: 'warning', detail: 'platforms.check.notActive' },
    ];
    const verifiedKinds = QUALIFICATION_KINDS.filter((k) => q.some((x) => x.kind === k && x.state === 'verified')).length;
    const serviceFacts = factStars(checklist.service);
    const riskFacts = factStars(checklist.risk);
    const serviceReviews = snap?.dimensions.service?.score ?? st.meanService;
    const riskReviews = snap?.dimensions.risk?.score ?? st.meanRisk;
    out.push({
      platform: p, domains: domains.get(p.id) ?? [], qualifications: q, facts: fv,
      statusHistory: [], stats: st, ageYears,
      score: { overall, weighted: snap !== null, rank: snap?.rank ?? null, computedAt: snap?.computedAt ?? null, reviewCount: snap?.reviewCount ?? st.reviewCount },
      dimensions: {
        // 资质: 1 star plus one per verified kind of the four (licence, filing, 许可证, payment partner).
        // Each card says in words what it is made of (verdict.dim.basis.*), not a formula.
        qualification: { score: q.length === 0 ? null : 1 + verifiedKinds, basis: 'verdict.dim.basis.qualification', params: { n: verifiedKinds } },
        service: { score: mean([serviceReviews, serviceFacts]), basis: 'verdict.dim.basis.service' },
        risk: { score: mean([riskReviews, riskFacts]), basis: 'verdict.dim.basis.risk' },
        reputation: { score: overall, basis: snap ? 'verdict.dim.basis.reputation' : 'verdict.dim.basis.reputationUnweighted' },
      },
      checklist,
    });
  }
  return out;
}

export async function getPlatformPage(db: Kysely<Database>, slug: string, viewer: Viewer | null, nowMs: number): Promise<PlatformPage | null> {
  // The public view is the same for every reader: shared through the read cache, so signed-in
  // readers (who skip the page cache) do not re-run its queries. Only a pending platform,
  // visible to its submitter and moderators, needs the viewer.
  const publicPage = await cachedRead(db, `platform-page:${slug}`, (page) => (page ? [cacheTags.platform(page.platform.id)] : [cacheTags.directory]), () =>
    loadPlatformPage(db, slug, null, nowMs),
  );
  if (publicPage || !viewer) return publicPage;
  return loadPlatformPage(db, slug, viewer, nowMs);
}

async function loadPlatformPage(db: Kysely<Database>, slug: string, viewer: Viewer | null, nowMs: number): Promise<PlatformPage | null> {
  const p = await findVisiblePlatform(db, slug, viewer);
  if (!p) return null;
  const [page] = await loadPlatformPages(db, [p], nowMs);
  page!.statusHistory = await repo.listStatusChanges(db, p.id);
  return page!;
}

export interface DirectoryFilters {
  category: PlatformCategory | null;
  status: PlatformStatus | null;
  sort: 'rank' | 'newest' | 'reviews';
  page: number;
}

export function parseDirectoryFilters(url: URL, page: number): DirectoryFilters {
  const category = url.searchParams.get('category') ?? '';
  const status = url.searchParams.get('status') ?? '';
  const sort = url.searchParams.get('sort') ?? '';
  return {
    category: isPlatformCategory(category) ? category : null,
    status: isPlatformStatus(status) ? status : null,
    sort: sort === 'newest' || sort === 'reviews' ? sort : 'rank',
    page,
  };
}

export async function listDirectory(db: Kysely<Database>, f: DirectoryFilters): Promise<{ rows: repo.DirectoryRow[]; total: number; pages: number }> {
  const r = await repo.listDirectory(db, { category: f.category, status: f.status, sort: f.sort, limit: directoryPageSize, offset: (f.page - 1) * directoryPageSize });
  return { ...r, pages: Math.max(1, Math.ceil(r.total / directoryPageSize)) };
}

export const compareMin = 2;
export const compareMax = 4;

export type CompareResult =
  | { ok: true; pages: PlatformPage[] }
  | { ok: false; reason: 'too_few' | 'too_many' | 'unknown'; unknown: string[]; pages: PlatformPage[] };

/** `?p=a,b,c`: 2–4 distinct slugs of approved platforms, in the order given. */
export async function compare(db: Kysely<Database>, raw: string, nowMs: number): Promise<CompareResult> {
  const slugs = [...new Set(raw.split(/[,\s，]+/).map((s) => s.trim().toLowerCase()).filter((s) => s !== ''))].slice(0, 20);
  const valid = slugs.filter((s) => validateSlug(s).ok);
  const found = await repo.findApprovedBySlugs(db, valid);
  const bySlug = new Map(found.map((p) => [p.slug, p]));
  const ordered = slugs.map((s) => bySlug.get(s)).filter((p): p is repo.Platform => p !== undefined);
  const unknown = slugs.filter((s) => !bySlug.has(s));
  const pages = await loadPlatformPages(db, ordered.slice(0, compareMax), nowMs);
  if (unknown.length > 0) return { ok: false, reason: 'unknown', unknown, pages };
  if (ordered.length < compareMin) return { ok: false, reason: 'too_few', unknown: [], pages };
  if (ordered.length > compareMax) return { ok: false, reason: 'too_many', unknown: [], pages };
  return { ok: true, pages };
}

/** The compare form's "add a platform": a slug, a name, an alias or a domain (a pasted URL works). */
export async function resolvePlatformRef(db: Kysely<Database>, input: string): Promise<string | null> {
  const s = cleanText(input, { singleLine: true }).slice(0, 200);
  if (s === '') return null;
  const direct = await repo.findApprovedByNameOrSlug(db, s);
  if (direct) return direct.slug;
  const d = normaliseDomain(s);
  if (d.ok) {
    const byDomain = await repo.findApprovedByNameOrSlug(db, d.value.ascii);
    if (byDomain) return byDomain.slug;
  }
  return null;
}

export type { Notice, EvidenceState };

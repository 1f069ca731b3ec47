// Route data for /mod, computed once (Starlight's pattern: the route data is built in a tested
// .ts module and the components only read it). Pure: the queue data, the locale, the viewer
// and the submitted form in; what each component shows out (links, which forms, what is locked,
// the excerpts, a finding's accounts and reviews). The components translate and render.
import { localePath, type Locale } from '../../i18n/index.ts';
import { findingEvidenceLines, type EvidenceLine } from './finding-evidence.ts';
import { isPostKind, type FlagReason, type PostKind } from './flag-reasons.ts';
import { reporterBand } from './moderation.service.ts';
import { evidenceCheck } from './page-guard.ts';
import {
  queueNames,
  type AccountRef, type AppealItem, type ClaimItem, type EvidenceItem, type FindingItem, type FlagsItem, type IncidentItem,
  type ProofItem, type QueueData, type QueueItem, type QueueName, type SubmissionItem, type WarningItem,
} from './queue.service.ts';

/** The moderation actions the queue page posts to (src/actions/moderation.ts). */
export type QueueActionName =
  | 'claim' | 'release' | 'removePost' | 'restorePost' | 'dismissFlags' | 'markFlagsAbusive' | 'removeRing' | 'dismissFinding'
  | 'confirmBrushing' | 'decideProof' | 'decideEvidence' | 'decideSubmission' | 'decideClaim' | 'decideIncident'
  | 'setPlatformStatus' | 'decideFact' | 'sanctionAccount' | 'decideAppeal' | 'markReporterFlagsAbusive';

/** The form URL of an action: back to this page (same queue and page), with Astro's action parameter. */
export function actionUrl(here: string, name: QueueActionName): string {
  return `${here}&_action=moderation.${name}`;
}

/** The queue page a form posts back to and a success redirects to: the queue as requested, and the page. */
export function queuePageHref(locale: Locale, queueParam: string | null, page: number): string {
  return `${localePath(locale, '/mod')}?${new URLSearchParams({ ...(queueParam ? { queue: queueParam } : {}), page: String(page) }).toString()}`;
}

/** At most `n` code points, with an ellipsis when cut. */
export function excerpt(s: string, n = 400): string {
  const cps = [...s];
  return cps.length > n ? `${cps.slice(0, n).join('')}…` : s;
}

export interface QueueTab { queue: QueueName; href: string; count: number; current: boolean; accessKey: string; tone: 'danger' | 'warn' | null }

/** What every item shows in its head: the subject, links, and its claim. */
export interface ItemHead {
  key: string;
  anchorId: string;
  kind: QueueItem['kind'];
  id: number;
  /** A review's permalink. */
  openHref: string | null;
  platform: { href: string; name: string } | null;
  claim: { mine: true; expiresAt: Date } | { mine: false; handle: string } | null;
  /** Someone else holds the claim: the item's buttons are disabled. */
  locked: boolean;
  /** The note typed into this item's form when it came back with an error. */
  noteValue: string;
}

export interface FlagsView extends ItemHead {
  queue: 'flags';
  item: FlagsItem;
  textExcerpt: string;
  notes: Array<{ reporter: string; band: 'high' | 'medium' | 'low'; reason: FlagReason; note: string }>;
  /** A published post can be removed from here; an account can be sanctioned. */
  removable: PostKind | null;
  sanctionable: boolean;
  defaultReason: FlagReason | null;
}
export interface ProofView extends ItemHead { queue: 'proofs'; item: ProofItem; reviewHref: string | null; decide: DecideForm }
export interface EvidenceView extends ItemHead {
  queue: 'evidence'; item: EvidenceItem; scopeExcerpt: string | null; check: { ok: boolean | null; message: string }; decide: DecideForm;
}
export interface IncidentView extends ItemHead { queue: 'incidents'; item: IncidentItem; canAccept: boolean }
export interface SubmissionView extends ItemHead { queue: 'submissions'; item: SubmissionItem; decide: DecideForm }
export interface ClaimView extends ItemHead { queue: 'claims'; item: ClaimItem; evidenceExcerpt: string; decide: DecideForm }
export interface AppealView extends ItemHead {
  queue: 'appeals'; item: AppealItem; subjectHref: string | null; postExcerpt: string;
  /** The viewer removed the post: someone else must decide. */
  sameModerator: boolean;
}
export interface WarningView extends ItemHead { queue: 'warnings'; item: WarningItem; accounts: Map<number, AccountRef> }
export interface FindingView extends ItemHead {
  queue: 'findings';
  item: FindingItem;
  evidenceLines: EvidenceLine[];
  accounts: AccountRef[];
  /** Registration fingerprints two or more of the accounts share, with how many. */
  sharedFingerprints: Array<[string, number]>;
  reviews: Array<{ handle: string; rating: number; body: string; createdAt: Date; removed: boolean }>;
  evidenceJson: string;
  /** A ring removal of the finding's accounts, with the reason it is logged under. */
  ring: { reason: FlagReason } | null;
  canConfirmBrushing: boolean;
}
/** Approve / reject of proofs, evidence, submissions and claims. */
export interface DecideForm { action: 'decideProof' | 'decideEvidence' | 'decideSubmission' | 'decideClaim'; approveLabel: 'mod.approve' | 'mod.verify' }

export type QueueItemView = FlagsView | ProofView | EvidenceView | IncidentView | SubmissionView | ClaimView | AppealView | WarningView | FindingView;

export interface QueueView {
  queue: QueueName;
  /** This page (queue and page number): every form posts back to it. */
  here: string;
  tabs: QueueTab[];
  items: QueueItemView[];
  page: number;
  prevHref: string | null;
  nextHref: string | null;
}

export interface QueueViewInput {
  data: QueueData;
  locale: Locale;
  viewerId: number;
  /** The queue parameter as requested (kept in the forms' URL even when the page fell back to another queue). */
  queueParam: string | null;
  /** The item (`kind:id`, or `:id` for forms without a kind) whose form came back with an error, and its note. */
  errorKey: string | null;
  submittedNote: string;
}


export function buildQueueView(input: QueueViewInput): QueueView {
  const { data, locale } = input;
  const modPath = localePath(locale, '/mod');
  const here = queuePageHref(locale, input.queueParam, data.page);
  const tabs = queueNames.map((q, i): QueueTab => {
    const count = data.counts.get(q) ?? 0;
    // the first two queues (cases, 预警) are where money is at stake
    return { queue: q, href: `${modPath}?queue=${q}`, count, current: q === data.queue, accessKey: String(i + 1), tone: count > 0 ? (i < 2 ? 'danger' : 'warn') : null };
  });
  const pageHref = (p: number) => `${modPath}?queue=${data.queue}&page=${p}`;
  return {
    queue: data.queue, here, tabs, page: data.page,
    items: data.items.map((it) => itemView(it, input)),
    prevHref: data.page > 1 ? pageHref(data.page - 1) : null,
    nextHref: data.hasNext ? pageHref(data.page + 1) : null,
  };
}

function head(it: QueueItem, input: QueueViewInput, noteKey: string): ItemHead {
  const { locale, data } = input;
  const p = it.platformId !== null ? data.platforms.get(it.platformId) : undefined;
  return {
    key: it.key, anchorId: `item-${it.key.replace(':', '-')}`, kind: it.kind, id: it.id,
    openHref: it.kind === 'review' ? localePath(locale, `/reviews/${it.id}`) : null,
    platform: p ? { href: localePath(locale, `/platforms/${p.slug}`), name: p.name } : null,
    claim: it.claim ? (it.claim.mine ? { mine: true, expiresAt: it.claim.expiresAt } : { mine: false, handle: it.claim.handle }) : null,
    locked: !!it.claim && !it.claim.mine,
    noteValue: input.errorKey === noteKey ? input.submittedNote : '',
  };
}

function itemView(it: QueueItem, input: QueueViewInput): QueueItemView {
  const { locale, data } = input;
  // The flag forms carry kind and id; the others only an id (the error key the page builds from the form).
  const byId = `:${it.id}`;
  switch (it.queue) {
    case 'flags':
      return {
        ...head(it, input, it.key), queue: 'flags', item: it,
        textExcerpt: excerpt(it.text),
        notes: it.flags.slice(0, 8).map((f) => ({ reporter: f.reporter, band: reporterBand(f.weight), reason: f.reason, note: f.note ? excerpt(f.note, 200) : '' })),
        removable: isPostKind(it.kind) && it.state === 'published' ? it.kind : null,
        sanctionable: it.kind === 'account',
        defaultReason: it.reasons[0] ?? null,
      };
    case 'proofs':
      return {
        ...head(it, input, byId), queue: 'proofs', item: it,
        reviewHref: it.reviewId ? localePath(locale, `/reviews/${it.reviewId}`) : null,
        decide: { action: 'decideProof', approveLabel: 'mod.verify' },
      };
    case 'evidence':
      return {
        ...head(it, input, byId), queue: 'evidence', item: it,
        scopeExcerpt: it.scopeText ? excerpt(it.scopeText, 300) : null,
        check: evidenceCheck(it.qualification, it.number, locale),
        decide: { action: 'decideEvidence', approveLabel: 'mod.verify' },
      };
    case 'incidents':
      return { ...head(it, input, byId), queue: 'incidents', item: it, canAccept: it.status === 'submitted' };
    case 'submissions':
      return { ...head(it, input, byId), queue: 'submissions', item: it, decide: { action: 'decideSubmission', approveLabel: 'mod.approve' } };
    case 'claims':
      return { ...head(it, input, byId), queue: 'claims', item: it, evidenceExcerpt: excerpt(it.evidence, 800), decide: { action: 'decideClaim', approveLabel: 'mod.verify' } };
    case 'appeals':
      return {
        ...head(it, input, byId), queue: 'appeals', item: it,
        subjectHref: it.subjectKind === 'review' ? localePath(locale, `/reviews/${it.subjectId}`) : null,
        postExcerpt: excerpt(it.postText, 800),
        sameModerator: it.removedBy === input.viewerId,
      };
    case 'warnings':
      return { ...head(it, input, byId), queue: 'warnings', item: it, accounts: data.accounts };
    case 'findings': {
      const accounts = it.accountIds.map((x) => data.accounts.get(x)).filter((a): a is AccountRef => !!a);
      const fps = new Map<string, number>();
      for (const a of accounts) fps.set(a.fingerprint, (fps.get(a.fingerprint) ?? 0) + 1);
      return {
        ...head(it, input, byId), queue: 'findings', item: it,
        evidenceLines: findingEvidenceLines(it.findingKind, it.evidence),
        accounts: accounts.slice(0, 60),
        sharedFingerprints: [...fps.entries()].filter(([, n]) => n > 1),
        reviews: it.reviewIds.slice(0, 12).flatMap((x) => {
          const r = data.reviews.get(x);
          return r ? [{ handle: r.handle, rating: r.rating, body: excerpt(r.body, 140), createdAt: r.createdAt, removed: r.state !== 'published' }] : [];
        }),
        evidenceJson: JSON.stringify(it.evidence, null, 1).slice(0, 3000),
        ring: it.accountIds.length > 0 ? { reason: it.findingKind === 'ring' ? 'shill' : 'brushing' } : null,
        canConfirmBrushing: it.findingKind === 'burst',
      };
    }
  }
}

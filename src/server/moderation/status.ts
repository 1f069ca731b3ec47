// The moderation rules, pure (no database, no clock). After atproto ozone's
// packages/ozone/src/mod-service/status.ts: each action names, explicitly, the states it may
// start from and the state it leads to. Two users of the one rule:
// - every moderation command asks `transition(current, action)` before it writes, and refuses
//   with the returned reason (the command's error comes from that reason, in one table);
// - the reducer folds the log with the same function, so the log and the state columns agree:
//   the log is the truth, the columns are a cache of reduceStatus(events) written in the same
//   transaction as the event (the columns also hold items that have no events yet: seeded and
//   imported rows, posts their authors deleted; see "the current status an action is checked against" below).
import { isPlatformStatus, platformStatuses, type PlatformStatus } from '../platforms/platform.table.ts';
import { modActions, type ModAction } from './moderation.table.ts';
import { isOneOf } from '../one-of.ts';

// The action list is the log table's column type (moderation.table.ts): one list, one home.
export { modActions, type ModAction };

export function isModAction(s: string): s is ModAction {
  return isOneOf(modActions, s);
}

export { isPlatformStatus, platformStatuses, type PlatformStatus };

export interface StatusEvent {
  action: ModAction;
  createdAtMs: number;
  moderatorId?: number | null;
  /** set_status: the platform status it set (the log keeps it in `reason`). */
  reason?: string | null;
}

export interface ItemStatus {
  /** Public visibility of a post; `withdrawn`: deleted by its author (only the state column knows). */
  visibility: 'visible' | 'removed' | 'withdrawn';
  /**
   * Review outcome of a submission (proof, evidence, platform, claim), an incident or a model
   * finding. `accepted`: an incident taken up for handling; `closed`: an incident resolved
   * without a confirmation.
   */
  review: 'pending' | 'approved' | 'rejected' | 'accepted' | 'confirmed' | 'closed';
  /** Standing of an account. */
  standing: 'good' | 'warned' | 'suspended' | 'banned';
  /** Role of an account (staff appointments). */
  role: 'member' | 'moderator' | 'admin';
  appeal: 'none' | 'pending' | 'upheld' | 'overturned';
  /**
   * Open flags on the item. Filing a flag is a row, not a log event, so the log alone never
   * sees a flag open: commands set this from the open-flag count.
   */
  flags: 'open' | 'none';
  /** Status of a platform (跑路 = exit_scam). */
  platform: PlatformStatus;
  /** Provenance of a platform fact. */
  provenance: 'claimed' | 'verified' | 'contradicted';
  /** The moderator of the last removal (an appeal must go to someone else). */
  removedBy: number | null;
  lastAction: ModAction | null;
  lastActionAtMs: number | null;
}

export const initialStatus: ItemStatus = {
  visibility: 'visible', review: 'pending', standing: 'good', role: 'member', appeal: 'none', flags: 'none',
  platform: 'active', provenance: 'claimed', removedBy: null, lastAction: null, lastActionAtMs: null,
};

/** Why an action may not run on an item in its current status. Closed: the service maps each one to an error. */
export type Refusal =
  /** It already has the state the action leads to, or has left the state the action starts from. */
  | 'already_handled'
  /** An appeal is only against a removal. */
  | 'not_removed'
  /** One appeal per removed post. */
  | 'appeal_exists'
  /** Only an account in good standing can be appointed. */
  | 'not_active'
  /** A log row this build does not know (or set_status without a status): it changes nothing. */
  | 'not_applicable';

export type Transition = { ok: true; status: ItemStatus } | { ok: false; refusal: Refusal };

const refuse = (refusal: Refusal): Transition => ({ ok: false, refusal });

/**
 * The explicit transition rules: `action` on an item in status `s` → the next status, or why
 * not. Only the facets an action names change; bookkeeping (removedBy, lastAction) is applyEvent's.
 * `to` is set_status's target.
 */
export function transition(s: ItemStatus, action: ModAction, to?: PlatformStatus | null): Transition {
  const ok = (patch: Partial<ItemStatus>): Transition => ({ ok: true, status: { ...s, ...patch } });
  switch (action) {
    // posts: published → removed → published. A ring removal is a removal; it also needs the
    // finding it acts on (review facet) to be open: a post has no review, so it stays pending.
    case 'remove':
      if (s.visibility !== 'visible') return refuse('already_handled');
      // a new removal after an overturned appeal can be appealed again
      return ok({ visibility: 'removed', flags: 'none', appeal: s.appeal === 'overturned' ? 'none' : s.appeal });
    case 'ring_remove':
      if (s.visibility !== 'visible' || s.review !== 'pending') return refuse('already_handled');
      return ok({ visibility: 'removed', flags: 'none', appeal: s.appeal === 'overturned' ? 'none' : s.appeal });
    case 'restore':
      if (s.visibility !== 'removed') return refuse('already_handled');
      return ok({ visibility: 'visible' });

    // submissions and findings decide once, from pending
    case 'approve':
      return s.review === 'pending' ? ok({ review: 'approved' }) : refuse('already_handled');
    case 'dismiss_finding':
      return s.review === 'pending' ? ok({ review: 'rejected' }) : refuse('already_handled');
    // incidents: pending → accepted → confirmed; reject from either; accept only from pending
    case 'accept':
      return s.review === 'pending' ? ok({ review: 'accepted' }) : refuse('already_handled');
    case 'reject':
      return s.review === 'pending' || s.review === 'accepted' ? ok({ review: 'rejected' }) : refuse('already_handled');
    case 'confirm':
      return s.review === 'pending' || s.review === 'accepted' ? ok({ review: 'confirmed' }) : refuse('already_handled');

    // accounts: a warning never softens a suspension or ban and is never refused (it is a
    // message to the owner); the others refuse to repeat the standing they lead to.
    case 'warn':
      return ok({ standing: s.standing === 'good' ? 'warned' : s.standing });
    case 'suspend':
      return s.standing === 'suspended' ? refuse('already_handled') : ok({ standing: 'suspended' });
    case 'ban':
      return s.standing === 'banned' ? refuse('already_handled') : ok({ standing: 'banned' });
    case 'reinstate':
      return s.standing === 'suspended' || s.standing === 'banned' ? ok({ standing: 'good' }) : refuse('already_handled');
    case 'appoint_moderator':
      if (s.role !== 'member') return refuse('already_handled');
      if (s.standing === 'suspended' || s.standing === 'banned') return refuse('not_active');
      return ok({ role: 'moderator' });
    case 'dismiss_moderator':
      return s.role === 'moderator' ? ok({ role: 'member' }) : refuse('already_handled');

    // platforms and facts: to a different value only
    case 'set_status':
      if (!to) return refuse('not_applicable');
      return s.platform === to ? refuse('already_handled') : ok({ platform: to });
    case 'verify_fact':
      return s.provenance === 'verified' ? refuse('already_handled') : ok({ provenance: 'verified' });
    case 'contradict_fact':
      return s.provenance === 'contradicted' ? refuse('already_handled') : ok({ provenance: 'contradicted' });

    // flags: closing needs open flags
    case 'dismiss_flags':
    case 'mark_flags_abusive':
      return s.flags === 'open' ? ok({ flags: 'none' }) : refuse('already_handled');

    // appeals: once per removal, decided once, by overturning the removal is undone
    case 'appeal':
      if (s.visibility !== 'removed') return refuse('not_removed');
      return s.appeal === 'none' ? ok({ appeal: 'pending' }) : refuse('appeal_exists');
    case 'uphold':
      return s.appeal === 'pending' ? ok({ appeal: 'upheld' }) : refuse('already_handled');
    case 'overturn':
      if (s.appeal !== 'pending') return refuse('already_handled');
      return ok({ appeal: 'overturned', visibility: s.visibility === 'removed' ? 'visible' : s.visibility });
    default:
      // a log row written by a newer build: recorded, changes nothing
      return refuse('not_applicable');
  }
}

/**
 * One step of the reducer: the transition if allowed, else the status as it is. Either way the
 * event is recorded as the last action.
 */
export function applyEvent(s: ItemStatus, e: StatusEvent): ItemStatus {
  const t = transition(s, e.action, isPlatformStatus(e.reason) ? e.reason : null);
  const next: ItemStatus = { ...(t.ok ? t.status : s), lastAction: e.action, lastActionAtMs: e.createdAtMs };
  if (t.ok && (e.action === 'remove' || e.action === 'ring_remove')) next.removedBy = e.moderatorId ?? null;
  return next;
}

/**
 * The log → the item's status. Events are applied in time order, so the same events given in
 * any order with distinct times give the same status. Events at the same millisecond are applied
 * in the order given (the repository returns them by id, the order they were written): their
 * order can matter (a removal and a restore in one millisecond), so the input order is kept.
 */
export function reduceStatus(events: readonly StatusEvent[], from: ItemStatus = initialStatus): ItemStatus {
  return [...events]
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.createdAtMs - b.e.createdAtMs || a.i - b.i)
    .reduce((s, { e }) => applyEvent(s, e), from);
}

// ── the current status an action is checked against ──
// The state columns are what readers see, and they also hold items the log never saw (seeded or
// imported rows, posts their authors deleted). So a command checks the log's status with the
// facet its column caches taken from the column; where both can say "done" (a removal, a
// confirmed incident), either one saying so counts.

/** A post: removed if its column or its log says so; deleted by its author: withdrawn. */
export function postVisibility(state: 'published' | 'removed' | 'deleted', fromLog: ItemStatus['visibility']): ItemStatus['visibility'] {
  if (state === 'removed') return 'removed';
  if (state === 'published') return fromLog === 'removed' ? 'removed' : 'visible';
  return 'withdrawn';
}

/** Proof, evidence, claim (pending/verified/rejected) or platform approval (pending/approved/rejected). */
export function submissionReview(state: 'pending' | 'verified' | 'approved' | 'rejected'): ItemStatus['review'] {
  return state === 'pending' ? 'pending' : state === 'rejected' ? 'rejected' : 'approved';
}

/** A model finding: open, dismissed or actioned (confirmed, or acted on by a ring removal). */
export function findingReview(state: 'open' | 'dismissed' | 'actioned'): ItemStatus['review'] {
  return state === 'open' ? 'pending' : state === 'dismissed' ? 'rejected' : 'confirmed';
}

/**
 * An incident: its column (submitted → accepted, or the platform replied, or still unresolved;
 * rejected; resolved), except that a confirmation only shows in the log (the column stays
 * accepted).
 */
export function incidentReview(status: 'submitted' | 'accepted' | 'platform_replied' | 'resolved' | 'unresolved' | 'rejected', fromLog: ItemStatus['review']): ItemStatus['review'] {
  if (status === 'rejected' || fromLog === 'rejected') return 'rejected';
  if (status === 'resolved') return 'closed';
  if (fromLog === 'confirmed') return 'confirmed';
  return status === 'submitted' ? 'pending' : 'accepted';
}

/** An account: its column, with a warning (which leaves the column active) from the log. */
export function accountStanding(status: 'active' | 'suspended' | 'banned', fromLog: ItemStatus['standing']): ItemStatus['standing'] {
  if (status !== 'active') return status;
  return fromLog === 'warned' ? 'warned' : 'good';
}

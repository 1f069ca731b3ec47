// Item status derived from its moderation events by a PURE reducer (after atproto ozone's
// src/mod-service/status.ts): the log is the truth, the state columns are a cache of
// reduceStatus(events) written in the same transaction as the event.
export type ModAction =
  // posts (review, follow_up, case_report, reply)
  | 'remove' | 'restore'
  // reviewable submissions (platform submissions, evidence, proofs, representative claims, incidents)
  | 'approve' | 'reject'
  // incidents: accept for handling, confirm as true (a confirmed 跑路 changes the platform)
  | 'accept' | 'confirm'
  // accounts
  | 'warn' | 'suspend' | 'ban' | 'reinstate' | 'appoint_moderator' | 'dismiss_moderator'
  // platforms and facts
  | 'set_status' | 'verify_fact' | 'contradict_fact'
  // flags and model findings
  | 'dismiss_flags' | 'mark_flags_abusive' | 'dismiss_finding' | 'ring_remove'
  // appeals (the filing is logged too so the log shows both sides)
  | 'appeal' | 'uphold' | 'overturn';

export const modActions: readonly ModAction[] = [
  'remove', 'restore', 'approve', 'reject', 'accept', 'confirm', 'warn', 'suspend', 'ban', 'reinstate',
  'appoint_moderator', 'dismiss_moderator', 'set_status', 'verify_fact', 'contradict_fact',
  'dismiss_flags', 'mark_flags_abusive', 'dismiss_finding', 'ring_remove', 'appeal', 'uphold', 'overturn',
];

export interface StatusEvent {
  action: ModAction | string;
  createdAtMs: number;
  moderatorId?: number | null;
}

export interface ItemStatus {
  /** Public visibility of a post. */
  visibility: 'visible' | 'removed';
  /** Review outcome of a submission (proof, evidence, platform, claim, incident). */
  review: 'pending' | 'approved' | 'rejected' | 'accepted' | 'confirmed';
  /** Standing of an account. */
  standing: 'good' | 'warned' | 'suspended' | 'banned';
  appeal: 'none' | 'pending' | 'upheld' | 'overturned';
  /** The moderator of the last removal (an appeal must go to someone else). */
  removedBy: number | null;
  lastAction: string | null;
  lastActionAtMs: number | null;
}

export const initialStatus: ItemStatus = {
  visibility: 'visible', review: 'pending', standing: 'good', appeal: 'none', removedBy: null, lastAction: null, lastActionAtMs: null,
};

/** One step. Unknown or irrelevant actions leave the status as it is (but are recorded as last). */
export function applyEvent(s: ItemStatus, e: StatusEvent): ItemStatus {
  const next: ItemStatus = { ...s, lastAction: e.action, lastActionAtMs: e.createdAtMs };
  switch (e.action) {
    case 'remove':
    case 'ring_remove':
      next.visibility = 'removed';
      next.removedBy = e.moderatorId ?? null;
      // a new removal opens a fresh chance to appeal only if none was decided yet
      if (s.appeal === 'overturned') next.appeal = 'none';
      break;
    case 'restore':
      next.visibility = 'visible';
      break;
    case 'approve': next.review = 'approved'; break;
    case 'reject': next.review = 'rejected'; break;
    case 'accept': if (s.review === 'pending') next.review = 'accepted'; break;
    case 'confirm': next.review = 'confirmed'; break;
    case 'warn': if (s.standing === 'good') next.standing = 'warned'; break;
    case 'suspend': next.standing = 'suspended'; break;
    case 'ban': next.standing = 'banned'; break;
    case 'reinstate': next.standing = 'good'; break;
    case 'appeal': if (s.appeal === 'none') next.appeal = 'pending'; break;
    case 'uphold': if (s.appeal === 'pending') next.appeal = 'upheld'; break;
    case 'overturn':
      if (s.appeal === 'pending') {
        next.appeal = 'overturned';
        next.visibility = 'visible';
      }
      break;
    default:
      break;
  }
  return next;
}

/** Events in any order → the item's status (sorted by time, stable for equal times). */
export function reduceStatus(events: readonly StatusEvent[], from: ItemStatus = initialStatus): ItemStatus {
  return [...events]
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.createdAtMs - b.e.createdAtMs || a.i - b.i)
    .reduce((s, { e }) => applyEvent(s, e), from);
}

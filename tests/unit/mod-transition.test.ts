// The moderation rules (status.ts `transition`) as a table: every action against every value of
// each facet it reads, then properties over arbitrary statuses (an action changes only the facets
// it names; whether it is refused depends only on the facets it reads) and over event logs (the
// reducer's order-independence, as its comment states it).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accountStanding, applyEvent, findingReview, incidentReview, initialStatus, modActions, platformStatuses, postVisibility,
  reduceStatus, submissionReview, transition,
  type ItemStatus, type ModAction, type PlatformStatus, type Refusal, type StatusEvent,
} from '../../src/server/moderation/status.ts';

const facetValues = {
  visibility: ['visible', 'removed', 'withdrawn'],
  review: ['pending', 'approved', 'rejected', 'accepted', 'confirmed', 'closed'],
  standing: ['good', 'warned', 'suspended', 'banned'],
  role: ['member', 'moderator', 'admin'],
  appeal: ['none', 'pending', 'upheld', 'overturned'],
  flags: ['open', 'none'],
  platform: [...platformStatuses],
  provenance: ['claimed', 'verified', 'contradicted'],
} as const satisfies { [K in keyof ItemStatus]?: readonly ItemStatus[K][] };
type Facet = keyof typeof facetValues;
const facets = Object.keys(facetValues) as Facet[];

/** Which facets each action reads (its refusal depends on) and writes. */
const reads: Record<ModAction, Facet[]> = {
  remove: ['visibility'], ring_remove: ['visibility', 'review'], restore: ['visibility'],
  approve: ['review'], reject: ['review'], accept: ['review'], confirm: ['review'], dismiss_finding: ['review'],
  warn: ['standing'], suspend: ['standing'], ban: ['standing'], reinstate: ['standing'],
  appoint_moderator: ['role', 'standing'], dismiss_moderator: ['role'],
  set_status: ['platform'], verify_fact: ['provenance'], contradict_fact: ['provenance'],
  dismiss_flags: ['flags'], mark_flags_abusive: ['flags'],
  appeal: ['visibility', 'appeal'], uphold: ['appeal'], overturn: ['appeal'],
};
const writes: Record<ModAction, Facet[]> = {
  ...reads,
  remove: ['visibility', 'flags', 'appeal'], ring_remove: ['visibility', 'flags', 'appeal'],
  appoint_moderator: ['role'], appeal: ['appeal'], overturn: ['appeal', 'visibility'],
};

type Outcome = Refusal | Partial<ItemStatus>;
const A: Refusal = 'already_handled';
// [action, facet varied from the initial status, value, outcome: a refusal or the facets that change]
const table: Array<[ModAction, Facet, string, Outcome]> = [
  ['remove', 'visibility', 'visible', { visibility: 'removed' }],
  ['remove', 'visibility', 'removed', A],
  ['remove', 'visibility', 'withdrawn', A],
  ['ring_remove', 'visibility', 'visible', { visibility: 'removed' }],
  ['ring_remove', 'visibility', 'removed', A],
  ['ring_remove', 'visibility', 'withdrawn', A],
  ['ring_remove', 'review', 'pending', { visibility: 'removed' }],
  ...(['approved', 'rejected', 'accepted', 'confirmed', 'closed'] as const).map((v): [ModAction, Facet, string, Outcome] => ['ring_remove', 'review', v, A]),
  ['restore', 'visibility', 'visible', A],
  ['restore', 'visibility', 'removed', { visibility: 'visible' }],
  ['restore', 'visibility', 'withdrawn', A],
  // review: [pending, approved, rejected, accepted, confirmed, closed]
  ...reviewRow('approve', ['approved', A, A, A, A, A]),
  ...reviewRow('dismiss_finding', ['rejected', A, A, A, A, A]),
  ...reviewRow('accept', ['accepted', A, A, A, A, A]),
  ...reviewRow('reject', ['rejected', A, A, 'rejected', A, A]),
  ...reviewRow('confirm', ['confirmed', A, A, 'confirmed', A, A]),
  // standing: [good, warned, suspended, banned]
  ...standingRow('warn', ['warned', 'warned', 'suspended', 'banned']),
  ...standingRow('suspend', ['suspended', 'suspended', A, 'suspended']),
  ...standingRow('ban', ['banned', 'banned', 'banned', A]),
  ...standingRow('reinstate', [A, A, 'good', 'good']),
  ['appoint_moderator', 'role', 'member', { role: 'moderator' }],
  ['appoint_moderator', 'role', 'moderator', A],
  ['appoint_moderator', 'role', 'admin', A],
  ['appoint_moderator', 'standing', 'good', { role: 'moderator' }],
  ['appoint_moderator', 'standing', 'warned', { role: 'moderator' }],
  ['appoint_moderator', 'standing', 'suspended', 'not_active'],
  ['appoint_moderator', 'standing', 'banned', 'not_active'],
  ['dismiss_moderator', 'role', 'member', A],
  ['dismiss_moderator', 'role', 'moderator', { role: 'member' }],
  ['dismiss_moderator', 'role', 'admin', A],
  ['verify_fact', 'provenance', 'claimed', { provenance: 'verified' }],
  ['verify_fact', 'provenance', 'verified', A],
  ['verify_fact', 'provenance', 'contradicted', { provenance: 'verified' }],
  ['contradict_fact', 'provenance', 'claimed', { provenance: 'contradicted' }],
  ['contradict_fact', 'provenance', 'verified', { provenance: 'contradicted' }],
  ['contradict_fact', 'provenance', 'contradicted', A],
  ['dismiss_flags', 'flags', 'open', { flags: 'none' }],
  ['dismiss_flags', 'flags', 'none', A],
  ['mark_flags_abusive', 'flags', 'open', { flags: 'none' }],
  ['mark_flags_abusive', 'flags', 'none', A],
  // the initial status is visible, so an appeal from it is refused for that first
  ['appeal', 'visibility', 'visible', 'not_removed'],
  ['appeal', 'visibility', 'removed', { appeal: 'pending' }],
  ['appeal', 'visibility', 'withdrawn', 'not_removed'],
  ...(['none', 'pending', 'upheld', 'overturned'] as const).map((v): [ModAction, Facet, string, Outcome] => ['appeal', 'appeal', v, 'not_removed']),
  ['uphold', 'appeal', 'none', A],
  ['uphold', 'appeal', 'pending', { appeal: 'upheld' }],
  ['uphold', 'appeal', 'upheld', A],
  ['uphold', 'appeal', 'overturned', A],
  ['overturn', 'appeal', 'none', A],
  ['overturn', 'appeal', 'pending', { appeal: 'overturned' }],
  ['overturn', 'appeal', 'upheld', A],
  ['overturn', 'appeal', 'overturned', A],
];

function reviewRow(action: ModAction, outcomes: Array<ItemStatus['review'] | Refusal>): Array<[ModAction, Facet, string, Outcome]> {
  return facetValues.review.map((v, i) => {
    const o = outcomes[i]!;
    return [action, 'review', v, o === A ? A : { review: o as ItemStatus['review'] }];
  });
}
function standingRow(action: ModAction, outcomes: Array<ItemStatus['standing'] | Refusal>): Array<[ModAction, Facet, string, Outcome]> {
  return facetValues.standing.map((v, i) => {
    const o = outcomes[i]!;
    return [action, 'standing', v, o === A ? A : { standing: o as ItemStatus['standing'] }];
  });
}

describe('the table covers every action and every value of each facet it reads', () => {
  it.each(modActions.filter((a) => a !== 'set_status'))('%s', (action) => {
    for (const facet of reads[action]) {
      const listed = table.filter(([a, f]) => a === action && f === facet).map(([, , v]) => v);
      expect([...listed].sort()).toEqual([...facetValues[facet]].sort());
    }
  });
});

describe.each(table)('transition: %s when %s is %s', (action, facet, value, outcome) => {
  it(typeof outcome === 'string' ? `refuses: ${outcome}` : `→ ${JSON.stringify(outcome)}`, () => {
    const from = { ...initialStatus, [facet]: value } as ItemStatus;
    const t = transition(from, action);
    if (typeof outcome === 'string') {
      expect(t).toEqual({ ok: false, refusal: outcome });
    } else {
      expect(t.ok).toBe(true);
      if (t.ok) expect(t.status).toMatchObject({ ...from, ...outcome });
    }
  });
});

describe('set_status: to any other platform status, never to the same', () => {
  const cases = platformStatuses.flatMap((from) => platformStatuses.map((to) => [from, to] as const));
  it.each(cases)('%s → %s', (from, to) => {
    const t = transition({ ...initialStatus, platform: from }, 'set_status', to);
    expect(t).toEqual(from === to ? { ok: false, refusal: 'already_handled' } : { ok: true, status: { ...initialStatus, platform: to } });
  });
  it('without a target it changes nothing', () => {
    expect(transition(initialStatus, 'set_status')).toEqual({ ok: false, refusal: 'not_applicable' });
  });
});

describe('the table\'s special cases', () => {
  it('a removal after an overturned appeal can be appealed again; a pending one stays', () => {
    const t = transition({ ...initialStatus, appeal: 'overturned' }, 'remove');
    expect(t.ok && t.status.appeal).toBe('none');
    const u = transition({ ...initialStatus, appeal: 'pending' }, 'remove');
    expect(u.ok && u.status.appeal).toBe('pending');
  });
  it('overturning restores a removed post, not one its author withdrew', () => {
    const removed = transition({ ...initialStatus, visibility: 'removed', appeal: 'pending' }, 'overturn');
    expect(removed.ok && removed.status.visibility).toBe('visible');
    const withdrawn = transition({ ...initialStatus, visibility: 'withdrawn', appeal: 'pending' }, 'overturn');
    expect(withdrawn.ok && withdrawn.status.visibility).toBe('withdrawn');
  });
  it('an appeal on a removed post that already has one is refused as a second appeal', () => {
    expect(transition({ ...initialStatus, visibility: 'removed', appeal: 'upheld' }, 'appeal')).toEqual({ ok: false, refusal: 'appeal_exists' });
  });
  it('a removal closes the open flags', () => {
    const t = transition({ ...initialStatus, flags: 'open' }, 'remove');
    expect(t.ok && t.status.flags).toBe('none');
  });
});

// ── properties over arbitrary statuses ──
const arbStatus: fc.Arbitrary<ItemStatus> = fc.record({
  visibility: fc.constantFrom(...facetValues.visibility),
  review: fc.constantFrom(...facetValues.review),
  standing: fc.constantFrom(...facetValues.standing),
  role: fc.constantFrom(...facetValues.role),
  appeal: fc.constantFrom(...facetValues.appeal),
  flags: fc.constantFrom(...facetValues.flags),
  platform: fc.constantFrom(...facetValues.platform),
  provenance: fc.constantFrom(...facetValues.provenance),
  removedBy: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }),
  lastAction: fc.option(fc.constantFrom(...modActions), { nil: null }),
  lastActionAtMs: fc.option(fc.integer({ min: 0, max: 1e6 }), { nil: null }),
});
const arbAction = fc.constantFrom(...modActions);
const arbTo = fc.constantFrom<PlatformStatus>(...platformStatuses);

describe('transition properties', () => {
  it('an action changes only the facets it names (and never the bookkeeping)', () => {
    fc.assert(fc.property(arbStatus, arbAction, arbTo, (s, action, to) => {
      const t = transition(s, action, to);
      if (!t.ok) return;
      for (const f of facets) if (!writes[action].includes(f)) expect(t.status[f]).toBe(s[f]);
      expect([t.status.removedBy, t.status.lastAction, t.status.lastActionAtMs]).toEqual([s.removedBy, s.lastAction, s.lastActionAtMs]);
    }));
  });
  it('whether an action is refused, and why, depends only on the facets it reads', () => {
    fc.assert(fc.property(arbStatus, arbStatus, arbAction, arbTo, (s, other, action, to) => {
      const mixed = { ...other } as Record<string, unknown>;
      for (const f of reads[action]) mixed[f] = s[f];
      const a = transition(s, action, to);
      const b = transition(mixed as unknown as ItemStatus, action, to);
      expect(a.ok ? 'ok' : a.refusal).toBe(b.ok ? 'ok' : b.refusal);
    }));
  });
  it('an allowed action, repeated, is refused or changes nothing (commands are not applied twice)', () => {
    fc.assert(fc.property(arbStatus, arbAction, arbTo, (s, action, to) => {
      const first = transition(s, action, to);
      if (!first.ok) return;
      const second = transition(first.status, action, to);
      if (second.ok) expect(second.status).toEqual(first.status);
    }));
  });
});

// ── the reducer: the same rules over the log ──
const arbEvents = (n: number) => fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 0, maxLength: n }).chain((times) =>
  fc.tuple(...times.map((t) => fc.record({
    action: arbAction,
    createdAtMs: fc.constant(t),
    moderatorId: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    reason: fc.option(fc.constantFrom<string>(...platformStatuses, 'shill'), { nil: null }),
  }))).map((es): StatusEvent[] => es));

describe('reducer properties', () => {
  it('the same events in any order, with distinct times, give the same status', () => {
    fc.assert(fc.property(arbEvents(12).chain((es) => fc.tuple(fc.constant(es), fc.shuffledSubarray(es, { minLength: es.length, maxLength: es.length }))), ([events, shuffled]) => {
      expect(reduceStatus(shuffled)).toEqual(reduceStatus(events));
    }));
  });
  it('events at the same millisecond apply in the order given (so the promise is about distinct times)', () => {
    const remove: StatusEvent = { action: 'remove', createdAtMs: 5, moderatorId: 1 };
    const restore: StatusEvent = { action: 'restore', createdAtMs: 5, moderatorId: 2 };
    expect(reduceStatus([remove, restore]).visibility).toBe('visible');
    expect(reduceStatus([restore, remove]).visibility).toBe('removed');
  });
  it('a refused event in the log changes no facet: the log of accepted events gives the same status', () => {
    fc.assert(fc.property(arbEvents(12), (events) => {
      const sorted = [...events].sort((a, b) => a.createdAtMs - b.createdAtMs);
      const accepted: StatusEvent[] = [];
      let s = initialStatus;
      for (const e of sorted) {
        const t = transition(s, e.action, e.reason === 'shill' ? null : (e.reason as PlatformStatus | null));
        if (t.ok) {
          accepted.push(e);
          s = applyEvent(s, e);
        }
      }
      const all = reduceStatus(events);
      const onlyAccepted = reduceStatus(accepted);
      for (const f of facets) expect(all[f]).toBe(onlyAccepted[f]);
      expect(all.removedBy).toBe(onlyAccepted.removedBy);
    }));
  });
  it('the removedBy of a status is the moderator of the last allowed removal', () => {
    const s = reduceStatus([
      { action: 'remove', createdAtMs: 1, moderatorId: 1 },
      { action: 'remove', createdAtMs: 2, moderatorId: 2 }, // refused: already removed
    ]);
    expect(s.removedBy).toBe(1);
  });
});

describe('the current status a command checks: the log, with the state column', () => {
  it.each([
    ['published', 'visible', 'visible'], ['published', 'removed', 'removed'], ['removed', 'visible', 'removed'],
    ['removed', 'removed', 'removed'], ['deleted', 'visible', 'withdrawn'], ['deleted', 'removed', 'withdrawn'],
  ] as const)('post %s, log %s → %s', (state, log, expected) => {
    expect(postVisibility(state, log)).toBe(expected);
  });
  it.each([['pending', 'pending'], ['verified', 'approved'], ['approved', 'approved'], ['rejected', 'rejected']] as const)('submission %s → %s', (state, expected) => {
    expect(submissionReview(state)).toBe(expected);
  });
  it.each([['open', 'pending'], ['dismissed', 'rejected'], ['actioned', 'confirmed']] as const)('finding %s → %s', (state, expected) => {
    expect(findingReview(state)).toBe(expected);
  });
  it.each([
    ['submitted', 'pending', 'pending'], ['accepted', 'accepted', 'accepted'], ['accepted', 'confirmed', 'confirmed'],
    ['platform_replied', 'pending', 'accepted'], ['unresolved', 'accepted', 'accepted'], ['resolved', 'accepted', 'closed'],
    ['rejected', 'pending', 'rejected'], ['accepted', 'rejected', 'rejected'],
  ] as const)('incident %s, log %s → %s', (status, log, expected) => {
    expect(incidentReview(status, log)).toBe(expected);
  });
  it.each([['active', 'good', 'good'], ['active', 'warned', 'warned'], ['active', 'banned', 'good'], ['suspended', 'good', 'suspended'], ['banned', 'warned', 'banned']] as const)('account %s, log %s → %s', (status, log, expected) => {
    expect(accountStanding(status, log)).toBe(expected);
  });
});

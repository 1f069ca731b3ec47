// The one staff rule (server/accounts/staff.ts) and the guards that share it.
import { describe, expect, it } from 'vitest';
import { checkStaff, viewerOf, viewsAsStaff } from '../../src/server/accounts/staff.ts';
import { guardModerator } from '../../src/server/moderation/guards.ts';
import { staffGate } from '../../src/server/moderation/page-guard.ts';
import { DomainError } from '../../src/server/errors.ts';
import type { Account } from '../../src/server/accounts/account.service.ts';

const mod = { role: 'moderator', status: 'active', totpEnabled: true } as const;

describe('checkStaff', () => {
  it.each([
    ['an active moderator with TOTP passed', mod, true, undefined, 'ok'],
    ['an active admin', { ...mod, role: 'admin' }, true, undefined, 'ok'],
    ['a member', { ...mod, role: 'member' }, true, undefined, 'not_staff'],
    ['a suspended moderator', { ...mod, status: 'suspended' }, true, undefined, 'not_staff'],
    ['a banned admin', { ...mod, role: 'admin', status: 'banned' }, true, undefined, 'not_staff'],
    ['a moderator on an admin-only page', mod, true, ['admin'] as const, 'not_staff'],
    ['a moderator without TOTP', { ...mod, totpEnabled: false }, false, undefined, 'totp_not_enabled'],
    ['a moderator whose session skipped TOTP', mod, false, undefined, 'totp_unverified'],
  ])('%s → %s', (_n, user, verified, roles, expected) => {
    expect(checkStaff(user, verified, roles)).toBe(expected);
  });

  it('the service guard and the page guard refuse a suspended moderator too', () => {
    const actor = { id: 1, handle: 'm', role: 'moderator', status: 'suspended', totpVerified: true } as const;
    expect(() => guardModerator(actor)).toThrow(DomainError);
    const user = { id: 1, handle: 'm', role: 'moderator', status: 'suspended', totpEnabled: true } as unknown as Account;
    expect(staffGate({ user, session: { twoFactorVerified: true }, pendingTotpAccountId: null }, '/mod').kind).toBe('forbidden');
    expect(staffGate({ user: { ...user, status: 'active' } as Account, session: { twoFactorVerified: true }, pendingTotpAccountId: null }, '/mod').kind).toBe('ok');
    expect(staffGate({ user: { ...user, status: 'active', totpEnabled: false } as Account, session: { twoFactorVerified: false }, pendingTotpAccountId: null }, '/mod'))
      .toEqual({ kind: 'redirect', to: '/settings#totp' });
  });

  it.each([
    ['an active moderator whose session passed TOTP', mod, { twoFactorVerified: true }, true],
    ['a suspended moderator', { ...mod, status: 'suspended' }, { twoFactorVerified: true }, false],
    ['a banned admin', { ...mod, role: 'admin', status: 'banned' }, { twoFactorVerified: true }, false],
    ['a moderator without TOTP', { ...mod, totpEnabled: false }, { twoFactorVerified: false }, false],
    ['a member', { ...mod, role: 'member' }, { twoFactorVerified: true }, false],
    ['a moderator with no session', mod, null, false],
  ])('the read side (viewsAsStaff): %s → %s', (_n, user, session, expected) => {
    expect(viewsAsStaff(viewerOf({ id: 7, ...user }, session))).toBe(expected);
  });

  it('nobody signed in is not staff', () => {
    expect(viewsAsStaff(viewerOf(null, { twoFactorVerified: true }))).toBe(false);
  });
});

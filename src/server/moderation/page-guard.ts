// What a moderator page does with the current visitor: the same rule as requireModerator
// (moderators/admins with a TOTP-verified session), as a redirect or a 403.
import type { Account } from '../accounts/account.service.ts';
import { checkStaff } from '../accounts/staff.ts';
import { validateCreditCode, validateIcpFiling, validateTelecomLicence, validatorMessages } from '../platforms/validators.ts';

export type StaffGate = { kind: 'ok'; user: Account } | { kind: 'redirect'; to: string } | { kind: 'forbidden' };

export function staffGate(
  locals: { user: Account | null; session: { twoFactorVerified: boolean } | null; pendingTotpAccountId: number | null },
  path: string,
  roles: ReadonlyArray<'moderator' | 'admin'> = ['moderator', 'admin'],
): StaffGate {
  const next = encodeURIComponent(path);
  if (!locals.user) return { kind: 'redirect', to: locals.pendingTotpAccountId ? `/login/totp?next=${next}` : `/login?next=${next}` };
  const check = checkStaff(locals.user, locals.session?.twoFactorVerified ?? false, roles);
  if (check === 'not_staff' || check === 'totp_unverified') return { kind: 'forbidden' };
  if (check === 'totp_not_enabled') return { kind: 'redirect', to: '/settings#totp' };
  return { kind: 'ok', user: locals.user };
}

/** The validator's verdict on a qualification number, shown next to the evidence. */
export function evidenceCheck(kind: string, number: string, locale: 'zh-CN' | 'en'): { ok: boolean | null; message: string } {
  const r = kind === 'business_licence' ? validateCreditCode(number)
    : kind === 'icp_filing' ? validateIcpFiling(number)
    : kind === 'icp_licence' ? validateTelecomLicence(number)
    : null;
  if (!r) return { ok: null, message: '' };
  if (r.ok) return { ok: true, message: '' };
  return { ok: false, message: validatorMessages[r.code][locale] };
}

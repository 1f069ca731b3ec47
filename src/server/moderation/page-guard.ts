// What a moderator page does with the current visitor: the same rule as requireModerator
// (moderators/admins with a TOTP-verified session), as a redirect or a 403.
import type { Account } from '../accounts/account.service.ts';
import { validateCreditCode, validateIcpFiling, validateTelecomLicence, validatorMessages, type ValidatorCode } from '../platforms/validators.ts';

export type StaffGate = { kind: 'ok'; user: Account } | { kind: 'redirect'; to: string } | { kind: 'forbidden' };

export function staffGate(
  locals: { user: Account | null; session: { twoFactorVerified: boolean } | null; pendingTotpAccountId: number | null },
  path: string,
  roles: ReadonlyArray<'moderator' | 'admin'> = ['moderator', 'admin'],
): StaffGate {
  const next = encodeURIComponent(path);
  if (!locals.user) return { kind: 'redirect', to: locals.pendingTotpAccountId ? `/login/totp?next=${next}` : `/login?next=${next}` };
  if (!roles.includes(locals.user.role as 'moderator' | 'admin') || locals.user.status !== 'active') return { kind: 'forbidden' };
  if (!locals.user.totpEnabled) return { kind: 'redirect', to: '/settings#totp' };
  if (!locals.session?.twoFactorVerified) return { kind: 'forbidden' };
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
  return { ok: false, message: validatorMessages[r.code as ValidatorCode]?.[locale] ?? r.code };
}

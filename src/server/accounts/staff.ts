// The one staff rule, used by the Action guard (actions/_shared.ts requireModerator), the
// service guard (moderation/guards.ts) and the page guard (moderation/page-guard.ts): each
// only turns the answer into its own kind of refusal (ActionError, DomainError, redirect/403).
export type StaffRole = 'moderator' | 'admin';

/** Why an account may not act as staff now, or 'ok'. */
export type StaffCheck = 'ok' | 'not_staff' | 'totp_not_enabled' | 'totp_unverified';

/**
 * A moderator or admin (of `roles`) whose account is active — a suspended or banned
 * moderator keeps the role column but loses its powers — with TOTP enabled (required for
 * staff) and this session's TOTP step passed.
 */
export function checkStaff(
  user: { role: string; status: string; totpEnabled: boolean },
  sessionTwoFactorVerified: boolean,
  roles: ReadonlyArray<StaffRole> = ['moderator', 'admin'],
): StaffCheck {
  if (!roles.includes(user.role as StaffRole) || user.status !== 'active') return 'not_staff';
  if (!user.totpEnabled) return 'totp_not_enabled';
  if (!sessionTwoFactorVerified) return 'totp_unverified';
  return 'ok';
}

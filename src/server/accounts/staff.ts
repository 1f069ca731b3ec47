// The one staff rule, used by the Action guard (actions/_shared.ts requireModerator), the
// service guard (moderation/guards.ts), the page guard (moderation/page-guard.ts) and the read
// side (viewsAsStaff: pending platforms, private uploads, hidden text; the layout's moderation link):
// each only turns the answer into its own kind of refusal (ActionError, DomainError, redirect/403, not shown).
import { isOneOf } from '../one-of.ts';

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
  if (!isOneOf(roles, user.role) || user.status !== 'active') return 'not_staff';
  if (!user.totpEnabled) return 'totp_not_enabled';
  if (!sessionTwoFactorVerified) return 'totp_unverified';
  return 'ok';
}

/**
 * A signed-in reader as the read side sees them (who may see a pending platform, a private
 * upload, a hidden review's text): the account and whether this session passed its TOTP step.
 */
export interface Viewer {
  id: number;
  role: string;
  status: string;
  totpEnabled: boolean;
  sessionTwoFactorVerified: boolean;
}

export function viewerOf(
  user: { id: number; role: string; status: string; totpEnabled: boolean } | null,
  session: { twoFactorVerified: boolean } | null,
): Viewer | null {
  if (!user) return null;
  return { id: user.id, role: user.role, status: user.status, totpEnabled: user.totpEnabled, sessionTwoFactorVerified: session?.twoFactorVerified ?? false };
}

/** Sees what staff see: the same rule as the guards, so a suspended or banned moderator sees what a member sees. */
export function viewsAsStaff(viewer: Viewer | null): boolean {
  return viewer !== null && checkStaff(viewer, viewer.sessionTwoFactorVerified) === 'ok';
}

// Role guards shared by the actions and the services: every moderation service calls one of
// these first, so a forged form or replayed request is refused on the server whatever the
// page showed. (The actions run requireModerator too; this is the same rule, testable
// without Astro.)
import { DomainError } from '../errors.ts';
import { checkStaff } from '../accounts/staff.ts';

export interface Actor {
  id: number;
  handle: string;
  role: 'member' | 'moderator' | 'admin';
  status: 'active' | 'suspended' | 'banned';
  /** The session passed its TOTP step (required for staff). */
  totpVerified: boolean;
}

export function actorOf(
  user: { id: number; handle: string; role: Actor['role']; status: Actor['status']; totpEnabled: boolean } | null,
  session: { twoFactorVerified: boolean } | null,
): Actor | null {
  if (!user || !session) return null;
  return { id: user.id, handle: user.handle, role: user.role, status: user.status, totpVerified: user.totpEnabled && session.twoFactorVerified };
}

/** Moderators and admins with a TOTP-verified session. */
export function guardModerator(actor: Actor | null, roles: ReadonlyArray<'moderator' | 'admin'> = ['moderator', 'admin']): Actor {
  if (!actor) throw new DomainError('unauthenticated');
  const check = checkStaff({ role: actor.role, status: actor.status, totpEnabled: actor.totpVerified }, actor.totpVerified, roles);
  if (check === 'not_staff') throw new DomainError('forbidden');
  if (check !== 'ok') throw new DomainError('totp_required');
  return actor;
}

export function guardAdmin(actor: Actor | null): Actor {
  return guardModerator(actor, ['admin']);
}

/** A member who may write (flags): signed in and active. */
export function guardWriter(actor: Actor | null): Actor {
  if (!actor) throw new DomainError('unauthenticated');
  if (actor.status !== 'active') throw new DomainError('suspended');
  return actor;
}

/** Any signed-in account (appeals: a suspended author may still appeal). */
export function guardSignedIn(actor: Actor | null): Actor {
  if (!actor) throw new DomainError('unauthenticated');
  if (actor.status === 'banned') throw new DomainError('forbidden');
  return actor;
}

// The "current password" field of a settings form (change password, change of e-mail): checked
// before answering, beside the form's other fields, so the form shows every error at once.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { domainErrors, type FieldErrors } from '../errors.ts';
import { verifyPassword } from './password.ts';
import * as repo from './account.repository.ts';

/** Adds the field's error to `errors`; true when the password was given and is wrong. */
export async function checkCurrentPassword(db: Kysely<Database>, accountId: number, currentPassword: string, errors: FieldErrors): Promise<boolean> {
  if (!currentPassword) {
    errors.add('currentPassword', 'field.required');
    return false;
  }
  const row = await repo.findAccountById(db, accountId);
  const wrong = !row || !(await verifyPassword(row.password_hash, currentPassword));
  if (wrong) errors.add('currentPassword', domainErrors.wrong_password.message);
  return wrong;
}

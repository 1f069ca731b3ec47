// The one way to recognise a unique-constraint race: SQLSTATE 23505 (unique_violation,
// PostgreSQL manual, Appendix A) and the constraint or unique index's name, which both pg and
// PGlite put on the error. Never the message text: it is translated with lc_messages.
export function isUniqueViolation(e: unknown, constraint: string): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as { code?: unknown; constraint?: unknown };
  return err.code === '23505' && err.constraint === constraint;
}

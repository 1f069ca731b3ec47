// Membership in a closed `as const` list (a domain enumeration: statuses, kinds, actions), as a
// type guard: the one place the widening cast that `includes` needs is written.

/** Whether `value` is one of `list`'s members. */
export function isOneOf<const T extends readonly string[]>(list: T, value: unknown): value is T[number] {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

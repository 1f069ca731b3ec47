/**
 * The ARIA attributes that tie a form control to its hint and its error message (ids
 * `<id>-hint` and `<id>-error`, rendered by Field.astro / FieldError.astro), so a screen reader
 * announces what is wrong with the field when it gets focus. Spread onto the control.
 */
export function fieldAria(id: string, error: string | undefined, opts: { hint?: boolean } = {}): Record<string, string | undefined> {
  const describedBy = [error ? `${id}-error` : null, opts.hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': describedBy || undefined };
}

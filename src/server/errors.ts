// Domain errors: a closed code per failure, mapped in one table to an HTTP/Action code and
// a message key. Services throw these; actions map them (see actions/_shared.ts).
import type { MessageKey } from '../i18n/index.ts';

export const domainErrors = {
  // accounts
  login_failed: { status: 'UNAUTHORIZED', message: 'auth.loginFailed' },
  handle_taken: { status: 'CONFLICT', message: 'auth.handleTaken' },
  email_taken: { status: 'CONFLICT', message: 'auth.emailTaken' },
  wrong_password: { status: 'BAD_REQUEST', message: 'settings.wrongPassword' },
  totp_invalid: { status: 'BAD_REQUEST', message: 'auth.totp.invalid' },
  totp_required: { status: 'FORBIDDEN', message: 'auth.totp.required' },
  totp_cannot_disable: { status: 'FORBIDDEN', message: 'settings.totp.cannotDisable' },
  // a mailed link that is unknown, expired, already used or for something else: one answer
  token_invalid: { status: 'BAD_REQUEST', message: 'account.token.invalid' },
  // generic
  unauthenticated: { status: 'UNAUTHORIZED', message: 'common.loginToContinue' },
  forbidden: { status: 'FORBIDDEN', message: 'error.forbidden' },
  suspended: { status: 'FORBIDDEN', message: 'error.suspended' },
  rate_limited: { status: 'TOO_MANY_REQUESTS', message: 'error.rateLimited' },
  not_found: { status: 'NOT_FOUND', message: 'error.404.body' },
  invalid_input: { status: 'BAD_REQUEST', message: 'error.generic' },
  conflict: { status: 'CONFLICT', message: 'error.generic' },
} as const satisfies Record<string, { status: string; message: MessageKey }>;

export type DomainErrorCode = keyof typeof domainErrors;

export class DomainError extends Error {
  readonly code: string;
  /** Which form field the error belongs to, if any. */
  readonly field: string | undefined;
  /** Message key to show (defaults to the code's key in the table). */
  readonly messageKey: string;
  readonly params: Record<string, string | number> | undefined;
  readonly status: string;
  /** Several field errors at once (field → message key), e.g. a form with three bad fields. */
  readonly fields: Record<string, string> | undefined;
  constructor(
    code: DomainErrorCode | string,
    opts: { field?: string; messageKey?: string; params?: Record<string, string | number>; status?: string; fields?: Record<string, string> } = {},
  ) {
    super(code);
    this.name = 'DomainError';
    this.code = code;
    this.field = opts.field;
    const entry = (domainErrors as Record<string, { status: string; message: string }>)[code];
    this.messageKey = opts.messageKey ?? entry?.message ?? 'error.generic';
    this.status = opts.status ?? entry?.status ?? 'BAD_REQUEST';
    this.params = opts.params;
    this.fields = opts.fields;
  }
}

/** Collects field errors and throws them together. */
export class FieldErrors {
  readonly fields: Record<string, string> = {};
  add(field: string, messageKey: string): void {
    this.fields[field] ??= messageKey;
  }
  has(field: string): boolean {
    return field in this.fields;
  }
  /**
   * Throws every collected error at once. The first field's key may carry parameters
   * ('field.tooLong|max=80', as zod-style keys do): they are split into key + params so the
   * page can translate it; the `fields` map keeps the raw keys (form-errors.ts splits those).
   * `code` names the failure for callers that tell failures apart (a wrong password, say);
   * the status stays the code's, the messages stay per field.
   */
  throwIfAny(code: DomainErrorCode = 'invalid_input'): void {
    const entries = Object.entries(this.fields);
    if (entries.length === 0) return;
    const [field, raw] = entries[0]!;
    const [key, query] = raw.split('|');
    const params: Record<string, string> = {};
    for (const part of (query ?? '').split('&')) {
      const [k, v] = part.split('=');
      if (k && v !== undefined) params[k] = v;
    }
    throw new DomainError(code, { field, messageKey: key!, params: query ? params : undefined, fields: this.fields });
  }
}

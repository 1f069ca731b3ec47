// Domain errors: a closed code per failure, mapped in one table to an HTTP/Action code and
// a message key. Services throw these; actions map them (see actions/_shared.ts).
import { isMessageKey, type MessageKey } from '../i18n/index.ts';

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
} as const satisfies Record<string, { status: ErrorStatus; message: MessageKey }>;

export type DomainErrorCode = keyof typeof domainErrors;

/** The Action codes a domain error may carry (a subset of Astro's ActionError codes). */
export type ErrorStatus = 'BAD_REQUEST' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'TOO_MANY_REQUESTS' | 'CONTENT_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE';

/** Values for a message's {placeholders}. */
export type MessageParams = Record<string, string | number>;

/** A message key with its values: what a field error or a form error says. */
export interface Message {
  key: MessageKey;
  params?: MessageParams;
}

/**
 * A message inside a zod error string (zod keeps only a string per issue): JSON, so a key and its
 * values travel typed and come back out through decodeMessage, never split by hand.
 */
export function encodeMessage(key: MessageKey, params?: MessageParams): string {
  return params ? JSON.stringify({ k: key, p: params }) : key;
}

/** The reverse of encodeMessage; anything else is a bare key (or not ours, and then null). */
export function decodeMessage(raw: string): Message | null {
  if (raw.startsWith('{')) {
    try {
      const parsed = JSON.parse(raw) as { k?: unknown; p?: unknown };
      if (typeof parsed.k === 'string' && isMessageKey(parsed.k)) return { key: parsed.k, params: (parsed.p ?? undefined) as MessageParams | undefined };
    } catch {
      return null;
    }
    return null;
  }
  return isMessageKey(raw) ? { key: raw } : null;
}

/** What an Action's error message holds (encoded by actions/_shared.ts, read by http/form-errors.ts). */
export interface EncodedError {
  k: MessageKey;
  f: string | null;
  p: MessageParams | null;
  fs: Record<string, MessageKey> | null;
  fp?: Record<string, MessageParams> | null;
}

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  /** Which form field the error belongs to, if any. */
  readonly field: string | undefined;
  /** Message key to show (defaults to the code's key in the table). */
  readonly messageKey: MessageKey;
  readonly params: MessageParams | undefined;
  readonly status: ErrorStatus;
  /** Several field errors at once (field → message key), e.g. a form with three bad fields. */
  readonly fields: Record<string, MessageKey> | undefined;
  /** The values of those field messages that have any (field → params). */
  readonly fieldParams: Record<string, MessageParams> | undefined;
  constructor(
    code: DomainErrorCode,
    opts: { field?: string; messageKey?: MessageKey; params?: MessageParams; status?: ErrorStatus; fields?: Record<string, MessageKey>; fieldParams?: Record<string, MessageParams> } = {},
  ) {
    super(code);
    this.name = 'DomainError';
    this.code = code;
    this.field = opts.field;
    const entry = domainErrors[code];
    this.messageKey = opts.messageKey ?? entry.message;
    this.status = opts.status ?? entry.status;
    this.params = opts.params;
    this.fields = opts.fields;
    this.fieldParams = opts.fieldParams;
  }
}

/** Collects field errors and throws them together. */
export class FieldErrors {
  readonly fields: Record<string, MessageKey> = {};
  readonly fieldParams: Record<string, MessageParams> = {};
  add(field: string, messageKey: MessageKey, params?: MessageParams): void {
    if (field in this.fields) return;
    this.fields[field] = messageKey;
    if (params) this.fieldParams[field] = params;
  }
  has(field: string): boolean {
    return field in this.fields;
  }
  /**
   * Throws every collected error at once; the first field's message is the error's own.
   * `code` names the failure for callers that tell failures apart (a wrong password, say);
   * the status stays the code's, the messages stay per field.
   */
  throwIfAny(code: DomainErrorCode = 'invalid_input'): void {
    const first = Object.entries(this.fields)[0];
    if (first) throw this.errorWith(code, first);
  }

  /** Adds this error and throws every collected one: for a field the remaining checks depend on. */
  refuse(field: string, messageKey: MessageKey, params?: MessageParams): never {
    this.add(field, messageKey, params);
    throw this.errorWith('invalid_input', Object.entries(this.fields)[0] ?? [field, messageKey]);
  }

  private errorWith(code: DomainErrorCode, [field, key]: [string, MessageKey]): DomainError {
    const fieldParams = Object.keys(this.fieldParams).length ? this.fieldParams : undefined;
    return new DomainError(code, { field, messageKey: key, params: this.fieldParams[field], fields: this.fields, fieldParams });
  }
}

// Turns an Action result's error into per-field messages in the reader's language.
import { isMessageKey, t, type Locale } from '../../i18n/index.ts';
import { decodeMessage, type EncodedError, type MessageParams } from '../errors.ts';

export interface FormErrors {
  /** Field name → message. */
  fields: Record<string, string>;
  /** A message not tied to a field. */
  form: string | null;
}

/** A message from a zod issue or a field map: a bare key or an encoded key with values (errors.ts). */
function translateMessage(locale: Locale, raw: string, params?: MessageParams): string | null {
  const m = decodeMessage(raw);
  return m ? t(locale, m.key, params ?? m.params) : null;
}

interface ErrorLike {
  message?: string;
  code?: string;
  fields?: Record<string, string[] | undefined>;
}

export function formErrors(locale: Locale, error: unknown): FormErrors {
  const out: FormErrors = { fields: {}, form: null };
  if (!error || typeof error !== 'object') return out;
  const e = error as ErrorLike;
  if (e.fields && typeof e.fields === 'object') {
    for (const [field, messages] of Object.entries(e.fields)) {
      const first = messages?.[0];
      if (first) out.fields[field] = translateMessage(locale, first) ?? t(locale, 'field.invalid');
    }
    if (Object.keys(out.fields).length) return out;
  }
  try {
    const parsed = JSON.parse(e.message ?? '') as EncodedError;
    if (!isMessageKey(parsed.k)) throw new Error('not one of ours');
    const message = t(locale, parsed.k, parsed.p ?? undefined);
    if (parsed.fs) for (const [field, key] of Object.entries(parsed.fs)) out.fields[field] = translateMessage(locale, key, parsed.fp?.[field]) ?? t(locale, 'field.invalid');
    if (parsed.f) out.fields[parsed.f] = message;
    else out.form = message;
  } catch {
    // Errors raised by Astro itself (not ours) carry no message key: a body over
    // security.actionBodySizeLimit arrives as CONTENT_TOO_LARGE and deserves a clear message.
    out.form = e.code === 'FORBIDDEN' ? t(locale, 'error.forbidden') : e.code === 'CONTENT_TOO_LARGE' ? t(locale, 'error.tooLarge') : t(locale, 'error.generic');
  }
  return out;
}

/**
 * What the user typed, to refill the form after an error (nothing they wrote is lost).
 * Passwords and files are never echoed back.
 */
export async function submittedValues(request: Request): Promise<Record<string, string>> {
  if (request.method !== 'POST') return {};
  try {
    const form = await request.clone().formData();
    const out: Record<string, string> = {};
    for (const [k, v] of form.entries()) {
      if (typeof v !== 'string' || /password|sealedKey|code/i.test(k)) continue;
      out[k] = v.slice(0, 20_000);
    }
    return out;
  } catch {
    return {};
  }
}

// A verdict reason in words, and the link to its evidence (used by the platform page's
// verdict panel and the history's changelog).
import { t, localePath, type KeySuffix, type Locale } from '../../i18n/index.ts';
import { evidencePath } from '../../server/verdict/verdict.service.ts';
import type { IncidentKind, VerdictReason } from '../../server/verdict/verdict.ts';

export function reasonText(locale: Locale, r: Pick<VerdictReason, 'code' | 'params'>): string {
  const params: Record<string, string | number> = { ...(r.params ?? {}) };
  // The verdict model puts a fact key or qualification kind in `fact`, an incident kind in `kind`.
  if (typeof params.fact === 'string') params.fact = t(locale, `platforms.item.${params.fact as KeySuffix<'platforms.item'>}`);
  if (typeof params.kind === 'string') params.kind = t(locale, `reviews.incident.kind.${params.kind as IncidentKind}`);
  if ((r.code === 'YOUNG' || r.code === 'AGE_UNKNOWN') && params.from === undefined) return t(locale, `verdict.reason.${r.code}.noScore`, params);
  return t(locale, `verdict.reason.${r.code}`, params);
}

export function reasonHref(locale: Locale, r: Pick<VerdictReason, 'evidence'>, slug: string): string | null {
  return r.evidence ? localePath(locale, evidencePath(r.evidence, slug)) : null;
}

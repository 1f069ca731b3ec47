// A verdict reason in words, and the link to its evidence (used by the platform page's
// verdict panel and the history's changelog).
import { t, localePath, type Locale } from '../../i18n/index.ts';
import { evidencePath } from '../../server/verdict/verdict.service.ts';
import type { VerdictReason, VerdictReasonWords } from '../../server/verdict/verdict.ts';

export function reasonText(locale: Locale, r: VerdictReasonWords): string {
  switch (r.code) {
    // A fact key and an incident kind are shown by their labels.
    case 'CLAIM_CONTRADICTED':
    case 'FACT_WARNING':
      return t(locale, `verdict.reason.${r.code}`, { fact: t(locale, `platforms.item.${r.params.fact}`) });
    case 'INCIDENT_UNRESOLVED':
      return t(locale, `verdict.reason.${r.code}`, { kind: t(locale, `reviews.incident.kind.${r.params.kind}`) });
    case 'YOUNG':
    case 'AGE_UNKNOWN': {
      const { from, to, ...rest } = r.params;
      // Never scored: the words without the lower bound's move.
      if (from === undefined || to === undefined) return t(locale, `verdict.reason.${r.code}.noScore`, rest);
      return t(locale, `verdict.reason.${r.code}`, { ...rest, from, to });
    }
    default:
      return t(locale, `verdict.reason.${r.code}`, r.params);
  }
}

export function reasonHref(locale: Locale, r: Pick<VerdictReason, 'evidence'>, slug: string): string | null {
  return r.evidence ? localePath(locale, evidencePath(r.evidence, slug)) : null;
}

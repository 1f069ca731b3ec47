// How a log entry reads for people (the page and the Atom feed share it).
import { t, localePath, type Locale } from '../../i18n/index.ts';
import { isFlagReason } from './flag-reasons.ts';
import type { LogRow } from './moderation.repository.ts';
import { isModAction, isPlatformStatus, type ModAction } from './status.ts';

export function actionLabel(locale: Locale, action: ModAction): string {
  return t(locale, `mod.action.${action}`);
}

export function reasonLabel(locale: Locale, reason: string | null): string {
  if (!reason) return '';
  if (isFlagReason(reason)) return t(locale, `mod.reason.${reason}`);
  if (isPlatformStatus(reason)) return t(locale, `mod.platformStatus.${reason}`);
  return reason;
}

/** "评价 #12"; an account reads by its handle when known ("账号 lili_gamer"). */
export function subjectLabel(locale: Locale, r: Pick<LogRow, 'subjectKind' | 'subjectId'>, handles?: ReadonlyMap<number, string>): string {
  const handle = r.subjectKind === 'account' ? handles?.get(r.subjectId) : undefined;
  return `${t(locale, `mod.subject.${r.subjectKind}`)} ${handle ?? `#${r.subjectId}`}`;
}

/** A public link for the item, where the item has a public page. */
export function subjectHref(locale: Locale, r: Pick<LogRow, 'subjectKind' | 'subjectId' | 'platformSlug'>): string | null {
  if (r.subjectKind === 'review') return localePath(locale, `/reviews/${r.subjectId}`);
  if (r.subjectKind === 'platform' && r.platformSlug) return localePath(locale, `/platforms/${r.platformSlug}`);
  if (r.subjectKind === 'finding' || r.subjectKind === 'ring') return `${localePath(locale, '/mod/log')}?event=`;
  return null;
}

export function whoLabel(locale: Locale, r: Pick<LogRow, 'moderatorHandle' | 'action'>): string {
  if (r.moderatorHandle) return r.moderatorHandle;
  return r.action === 'appeal' ? t(locale, 'mod.log.author') : t(locale, 'mod.log.system');
}

/** The log's filters from a URL (the page and its Atom feed read the same ones). */
export function logFilters(sp: URLSearchParams): { action: ModAction | null; moderator: string | null; platform: string | null } {
  const raw = sp.get('action') ?? '';
  const action = isModAction(raw) ? raw : null;
  const moderator = (sp.get('moderator') ?? '').trim().slice(0, 64) || null;
  const platform = (sp.get('platform') ?? '').trim().slice(0, 64) || null;
  return { action, moderator, platform };
}

/** Query string for the feed of the same filters ('' when unfiltered). */
export function feedQuery(f: { action: string | null; moderator: string | null; platform: string | null }): string {
  const q = new URLSearchParams();
  if (f.action) q.set('action', f.action);
  if (f.moderator) q.set('moderator', f.moderator);
  if (f.platform) q.set('platform', f.platform);
  const s = q.toString();
  return s ? `?${s}` : '';
}

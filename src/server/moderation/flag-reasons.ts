// The ONE closed list of flag and removal reasons (托儿, 刷单, …), shared by the flag form,
// the removal form, the database CHECK on flag.reason and the explanation page.
// REMINDER: when you change this list, update /about/flags (src/pages/about/flags.astro renders
// from it) and its explanations `mod.reason.<code>` / `mod.reason.<code>.explain` in BOTH
// dictionaries (src/i18n/zh-CN.ts, src/i18n/en.ts), and add a migration for the CHECK on flag.reason.
// (lobsters keeps its flag reasons the same way: app/models/vote.rb.)
import { isOneOf } from '../one-of.ts';
export const flagReasons = [
  'shill', //          托儿: a post written to boost a platform by someone paid or connected
  'brushing', //       刷单: fake orders / fake reviews in bulk
  'spam', //           广告
  'off_topic', //      无关内容
  'personal_info', //  泄露个人信息
  'card_key_leak', //  泄露卡密
  'harassment', //     人身攻击
  'false_incident', // 虚假投诉
  'other', //          其他 (a note is required)
] as const;
export type FlagReason = (typeof flagReasons)[number];

/** Reasons that need the reporter's own words. */
export const reasonsNeedingNote: ReadonlySet<FlagReason> = new Set(['other']);

export function isFlagReason(s: string): s is FlagReason {
  return isOneOf(flagReasons, s);
}

/** What can be flagged: reviews, 追评, 合作案例, 官方回复, 资质 evidence, incidents, accounts. */
export const flagTargetKinds = ['review', 'follow_up', 'case_report', 'reply', 'evidence', 'incident', 'account'] as const;
export type FlagTargetKind = (typeof flagTargetKinds)[number];

export function isFlagTargetKind(s: string): s is FlagTargetKind {
  return isOneOf(flagTargetKinds, s);
}

/**
 * A flag target from untrusted strings (the flag page's query string): a known kind and a
 * positive integer id written plainly (no sign, exponent or leading zero) that fits a safe
 * integer. Anything else is null, so junk never reaches a query.
 */
export function parseFlagTarget(kind: string | null | undefined, id: string | null | undefined): { kind: FlagTargetKind; id: number } | null {
  if (!kind || !isFlagTargetKind(kind)) return null;
  if (!id || !/^[1-9][0-9]{0,15}$/.test(id)) return null;
  const n = Number(id);
  return Number.isSafeInteger(n) ? { kind, id: n } : null;
}

/** Posts a moderator can remove and restore. */
export const postKinds = ['review', 'follow_up', 'case_report', 'reply'] as const;
export type PostKind = (typeof postKinds)[number];
const postKindSet: ReadonlySet<string> = new Set(postKinds);
export function isPostKind(kind: string): kind is PostKind {
  return postKindSet.has(kind);
}

export const flagNoteMaxChars = 500;

// The closed list of platform facts (服务 service and 风控 risk control), from the seed
// article's paragraphs on 服务体系 and 风控机制 (docs/seed-article.md). One list: the form,
// the page, the checklist and compare all read it. Update the i18n labels with it.
import type { Provenance } from './platform.table.ts';

export type FactDimension = 'service' | 'risk';

export const factKeys = [
  'card_key_source_disclosed', 'card_key_trace_lookup', 'support_24x7', 'unconditional_refund', 'refund_window_hours',
  'one_click_refund', 'bulk_order_api', 'analytics_tools', 'escrow', 'blacklist_filtering', 'https', 'two_factor_login', 'known_data_leak',
] as const;
export type FactKey = (typeof factKeys)[number];

export interface FactDefinition {
  key: FactKey;
  dimension: FactDimension;
  /** 'bool' takes yes/no; 'hours' takes a whole number of hours. */
  kind: 'bool' | 'hours';
  /** The value a careful buyer hopes for ('yes' or 'no'); for hours see refundWindowTrapHours. */
  good: 'yes' | 'no' | null;
}

export const FACTS: readonly FactDefinition[] = Object.freeze([
  { key: 'card_key_source_disclosed', dimension: 'service', kind: 'bool', good: 'yes' }, // 卡密来源公示
  { key: 'card_key_trace_lookup', dimension: 'service', kind: 'bool', good: 'yes' }, // 卡密溯源查询
  { key: 'support_24x7', dimension: 'service', kind: 'bool', good: 'yes' }, // 7×24 小时客服
  { key: 'unconditional_refund', dimension: 'service', kind: 'bool', good: 'yes' }, // 未使用卡密无条件退款
  { key: 'refund_window_hours', dimension: 'service', kind: 'hours', good: null }, // 退款申请时限
  { key: 'one_click_refund', dimension: 'service', kind: 'bool', good: 'yes' }, // 一键退款
  { key: 'bulk_order_api', dimension: 'service', kind: 'bool', good: 'yes' }, // API 批量下单
  { key: 'analytics_tools', dimension: 'service', kind: 'bool', good: 'yes' }, // 数据统计分析工具
  { key: 'escrow', dimension: 'risk', kind: 'bool', good: 'yes' }, // 担保交易 / 第三方存管
  { key: 'blacklist_filtering', dimension: 'risk', kind: 'bool', good: 'yes' }, // 卡密黑名单过滤
  { key: 'https', dimension: 'risk', kind: 'bool', good: 'yes' }, // SSL 加密传输
  { key: 'two_factor_login', dimension: 'risk', kind: 'bool', good: 'yes' }, // 二次验证登录
  { key: 'known_data_leak', dimension: 'risk', kind: 'bool', good: 'no' }, // 数据泄露史
] as const);

export const FACT_KEYS: readonly FactKey[] = FACTS.map((f) => f.key);
export const factByKey: ReadonlyMap<string, FactDefinition> = new Map(FACTS.map((f) => [f.key, f]));

export function isFactKey(s: string): s is FactKey {
  return factByKey.has(s);
}

/**
 * The seed: "甚至设置'48小时申请时限'，导致用户错过维权窗口" — a refund window of 48 hours
 * or less is a trap, not a service.
 */
export const refundWindowTrapHours = 48;
/** Upper bound for a refund window a person may enter (one year). */
export const refundWindowMaxHours = 24 * 366;

export type FactVerdict = 'good' | 'warning' | 'neutral';

/** Whether a fact's value is what a buyer hopes for, a warning sign, or neither. */
export function factVerdict(key: string, value: string, provenance: Provenance): FactVerdict {
  const def = factByKey.get(key);
  if (!def) return 'neutral';
  if (def.kind === 'hours') {
    const hours = Number(value);
    if (!Number.isFinite(hours)) return 'neutral';
    return hours <= refundWindowTrapHours ? 'warning' : provenance === 'contradicted' ? 'warning' : 'good';
  }
  // A contradicted promise is a warning in itself (e.g. "unconditional refund" refused).
  if (provenance === 'contradicted') return def.good === value ? 'warning' : 'neutral';
  if (def.good === null) return 'neutral';
  return value === def.good ? 'good' : 'warning';
}

/**
 * Facts that accepted incidents and follow-ups contradict. A simple, stated rule:
 * an accepted refund-refused incident, or a follow-up reporting a refused refund,
 * contradicts "unconditional refund"; an accepted data-leak incident contradicts
 * "no known data leak".
 */
export function contradictedKeys(evidence: { refundRefused: number; dataLeaks: number }): Map<string, 'incident' | 'follow_up'> {
  const out = new Map<string, 'incident' | 'follow_up'>();
  if (evidence.refundRefused > 0) out.set('unconditional_refund', 'incident');
  if (evidence.dataLeaks > 0) out.set('known_data_leak', 'incident');
  return out;
}

// The closed list of reason codes a review weight can carry, with their text in
// both interface languages. When adding a code, also update the explanation page
// (/about/ranking) and the table test in tests/unit/reputation-reasons.test.ts.

export const REASON_CODES = Object.freeze([
  'NEW_ACCOUNT',
  'PENDING_PROOF',
  'NO_PROOF',
  'REJECTED_PROOF',
  'BURST',
  'ONE_OFF_SURGE',
  'SINGLE_TARGET',
  'SHARED_FINGERPRINT',
  'DUPLICATE_TEXT',
  'DISAGREES_WITH_CONSENSUS',
  'MODERATION_HISTORY',
  'RING',
  'FOLLOW_UP',
  'BURST_ACCOUNT',
] as const);

export type ReasonCode = (typeof REASON_CODES)[number];

export type ReasonLocale = 'zh-CN' | 'en';

export const reasonText: Readonly<Record<ReasonCode, Readonly<Record<ReasonLocale, string>>>> = Object.freeze({
  NEW_ACCOUNT: {
    'zh-CN': '评价时账号注册不久',
    en: 'The account was new when it posted this review',
  },
  PENDING_PROOF: {
    'zh-CN': '购买凭证尚待审核',
    en: 'The purchase proof is still waiting for review',
  },
  NO_PROOF: {
    'zh-CN': '未提供购买凭证',
    en: 'No purchase proof was provided',
  },
  REJECTED_PROOF: {
    'zh-CN': '购买凭证被驳回，此评价不计入评分',
    en: 'The purchase proof was rejected; this review does not count',
  },
  BURST: {
    'zh-CN': '发布于该平台短时间内异常集中的一批评价中',
    en: 'Posted during an unusual burst of reviews of this platform',
  },
  ONE_OFF_SURGE: {
    'zh-CN': '该平台来自“只评价过它”的账号（新注册，或没有已核实凭证）的评价远多于正常水平',
    en: 'This platform has far more reviews than usual from accounts that have rated nothing else (new, or without a checked order)',
  },
  SINGLE_TARGET: {
    'zh-CN': '该账号只评价过这一个平台，且给出极端评分',
    en: 'The account has only ever rated this one platform, with an extreme rating',
  },
  SHARED_FINGERPRINT: {
    'zh-CN': '与其他账号使用相同的注册设备或网络',
    en: 'The account shares its registration device or network with other accounts',
  },
  DUPLICATE_TEXT: {
    'zh-CN': '内容与其他账号对该平台的评价高度雷同，远超这段话在全站的常见程度',
    en: 'The text nearly matches other accounts’ reviews of this platform, far more often than its commonness on the site explains',
  },
  DISAGREES_WITH_CONSENSUS: {
    'zh-CN': '评分与同一时期可信评价的共识相差较大',
    en: 'The rating is far from what credible reviewers said in the same weeks',
  },
  MODERATION_HISTORY: {
    'zh-CN': '该账号曾有内容被删除或凭证被驳回',
    en: 'Moderators have removed posts or rejected proofs of this account before',
  },
  RING: {
    'zh-CN': '该账号属于一组疑似协同刷评的账号（已提交版主审核）',
    en: 'The account belongs to a suspected review ring (sent to moderators)',
  },
  FOLLOW_UP: {
    'zh-CN': '以最新追评的评分为准',
    en: 'The latest follow-up rating replaces the original rating',
  },
  BURST_ACCOUNT: {
    'zh-CN': '该账号参与过对其他平台的异常集中评价',
    en: 'The account took part in an unusual burst of reviews elsewhere',
  },
});

export function isReasonCode(value: string): value is ReasonCode {
  return (REASON_CODES as readonly string[]).includes(value);
}

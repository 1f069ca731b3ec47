// The one shared search dictionary: how readers ask (question forms), what they ask about
// (intents) and the generic words that name no platform. zh-CN first, English second; the
// traditional forms are not listed — query.ts converts traditional to simplified (OpenCC)
// before it looks anything up. Used by query understanding (query.ts), by the PostgreSQL
// engine (search.service.ts) and pushed to Meilisearch as synonyms and stop words
// (meilisearch.ts), so both engines understand a query alike.
//
// The intents follow the seed article's pain points: "跑路"“卡密失效”“售后无门”, 48-hour refund
// windows, 黑卡密 / 回收卡 / 盗刷卡, 数据泄露, fake praise (刷单, 托儿) — and the complaint kinds
// and follow-up outcomes the site records for them (incident.kind, review_follow_up.outcome).
import type { FollowUpOutcome, IncidentKind } from '../reviews/review.table.ts';
import type { PlatformCategory, PlatformStatus } from '../platforms/platform.table.ts';

export type IntentKey =
  | 'exit_scam' | 'refund' | 'withdrawal' | 'arrival' | 'support' | 'invalid_keys' | 'black_keys'
  | 'data_leak' | 'complaint' | 'trust' | 'qualification' | 'price' | 'shill';

export interface IntentDefinition {
  key: IntentKey;
  /** What a reader types for it (simplified Chinese, lowercase English), longest matched first. */
  triggers: readonly string[];
  /** Words that say it in a review or a case: searched in text (any of them will do). */
  words: readonly string[];
  /** Platform statuses that answer it (跑路 → exit_scam, suspended). */
  statuses: readonly PlatformStatus[];
  /** Complaint kinds that answer it. */
  incidentKinds: readonly IncidentKind[];
  /** Follow-up outcomes that answer it (refund outcomes for 退款). */
  outcomes: readonly FollowUpOutcome[];
  /** Platform facts shown with the answer (src/server/platforms/facts.ts). */
  factKeys: readonly string[];
  /** Other document tags that answer it (follow_up: a review with 追评; rating:low: a 差评). */
  evidenceTags: readonly string[];
}

const def = (d: Partial<IntentDefinition> & Pick<IntentDefinition, 'key' | 'triggers' | 'words'>): IntentDefinition => ({
  statuses: [], incidentKinds: [], outcomes: [], factKeys: [], evidenceTags: [], ...d,
});

export const INTENTS: readonly IntentDefinition[] = Object.freeze([
  def({
    key: 'exit_scam',
    triggers: ['跑路', '跑了', '卷款', '卷钱', '倒闭', '关站', '关网站', '打不开', '失联', '联系不上', '还在运营', '还活着', '还能用', '还能不能用', '还开着', '倒了', '还能登录', '登不上', '停运', '停止运营', '关门', '还在吗', '跑没', '人跑',
      'exit scam', 'exit-scam', 'exitscam', 'ran away', 'run away', 'runaway', 'shut down', 'shutdown', 'closed down', 'disappeared', 'vanished', 'rug pull', 'rugpull',
      'still running', 'still online', 'still open', 'still working', 'still alive', 'is it down', 'went down', 'offline'],
    words: ['跑路', '打不开', '失联', '关站', '关闭', '解散', '联系不上', 'exit', 'scam'],
    statuses: ['exit_scam', 'suspended'],
    incidentKinds: ['exit_scam', 'withdrawal_blocked'],
    outcomes: ['refund_no_answer'],
  }),
  def({
    key: 'withdrawal',
    triggers: ['提现', '提款', '提不出', '提不了', '取不出', '余额', '保证金', '预存', '预付款', '取钱',
      'withdraw', 'withdrawal', 'withdrawals', 'cash out', 'cashout', 'balance', 'deposit'],
    words: ['提现', '余额', '保证金', '预存', '提不出', '审核中', 'withdraw', 'balance'],
    incidentKinds: ['withdrawal_blocked', 'exit_scam'],
    outcomes: ['refund_no_answer', 'refund_refused'],
  }),
  def({
    key: 'refund',
    triggers: ['退款', '退钱', '退费', '退货', '退回', '退不了', '不退', '不给退', '能退', '可以退', '原路返回', '一键退款',
      'refund', 'refunds', 'refunded', 'money back', 'chargeback'],
    words: ['退款', '退回', '退了', '退钱', '不给退', '原路', '一键退款', 'refund'],
    incidentKinds: ['refund_refused'],
    outcomes: ['refund_granted', 'refund_refused', 'refund_no_answer'],
    factKeys: ['unconditional_refund', 'refund_window_hours', 'one_click_refund'],
  }),
  def({
    key: 'arrival',
    triggers: ['到账', '到帐', '秒到', '不到账', '没到账', '多久到', '发货', '秒发', '自动发货', '充不上', '充值慢', '到得慢', '速度', '最快', '哪家快', '快不快', '多快', '多久', '要多久', '几天',
      'delivery', 'delivered', 'arrive', 'arrival', 'instant', 'slow', 'speed', 'not received'],
    words: ['到账', '秒到', '发货', '秒发', '等了', '处理中', '到了', '当天', '很快', '马上', 'delivery', 'arrive'],
  }),
  def({
    key: 'support',
    triggers: ['客服', '售后', '人工客服', '找不到人', '不回消息', '不回复', '工单', '售后无门',
      'customer service', 'customer support', 'support', 'after-sales', 'after sales', 'helpdesk'],
    words: ['客服', '售后', '回复', '回消息', '工单', '值班', 'support'],
    factKeys: ['support_24x7'],
  }),
  def({
    key: 'invalid_keys',
    triggers: ['卡密失效', '失效', '无效', '用不了', '不能用', '已使用', '已被使用', '已被领取', '激活失败', '补发', '坏卡', '被用过', '被使用', '用过了', '过期',
      'invalid key', 'invalid keys', 'invalid code', 'invalid', 'not working', "doesn't work", 'does not work', 'used code', 'dead key'],
    words: ['失效', '无效', '补发', '已使用', '已被使用', '激活失败', '用不了', 'invalid'],
    incidentKinds: ['invalid_keys'],
    outcomes: ['key_replaced', 'key_not_replaced'],
    factKeys: ['card_key_trace_lookup', 'card_key_source_disclosed'],
  }),
  def({
    key: 'black_keys',
    triggers: ['黑卡密', '黑卡', '盗刷', '盗刷卡', '被冻结', '冻结', '回收卡', '来路不明',
      'black card', 'black key', 'black keys', 'stolen', 'frozen', 'carding'],
    words: ['黑卡', '盗刷', '冻结', '回收卡', 'stolen'],
    incidentKinds: ['black_keys'],
    factKeys: ['blacklist_filtering', 'card_key_source_disclosed'],
  }),
  def({
    key: 'data_leak',
    triggers: ['数据泄露', '信息泄露', '泄露', '泄漏', '诈骗短信', '隐私', '手机号被卖',
      'data leak', 'data breach', 'leak', 'leaked', 'breach', 'privacy'],
    words: ['泄露', '诈骗短信', '手机号', '隐私', 'leak'],
    incidentKinds: ['data_leak'],
    factKeys: ['known_data_leak', 'https', 'two_factor_login'],
  }),
  def({
    key: 'complaint',
    triggers: ['投诉', '维权', '报案', '报警', '举报', '被坑', '坑人', '被骗', '骗钱', '受骗', '曝光', '黑幕',
      'complaint', 'complaints', 'scammed', 'cheated', 'ripped off', 'ripoff'],
    words: ['投诉', '坑', '骗', '报案', '维权', 'complaint'],
    incidentKinds: ['exit_scam', 'invalid_keys', 'refund_refused', 'withdrawal_blocked', 'data_leak', 'black_keys'],
  }),
  def({
    key: 'qualification',
    triggers: ['资质', '营业执照', '执照', '备案', 'icp备案', 'icp许可证', '许可证', '经营许可证', '增值电信', '正规吗', '正规',
      'license', 'licence', 'licensed', 'icp', 'registered'],
    words: ['资质', '营业执照', '执照', '备案', '许可证', 'icp'],
  }),
  def({
    key: 'shill',
    triggers: ['刷单', '刷好评', '托儿', '水军', '假好评', '假评价', '五星好评', '好评返现',
      'fake review', 'fake reviews', 'shill', 'shills', 'astroturf'],
    words: ['刷单', '好评', '五星', '新号', '返', 'fake'],
  }),
  def({
    key: 'price',
    triggers: ['便宜', '价格', '多少钱', '折扣', '低价', '贵不贵', '划算', '性价比',
      'price', 'prices', 'cheap', 'cheapest', 'discount', 'expensive'],
    words: ['便宜', '价格', '折', '低价', '贵', 'price', 'cheap'],
  }),
  // Last: the general question "is it any good" (靠谱吗, 是不是骗子, is it legit) asks for the
  // verdict itself — the platform's band, score and status — and adds no text of its own. Its
  // evidence is what the seed article tells readers to check: "重点关注'追评'与'差评'——追评反映
  // 长期使用体验，差评则暴露平台潜在问题" — follow-ups, negative reviews and complaint cases.
  def({
    key: 'trust',
    // Negated fears ask for the trustworthy ones: 哪个卡盟不跑路 = 哪个靠谱 (longest trigger wins over 跑路).
    triggers: ['不跑路', '不会跑路', '没跑路', '没有跑路', '不坑', '不坑人', '正规', '靠谱', '不靠谱', '可靠', '可信', '骗子', '骗局', '黑平台', '安全', '信誉', '口碑', '怎么样', '咋样', '好用吗', '推荐', '求推荐', '哪家好', '哪个好', '哪家比较好', '哪个比较好', '评价', '风险', '值得信赖', '能信',
      'legit', 'legitimate', 'scam', 'safe', 'trustworthy', 'trusted', 'reliable', 'reputable', 'review', 'reviews', 'any good', 'fraud'],
    words: [],
    incidentKinds: ['exit_scam', 'invalid_keys', 'refund_refused', 'withdrawal_blocked', 'data_leak', 'black_keys'],
    evidenceTags: ['follow_up', 'rating:low'],
  }),
]);

export const intentByKey: ReadonlyMap<IntentKey, IntentDefinition> = new Map(INTENTS.map((i) => [i.key, i]));

/**
 * Question forms: how a sentence asks, not what it asks about. Removed after the platform
 * names and intents are found (so 是不是骗子 still counts as the trust intent). Longest first
 * at match time; the particles last.
 */
export const QUESTION_FORMS: readonly string[] = Object.freeze([
  // zh-CN
  '是不是骗子', '是骗子吗', '是不是真的', '是真的吗', '靠不靠谱', '可不可靠', '可不可信', '安不安全', '好不好用', '好不好', '行不行', '能不能', '可不可以',
  '还能不能', '还能', '还可以', '如何', '怎么', '怎样', '为什么', '为啥', '有哪些', '哪些', '什么', '哪里', '多少', '怎么办', '什么情况', '有没有', '会不会', '是不是', '请问', '大家觉得', '大家',
  '谁知道', '有人知道', '求助', '求问', '想问', '问一下', '了解一下', '知道吗', '一下', '现在', '最近', '到底', '真的', '吗', '呢', '吧', '啊', '呀', '么', '嘛', '了',
  // English
  'is it', 'are they', 'is this', 'is that', 'can i still', 'can i', 'can you', 'should i', 'do they', 'does it', 'did they',
  'how is', 'how about', 'what about', 'anyone', 'any', 'still', 'really', 'the', 'a', 'an', 'of', 'for', 'on', 'at', 'to', 'is', 'are', 'was', 'it', 'i', 'my', 'me', 'or', 'not',
]);

/**
 * Words that name no platform and ask for nothing on their own: the field's generic nouns (卡盟,
 * 平台, 网站 …). Dropped from what is left of a query after the names, intents and question
 * forms, unless nothing else is left.
 */
export const GENERIC_WORDS: readonly string[] = Object.freeze([
  '卡盟', '卡铺', '发卡网', '卡站', '平台', '网站', '官网', '网址', '官方网站', '官方', '这家', '那家', '哪家', '哪个', '这个', '那个', '家', '的', '和', '跟', '与', '在', '我', '我的', '你们',
  'platform', 'site', 'website', 'shop', 'store', 'kameng', 'and', 'with', 'in',
]);

/**
 * Suffixes of platform names that are the field's generic nouns: a name without its suffix
 * (星耀卡盟 → 星耀) still names the platform when the rest is at least two characters.
 */
export const NAME_SUFFIXES: readonly string[] = Object.freeze(['发卡网', '卡盟', '卡铺', '卡站', '卡门', '卡密', '点卡', '数卡', '卡券', '商城', '小铺', '小店']);

/** Every intent trigger and its intent, longest first (the order matching uses). */
export function intentTriggers(): Array<{ trigger: string; intent: IntentKey }> {
  return INTENTS.flatMap((i) => i.triggers.map((trigger) => ({ trigger, intent: i.key })))
    .sort((a, b) => b.trigger.length - a.trigger.length);
}

/**
 * What readers call a platform category (src/server/platforms/platform.table.ts): narrows a
 * "哪家靠谱" question to the platforms that sell it (话费充值哪家靠谱 → phone top-up platforms).
 * The article's own list of goods: "游戏点卡、视频会员到话费充值、教育课程兑换码".
 */
export const CATEGORY_WORDS: Readonly<Record<Exclude<PlatformCategory, 'other'>, readonly string[]>> = Object.freeze({
  phone_topup: ['话费', '充话费', '手机充值', '流量', '电费', 'phone', 'topup', 'top-up', 'mobile'],
  game_cards: ['游戏', '点卡', '点券', 'q币', 'steam', '王者', '原神', '网易', '手游', 'game', 'games', 'gaming'],
  video_memberships: ['视频', '会员', '爱奇艺', '腾讯视频', '优酷', '芒果', 'b站', '网盘', 'video', 'membership', 'memberships', 'vip', 'netflix'],
  course_codes: ['课程', '网课', '教育', '学习', 'course', 'courses', 'education'],
});

/** The categories a query's leftover words name (a word containing a category word counts). */
export function categoriesNamed(words: readonly string[]): PlatformCategory[] {
  const out: PlatformCategory[] = [];
  for (const [category, names] of Object.entries(CATEGORY_WORDS) as Array<[PlatformCategory, readonly string[]]>) {
    if (words.some((w) => { const lw = w.toLowerCase(); return names.some((n) => lw.includes(n)); })) out.push(category);
  }
  return out;
}

// Demo platforms (卡盟): fictional names, `.example` domains, never a real company.
// Shared by the platforms seeder (src/server/platforms/platforms.seed.ts), the other
// domains' seeders (reviews, moderation, ranking look platforms up by slug) and tests.
// Credit codes below pass the GB 32100-2015 checksum; they belong to nobody.

export type DemoCategory = 'game_cards' | 'video_memberships' | 'phone_topup' | 'course_codes' | 'other';
export type DemoOperator = 'company' | 'studio' | 'franchise' | 'unknown';
export type DemoStatus = 'active' | 'suspended' | 'exit_scam' | 'closed';
export type DemoEvidenceState = 'pending' | 'verified' | 'rejected';
export type DemoProvenance = 'claimed' | 'verified' | 'contradicted';

export interface DemoQualification {
  kind: 'business_licence' | 'icp_filing' | 'icp_licence' | 'payment_partner';
  number: string;
  holderName?: string;
  scopeText?: string;
  state: DemoEvidenceState;
  reason?: string;
  /** persona handle of the submitter */
  by?: string;
}

export interface DemoFact {
  key: string;
  /** 'yes' | 'no' for yes/no facts; a number of hours for refund_window_hours */
  value: string;
  provenance: DemoProvenance;
  source: 'platform' | 'member' | 'moderator' | 'follow_up' | 'incident';
  note?: string;
  by?: string;
}

export interface DemoPlatform {
  slug: string;
  nameZh: string;
  nameEn: string;
  aliases: string[];
  /** first one is the primary domain */
  domains: string[];
  categories: DemoCategory[];
  /** ISO date, or null when unknown */
  foundedOn: string | null;
  operatorType: DemoOperator;
  status: DemoStatus;
  /** days before seeding when the status changed (non-active only) */
  statusDaysAgo?: number;
  statusEvidence?: string;
  approval?: 'approved' | 'pending' | 'rejected';
  approvalReason?: string;
  submittedBy?: string;
  description: string;
  qualifications: DemoQualification[];
  facts: DemoFact[];
}

const scopeFull = '网络技术服务；信息技术咨询服务；软件开发；第二类增值电信业务；互联网销售（除销售需要许可的商品）。';
const scopeNoTelecom = '技术服务、技术开发；电子产品销售（不含增值电信业务）。';

/** 星耀卡盟: the reputable one — licensed, years old, facts verified. */
export const reputablePlatform: DemoPlatform = {
  slug: 'xingyao-card', nameZh: '星耀卡盟', nameEn: 'Xingyao Card', aliases: ['星耀', 'XY卡盟'],
  domains: ['xingyao-card.example', 'xyka.example'], categories: ['game_cards', 'video_memberships', 'phone_topup'],
  foundedOn: '2016-04-12', operatorType: 'company', status: 'active',
  description: '老牌综合卡盟，主营游戏点卡、视频会员与话费充值，提供 API 批量下单。',
  qualifications: [
    { kind: 'business_licence', number: '91440305CR7L2FWAPX', holderName: '深圳星耀网络科技有限公司（虚构）', scopeText: scopeFull, state: 'verified', by: 'xingyao_official' },
    { kind: 'icp_filing', number: '粤ICP备16012345号-1', state: 'verified', by: '老王买卡' },
    { kind: 'icp_licence', number: '粤B2-20180123', state: 'verified', by: 'xingyao_official' },
    { kind: 'payment_partner', number: '', holderName: '某第三方支付机构（虚构）', scopeText: '支付宝、微信支付商户号，交易担保已开通。', state: 'pending', by: 'xingyao_official' },
  ],
  facts: [
    { key: 'card_key_source_disclosed', value: 'yes', provenance: 'verified', source: 'moderator', note: '页面公示上游授权书', by: 'mod_lin' },
    { key: 'card_key_trace_lookup', value: 'yes', provenance: 'verified', source: 'moderator', by: 'mod_lin' },
    { key: 'support_24x7', value: 'yes', provenance: 'claimed', source: 'platform', by: 'xingyao_official' },
    { key: 'unconditional_refund', value: 'yes', provenance: 'verified', source: 'moderator', by: 'mod_chen' },
    { key: 'refund_window_hours', value: '168', provenance: 'claimed', source: 'platform', by: 'xingyao_official' },
    { key: 'one_click_refund', value: 'yes', provenance: 'claimed', source: 'member', by: '老王买卡' },
    { key: 'bulk_order_api', value: 'yes', provenance: 'verified', source: 'moderator', by: 'mod_lin' },
    { key: 'analytics_tools', value: 'yes', provenance: 'claimed', source: 'platform', by: 'xingyao_official' },
    { key: 'escrow', value: 'yes', provenance: 'claimed', source: 'platform', by: 'xingyao_official' },
    { key: 'blacklist_filtering', value: 'yes', provenance: 'claimed', source: 'platform', by: 'xingyao_official' },
    { key: 'https', value: 'yes', provenance: 'verified', source: 'moderator', by: 'mod_lin' },
    { key: 'two_factor_login', value: 'yes', provenance: 'claimed', source: 'member', by: 'lili_gamer' },
    { key: 'known_data_leak', value: 'no', provenance: 'claimed', source: 'member', by: 'lili_gamer' },
  ],
};

/** 快发卡盟: ran off with prepaid balances (跑路). */
export const exitScamPlatform: DemoPlatform = {
  slug: 'kuaifa-ka', nameZh: '快发卡盟', nameEn: 'Kuaifa Ka', aliases: ['快发', '快发卡'],
  domains: ['kuaifa-ka.example', 'kuaifa.example'], categories: ['phone_topup', 'game_cards'],
  foundedOn: '2024-09-01', operatorType: 'studio', status: 'exit_scam', statusDaysAgo: 21,
  statusEvidence: '多名用户预存余额无法提现，客服与站长 QQ 群于同日解散，网站关闭；版主核实了 9 份订单截图与转账记录。',
  description: '主打“5折话费充值”的低价卡盟。',
  qualifications: [
    { kind: 'icp_filing', number: '豫ICP备2024001234号', state: 'verified', by: '被坑的阿杰' },
    { kind: 'icp_licence', number: '豫ICP备2024001234号', state: 'rejected', reason: '提交的是 ICP 备案号，不是经营许可证编号。', by: 'buyer_03' },
    { kind: 'business_licence', number: '91410105MA9XYZ1234', holderName: '个人工作室（无执照）', scopeText: '', state: 'rejected', reason: '代码校验不通过，且执照图片与主体不符。', by: 'buyer_03' },
  ],
  facts: [
    { key: 'unconditional_refund', value: 'yes', provenance: 'contradicted', source: 'incident', note: '多起已确认的拒绝退款事件', by: '被坑的阿杰' },
    { key: 'refund_window_hours', value: '24', provenance: 'claimed', source: 'platform' },
    { key: 'support_24x7', value: 'yes', provenance: 'contradicted', source: 'follow_up', note: '追评称客服失联', by: '被坑的阿杰' },
    { key: 'escrow', value: 'no', provenance: 'verified', source: 'moderator', note: '收款为个人账户', by: 'mod_chen' },
    { key: 'https', value: 'yes', provenance: 'claimed', source: 'member', by: 'buyer_05' },
  ],
};

/** 小鹿卡铺: a small, young studio with little known about it. */
export const smallPlatform: DemoPlatform = {
  slug: 'xiaolu-kapu', nameZh: '小鹿卡铺', nameEn: 'Xiaolu Kapu', aliases: ['小鹿'],
  domains: ['xiaolu-kapu.example'], categories: ['course_codes'],
  foundedOn: '2025-03-18', operatorType: 'studio', status: 'active',
  description: '个人工作室经营的课程兑换码小店。',
  qualifications: [
    { kind: 'icp_filing', number: '浙ICP备2025012345号-1', state: 'pending', by: 'studio_mei' },
  ],
  facts: [
    { key: 'refund_window_hours', value: '48', provenance: 'claimed', source: 'platform', by: 'studio_mei' },
    { key: 'https', value: 'yes', provenance: 'claimed', source: 'member', by: '谨慎的小周' },
  ],
};

/** 好评卡盟: target of the demo shill ring (burst of 5-star reviews). */
export const shillTargetPlatform: DemoPlatform = {
  slug: 'haoping-ka', nameZh: '好评卡盟', nameEn: 'Haoping Ka', aliases: ['好评卡', 'HP卡盟'],
  domains: ['haoping-ka.example'], categories: ['video_memberships', 'game_cards'],
  foundedOn: '2023-11-02', operatorType: 'franchise', status: 'active',
  description: '代理加盟模式的视频会员卡盟，近期好评激增。',
  qualifications: [
    { kind: 'business_licence', number: '91330106K1EU9N4HY0', holderName: '杭州好评网络技术有限公司（虚构）', scopeText: scopeNoTelecom, state: 'verified', by: '好评达人1' },
    { kind: 'icp_licence', number: '浙B2-20230999', state: 'pending', by: '好评达人2' },
  ],
  facts: [
    { key: 'support_24x7', value: 'yes', provenance: 'claimed', source: 'member', by: '好评达人1' },
    { key: 'one_click_refund', value: 'yes', provenance: 'claimed', source: 'member', by: '好评达人3' },
    { key: 'refund_window_hours', value: '48', provenance: 'claimed', source: 'platform' },
  ],
};

/** A second 跑路 platform, older. */
const secondExitScam: DemoPlatform = {
  slug: 'jinniu-kamen', nameZh: '金牛卡门', nameEn: 'Jinniu Kamen', aliases: ['金牛'],
  domains: ['jinniu-kamen.example'], categories: ['game_cards'],
  foundedOn: '2022-01-15', operatorType: 'franchise', status: 'exit_scam', statusDaysAgo: 160,
  statusEvidence: '代理商集体反映保证金无法退回，主站域名停止解析；版主核对 14 位代理的保证金转账记录后确认跑路。',
  description: '以高佣金招募代理的点卡平台。',
  qualifications: [
    { kind: 'icp_filing', number: '湘ICP备2021098765号', state: 'verified', by: 'buyer_07' },
  ],
  facts: [
    { key: 'unconditional_refund', value: 'yes', provenance: 'contradicted', source: 'incident', by: 'buyer_07' },
    { key: 'known_data_leak', value: 'yes', provenance: 'verified', source: 'moderator', note: '停运后用户手机号被公开售卖', by: 'mod_lin' },
  ],
};

const pendingSubmission: DemoPlatform = {
  slug: 'yunduan-ka', nameZh: '云端卡站', nameEn: 'Yunduan Ka', aliases: [],
  domains: ['yunduan-ka.example'], categories: ['other'], foundedOn: null, operatorType: 'unknown', status: 'active',
  approval: 'pending', submittedBy: 'newbie_chen', description: '新人提交，等待版主审核。', qualifications: [], facts: [],
};
const rejectedSubmission: DemoPlatform = {
  slug: 'ceshi-zhan', nameZh: '测试站', nameEn: 'Ceshi Zhan', aliases: [],
  domains: ['ceshi-zhan.example'], categories: ['other'], foundedOn: null, operatorType: 'unknown', status: 'active',
  approval: 'rejected', approvalReason: '不是卡盟平台（个人博客）。', submittedBy: 'buyer_11', description: '', qualifications: [], facts: [],
};

// Generated filler: invented two-character names + a suffix; deterministic.
const stems: Array<[zh: string, pinyin: string]> = [
  ['蓝鲸', 'lanjing'], ['青柠', 'qingning'], ['极光', 'jiguang'], ['风铃', 'fengling'], ['橙子', 'chengzi'],
  ['雪松', 'xuesong'], ['银河', 'yinhe'], ['竹语', 'zhuyu'], ['飞鱼', 'feiyu'], ['云雀', 'yunque'],
  ['火山', 'huoshan'], ['海棠', 'haitang'], ['白鹭', 'bailu'], ['松果', 'songguo'], ['紫藤', 'ziteng'],
  ['赤兔', 'chitu'], ['明月', 'mingyue'], ['锦鲤', 'jinli'], ['晨星', 'chenxing'], ['麦穗', 'maisui'],
  ['北斗', 'beidou'], ['南风', 'nanfeng'], ['石榴', 'shiliu'], ['琥珀', 'hupo'], ['墨竹', 'mozhu'],
  ['萤火', 'yinghuo'], ['鲸落', 'jingluo'], ['茉莉', 'moli'], ['天鹅', 'tiane'], ['山茶', 'shancha'],
  ['星河', 'xinghe'], ['流云', 'liuyun'], ['春笋', 'chunsun'], ['秋枫', 'qiufeng'], ['冰川', 'bingchuan'],
  ['翠鸟', 'cuiniao'], ['花火', 'huahuo'], ['暖阳', 'nuanyang'],
];
const suffixes: Array<[zh: string, slug: string, en: string]> = [
  ['卡盟', 'kameng', 'Kameng'], ['卡铺', 'kapu', 'Kapu'], ['发卡网', 'faka', 'Faka'], ['卡站', 'kazhan', 'Kazhan'],
];
const categoriesCycle: DemoCategory[][] = [
  ['game_cards'], ['video_memberships'], ['phone_topup'], ['course_codes'], ['game_cards', 'phone_topup'],
  ['video_memberships', 'course_codes'], ['other'], ['game_cards', 'video_memberships'],
];
const operatorsCycle: DemoOperator[] = ['company', 'studio', 'franchise', 'unknown', 'company'];
const creditCodes = [
  '911101055J0DT8M3GA', '91310115T8M3GXBQ6H', '913205062FWAP5J0D2', '915101079N4HYCR7LX', '91420106GXBQ6K1EUM',
  '91350203P5J0DT8M3X', '91370203YCR7L2FWAY', '914301046K1EU9N4H7', '91500112DT8M3GXBQW', '91610113L2FWAP5J0Y',
  '91120116U9N4HYCR7M', '914401063GXBQ6K1EB', '91330110AP5J0DT8M2', '91110108HYCR7L2FW9',
];
const provinces = ['京', '沪', '粤', '浙', '苏', '川', '鄂', '闽', '鲁', '湘', '渝', '陕', '津'];
const evidenceStates: DemoEvidenceState[] = ['verified', 'pending', 'rejected', 'verified', 'pending'];
const provenances: DemoProvenance[] = ['claimed', 'verified', 'claimed', 'contradicted', 'claimed', 'verified'];
const factKeysCycle = [
  'card_key_source_disclosed', 'card_key_trace_lookup', 'support_24x7', 'unconditional_refund', 'one_click_refund',
  'bulk_order_api', 'analytics_tools', 'escrow', 'blacklist_filtering', 'https', 'two_factor_login',
];
const members = ['老王买卡', 'lili_gamer', '谨慎的小周', '渠道商阿强', 'buyer_04', 'buyer_12', 'buyer_20'];

// Licensed companies (the verdict's 靠谱 needs all three: a verified business licence with a
// telecom scope, a verified ICP 许可证, a company operator), so the top of the ranking means
// something. Each has a profile of what else is known, from the article's cases: clean;
// a 48-hour refund window; no escrow (payment to a personal account); a refund promise
// contradicted by a follow-up. (Index = position in `stems`; slugs and names do not change.)
type LicensedProfile = 'clean' | 'refund_trap' | 'no_escrow' | 'refund_contradicted';
const licensedProfiles = new Map<number, LicensedProfile>([
  [0, 'clean'], [4, 'clean'], [13, 'clean'], [33, 'clean'], [9, 'clean'], [25, 'clean'], [34, 'clean'], [24, 'clean'], [14, 'clean'],
  [17, 'refund_trap'], [30, 'no_escrow'], [10, 'refund_contradicted'],
]);
/** Stems whose platforms get enough verified reviews to be 靠谱 (the verdict seeder adds them). */
export const wellReviewedLicensedSlugs = ['lanjing-kameng', 'chengzi-kameng', 'songguo-kapu', 'qiufeng-kapu'] as const;
const insufficientIndex = 8;

function applyLicensedProfile(profile: LicensedProfile, i: number, province: string, zh: string, qualifications: DemoQualification[], facts: DemoFact[]): void {
  const verifier = 'mod_lin';
  qualifications.splice(0, qualifications.length,
    { kind: 'business_licence', number: creditCodes[i % creditCodes.length]!, holderName: `${zh}网络科技有限公司（虚构）`, scopeText: scopeFull, state: 'verified', by: members[(i + 1) % members.length] },
    { kind: 'icp_filing', number: `${province}ICP备${String(20150000 + i * 7919).slice(0, 8)}号-1`, state: 'verified', by: members[i % members.length] },
    { kind: 'icp_licence', number: `${province}B2-20${String(17 + (i % 8)).padStart(2, '0')}${String(1000 + i * 37).slice(-4)}`, state: 'verified', by: members[(i + 2) % members.length] },
  );
  if (i % 3 === 0) qualifications.push({ kind: 'payment_partner', number: '', holderName: '第三方支付商户（虚构）', scopeText: '已开通担保交易与资金存管。', state: 'verified', by: members[(i + 3) % members.length] });
  // Their facts: favourable, some verified by a moderator, some only claimed; then the profile's flaw.
  facts.splice(0, facts.length,
    { key: 'card_key_source_disclosed', value: 'yes', provenance: 'verified', source: 'moderator', by: verifier },
    { key: 'support_24x7', value: 'yes', provenance: 'claimed', source: 'platform' },
    { key: 'unconditional_refund', value: 'yes', provenance: profile === 'refund_contradicted' ? 'contradicted' : 'verified', source: profile === 'refund_contradicted' ? 'follow_up' : 'moderator', note: profile === 'refund_contradicted' ? '追评称未使用卡密退款被拒' : undefined, by: profile === 'refund_contradicted' ? members[i % members.length] : verifier },
    { key: 'refund_window_hours', value: profile === 'refund_trap' ? '48' : '168', provenance: 'claimed', source: 'platform' },
    { key: 'escrow', value: profile === 'no_escrow' ? 'no' : 'yes', provenance: 'verified', source: 'moderator', note: profile === 'no_escrow' ? '收款为对公账户直付，无担保' : undefined, by: verifier },
    { key: 'https', value: 'yes', provenance: 'verified', source: 'moderator', by: verifier },
    { key: 'two_factor_login', value: 'yes', provenance: 'claimed', source: 'member', by: members[(i + 4) % members.length] },
  );
}

function generated(i: number): DemoPlatform {
  const [zh, py] = stems[i % stems.length]!;
  const [sfxZh, sfxSlug, sfxEn] = suffixes[i % suffixes.length]!;
  const slug = `${py}-${sfxSlug}`;
  const status: DemoStatus = i % 13 === 5 ? 'suspended' : i % 11 === 7 ? 'closed' : 'active';
  const year = 2015 + (i * 3) % 11;
  const month = String(1 + (i * 5) % 12).padStart(2, '0');
  const province = provinces[i % provinces.length]!;
  const qualifications: DemoQualification[] = [];
  if (i % 3 !== 2) {
    qualifications.push({ kind: 'icp_filing', number: `${province}ICP备${String(20150000 + i * 7919).slice(0, 8)}号-1`, state: evidenceStates[i % 5]!, reason: evidenceStates[i % 5] === 'rejected' ? '备案主体与网站不一致。' : undefined, by: members[i % members.length] });
  }
  if (i % 2 === 0) {
    qualifications.push({ kind: 'business_licence', number: creditCodes[i % creditCodes.length]!, holderName: `${zh}网络科技有限公司（虚构）`, scopeText: i % 4 === 0 ? scopeFull : scopeNoTelecom, state: evidenceStates[(i + 1) % 5]!, reason: evidenceStates[(i + 1) % 5] === 'rejected' ? '执照已注销。' : undefined, by: members[(i + 1) % members.length] });
  }
  if (i % 4 === 0) {
    qualifications.push({ kind: 'icp_licence', number: `${province}B2-20${String(17 + (i % 8)).padStart(2, '0')}${String(1000 + i * 37).slice(-4)}`, state: evidenceStates[(i + 2) % 5]!, reason: evidenceStates[(i + 2) % 5] === 'rejected' ? '许可证编号查询不到。' : undefined, by: members[(i + 2) % members.length] });
  }
  if (i % 5 === 1) {
    qualifications.push({ kind: 'payment_partner', number: '', holderName: '第三方支付商户（虚构）', scopeText: '已开通担保交易。', state: evidenceStates[(i + 3) % 5]!, reason: evidenceStates[(i + 3) % 5] === 'rejected' ? '截图被篡改。' : undefined, by: members[(i + 3) % members.length] });
  }
  const facts: DemoFact[] = [];
  for (let k = 0; k < 3 + (i % 5); k++) {
    const key = factKeysCycle[(i + k * 3) % factKeysCycle.length]!;
    if (facts.some((f) => f.key === key)) continue;
    const provenance = provenances[(i + k) % provenances.length]!;
    facts.push({ key, value: (i + k) % 7 === 0 ? 'no' : 'yes', provenance, source: provenance === 'verified' ? 'moderator' : provenance === 'contradicted' ? 'follow_up' : (k % 2 ? 'platform' : 'member'), by: provenance === 'verified' ? 'mod_lin' : members[(i + k) % members.length] });
  }
  if (i % 3 === 0) facts.push({ key: 'refund_window_hours', value: String([24, 48, 72, 168][i % 4]), provenance: 'claimed', source: 'platform' });
  if (i % 9 === 4) facts.push({ key: 'known_data_leak', value: 'yes', provenance: 'claimed', source: 'member', note: '用户反映手机号被泄露', by: members[i % members.length] });
  const profile = licensedProfiles.get(i);
  if (profile) applyLicensedProfile(profile, i, province, zh, qualifications, facts);
  // A platform nobody knows anything about yet (数据不足): one pending licence, operator unknown.
  const unknownOperator = i === insufficientIndex;
  if (unknownOperator) {
    qualifications.splice(0, qualifications.length, ...qualifications.filter((q) => q.kind === 'business_licence').map((q) => ({ ...q, state: 'pending' as const, reason: undefined })));
    // Only unverified claims: nothing anyone checked either way.
    facts.splice(0, facts.length, ...facts.filter((f) => f.provenance === 'claimed'));
  }
  return {
    slug, nameZh: `${zh}${sfxZh}`, nameEn: `${py[0]!.toUpperCase()}${py.slice(1)} ${sfxEn}`, aliases: i % 3 === 0 ? [zh] : [],
    domains: i % 4 === 1 ? [`${py}${sfxSlug}.example`, `${py}.example`] : [`${py}${sfxSlug}.example`],
    categories: categoriesCycle[i % categoriesCycle.length]!, foundedOn: i % 10 === 9 ? null : `${year}-${month}-0${1 + (i % 9)}`,
    operatorType: profile ? 'company' : unknownOperator ? 'unknown' : operatorsCycle[i % operatorsCycle.length]!, status,
    statusDaysAgo: status === 'active' ? undefined : 10 + i * 3,
    statusEvidence: status === 'suspended' ? '站点公告“系统升级暂停充值”，已逾两周未恢复。' : status === 'closed' ? '站长公告停止运营，余额已按公告退回。' : undefined,
    description: `${zh}${sfxZh}：虚构的演示平台。`,
    qualifications, facts,
  };
}

/** Every demo platform, named ones first. Slugs are stable: other seeders look them up. */
export const demoPlatforms: DemoPlatform[] = [
  reputablePlatform, exitScamPlatform, smallPlatform, shillTargetPlatform, secondExitScam,
  ...stems.map((_, i) => generated(i)),
  pendingSubmission, rejectedSubmission,
];

export const demoPlatformSlugs = {
  reputable: reputablePlatform.slug,
  exitScam: exitScamPlatform.slug,
  small: smallPlatform.slug,
  shillTarget: shillTargetPlatform.slug,
  secondExitScam: secondExitScam.slug,
  pending: pendingSubmission.slug,
  rejected: rejectedSubmission.slug,
} as const;

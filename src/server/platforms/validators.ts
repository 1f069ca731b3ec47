// Pure validators for the identifiers people paste as qualification evidence
// (资质) and for platform identity (domains, slugs). No I/O: a validator only
// says whether a string is well formed; whether the registration is real is a
// moderator's job (国家企业信用信息公示系统, 工信部 ICP/IP 备案管理系统).
//
// Every validator returns `{ ok: true, value } | { ok: false, code }` with a
// closed code union, and `validatorMessages` says in plain words what is wrong.

import { isIP } from 'node:net';
import { domainToASCII, domainToUnicode } from 'node:url';

export type ValidationResult<T, C extends string> =
  | { ok: true; value: T }
  | { ok: false; code: C };

const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
const fail = <C extends string>(code: C): { ok: false; code: C } => ({ ok: false, code });

/** Trim, fold full-width forms to ASCII (NFKC: Ａ→A, ０→0, －→-), uppercase, drop inner spaces. */
function normaliseCode(input: string): string {
  return input.normalize('NFKC').replace(/[\s\u200B-\u200D\u2060\uFEFF]+/g, '').toUpperCase();
}

// ---------------------------------------------------------------------------
// 统一社会信用代码 — unified social credit code, GB 32100-2015
// ---------------------------------------------------------------------------

export type CreditCodeError =
  | 'credit_code.empty'
  | 'credit_code.length'
  | 'credit_code.charset'
  | 'credit_code.region'
  | 'credit_code.checksum';

export interface CreditCode {
  /** The 18 normalised characters. */
  code: string;
  /** Position 1: 登记管理部门代码 (e.g. 9 = 市场监管/工商). */
  authority: string;
  /** Position 2: 机构类别代码 (under 9: 1 企业, 2 个体工商户, 3 农民专业合作社). */
  orgType: string;
  /** Positions 3–8: 登记管理机关行政区划码, GB/T 2260. */
  divisionCode: string;
  /** Positions 9–17: 主体标识码 (组织机构代码), GB 11714. */
  organisationCode: string;
  /**
   * Whether positions 9–17 also pass the GB 11714-1997 organisation-code check
   * digit. Advisory only (shown to moderators): the standard requires it, but we
   * have not verified every issued code honours it, so a failure does not reject.
   */
  organisationCodeChecksumOk: boolean;
}

/** GB 32100-2015 §4: digits and capital letters without I, O, Z, S, V (31 symbols; index = value). */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** GB 32100-2015 §5 (after GB/T 17710 ISO 7064 MOD 31-3): weight of position i is 3^i mod 31. */
export const CREDIT_CODE_WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

/**
 * Province-level codes of GB/T 2260 (the first two digits of a division code):
 * 11–15 North, 21–23 North-East, 31–37 East, 41–46 South-Central, 50–54 South-West,
 * 61–65 North-West, 71 台湾, 81 香港, 82 澳门.
 */
export const PROVINCE_DIVISION_PREFIXES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

/** GB/T 2260 gives 100000 to the whole country; central-level organs are registered under it. */
const NATIONAL_DIVISION_CODE = '100000';

/** The check character for the first 17 characters (which must be in the charset). */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARSET.indexOf(first17[i]!) * CREDIT_CODE_WEIGHTS[i]!;
  const check = 31 - (sum % 31);
  return CREDIT_CODE_CHARSET[check === 31 ? 0 : check]!;
}

/** GB 11714-1997: weights 3 7 9 10 5 8 4 2, letters A=10 … Z=35, C9 = 11 − (Σ mod 11), 10→X, 11→0. */
export function organisationCodeCheckChar(first8: string): string | null {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = parseInt(first8[i]!, 36);
    if (Number.isNaN(v)) return null;
    sum += v * weights[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function validateCreditCode(input: string): ValidationResult<CreditCode, CreditCodeError> {
  const code = normaliseCode(input);
  if (code.length === 0) return fail('credit_code.empty');
  if ([...code].length !== 18) return fail('credit_code.length');
  for (const ch of code) if (!CREDIT_CODE_CHARSET.includes(ch)) return fail('credit_code.charset');
  const divisionCode = code.slice(2, 8);
  if (!/^\d{6}$/.test(divisionCode)) return fail('credit_code.region');
  if (!PROVINCE_DIVISION_PREFIXES.has(divisionCode.slice(0, 2)) && divisionCode !== NATIONAL_DIVISION_CODE) {
    return fail('credit_code.region');
  }
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return fail('credit_code.checksum');
  const organisationCode = code.slice(8, 17);
  return ok({
    code,
    authority: code[0]!,
    orgType: code[1]!,
    divisionCode,
    organisationCode,
    organisationCodeChecksumOk: organisationCodeCheckChar(organisationCode.slice(0, 8)) === organisationCode[8],
  });
}

// ---------------------------------------------------------------------------
// ICP 备案号 (filing) and 增值电信业务经营许可证 / ICP 许可证 (licence)
// ---------------------------------------------------------------------------

/**
 * One-character abbreviations (简称) of the 31 mainland provincial divisions:
 * the prefixes MIIT's provincial communications administrations use in filing
 * and licence numbers. Order follows GB/T 2260.
 */
export const PROVINCE_ABBREVIATIONS = [
  '京', '津', '冀', '晋', '蒙', '辽', '吉', '黑', '沪', '苏', '浙', '皖', '闽', '赣', '鲁', '豫',
  '鄂', '湘', '粤', '桂', '琼', '渝', '川', '贵', '云', '藏', '陕', '甘', '青', '宁', '新',
] as const;
export type ProvinceAbbreviation = (typeof PROVINCE_ABBREVIATIONS)[number];

const PROVINCE_SET: ReadonlySet<string> = new Set(PROVINCE_ABBREVIATIONS);
const isProvince = (s: string): s is ProvinceAbbreviation => PROVINCE_SET.has(s);

export type IcpFilingError = 'icp_filing.empty' | 'icp_filing.format' | 'icp_filing.province';

export interface IcpFiling {
  /** Canonical form, e.g. `京ICP备12345678号-1`. */
  number: string;
  province: ProvinceAbbreviation;
  /** The filing's serial digits (the subject's filing). */
  serial: string;
  /** The `-N` suffix: which website of the subject, if given. */
  site: number | null;
}

// 京ICP备12345678号 and 京ICP备12345678号-1. Serial 4–10 digits (8 is common; newer ones have 10).
const ICP_FILING_RE = /^(.)ICP备(\d{4,10})号(?:-(\d{1,3}))?$/;

export function validateIcpFiling(input: string): ValidationResult<IcpFiling, IcpFilingError> {
  const s = normaliseCode(input);
  if (s.length === 0) return fail('icp_filing.empty');
  const m = ICP_FILING_RE.exec(s);
  if (!m) return fail('icp_filing.format');
  const [, province, serial, site] = m;
  if (!isProvince(province!)) return fail('icp_filing.province');
  if (site !== undefined && Number(site) < 1) return fail('icp_filing.format');
  return ok({
    number: `${province}ICP备${serial}号${site === undefined ? '' : `-${Number(site)}`}`,
    province,
    serial: serial!,
    site: site === undefined ? null : Number(site),
  });
}

export type TelecomLicenceError =
  | 'telecom_licence.empty'
  | 'telecom_licence.format'
  | 'telecom_licence.province'
  | 'telecom_licence.year';

export interface TelecomLicence {
  /** Canonical form: `京B2-20201234`, `B2-20201234` or `京ICP证123456号`. */
  number: string;
  /** null for the nationwide (跨地区) licence issued by MIIT itself. */
  province: ProvinceAbbreviation | null;
  /** B1 = 第一类增值电信业务, B2 = 第二类增值电信业务 (ICP 信息服务 is B2-B25); 'ICP' for the ICP证 form. */
  category: 'B1' | 'B2' | 'ICP';
  /** Year of issue from the serial (YYYY of `B2-YYYYNNNN`), null for the ICP证 form. */
  year: number | null;
}

// 京B2-20201234 / B2-20201234: [province] B1|B2 - 4-digit year + 4-digit serial.
const LICENCE_B_RE = /^(\D?)(B[12])-(\d{4})(\d{4})$/;
// 京ICP证123456号: the provincial ICP 经营许可证 number form.
const LICENCE_ICP_RE = /^(.)ICP证(\d{4,8})号$/;
// Licences under the current numbering were first issued in 2000; the next century is not our problem.
const LICENCE_MIN_YEAR = 2000;
const LICENCE_MAX_YEAR = 2099;

export function validateTelecomLicence(input: string): ValidationResult<TelecomLicence, TelecomLicenceError> {
  const s = normaliseCode(input).replace(/[—–－]/g, '-');
  if (s.length === 0) return fail('telecom_licence.empty');
  const b = LICENCE_B_RE.exec(s);
  if (b) {
    const [, province, category, yearText, serial] = b;
    if (province !== '' && !isProvince(province!)) return fail('telecom_licence.province');
    const year = Number(yearText);
    if (year < LICENCE_MIN_YEAR || year > LICENCE_MAX_YEAR) return fail('telecom_licence.year');
    return ok({
      number: `${province}${category}-${yearText}${serial}`,
      province: province === '' ? null : (province as ProvinceAbbreviation),
      category: category as 'B1' | 'B2',
      year,
    });
  }
  const icp = LICENCE_ICP_RE.exec(s);
  if (icp) {
    const [, province, serial] = icp;
    if (!isProvince(province!)) return fail('telecom_licence.province');
    return ok({ number: `${province}ICP证${serial}号`, province, category: 'ICP', year: null });
  }
  // A filing number pasted where the licence belongs is the confusion the seed warns about.
  return fail('telecom_licence.format');
}

// ---------------------------------------------------------------------------
// 经营范围 — business scope on the 营业执照
// ---------------------------------------------------------------------------

/** Scope terms that make a licence plausible for a 卡盟 (the seed: 增值电信业务, 信息技术服务 …). */
export const TELECOM_SCOPE_TERMS = [
  '第一类增值电信业务',
  '第二类增值电信业务',
  '增值电信业务',
  '互联网信息服务',
  '在线数据处理与交易处理业务',
  '在线数据处理与交易处理',
  '信息服务业务',
] as const;
export const IT_SCOPE_TERMS = [
  '信息技术服务',
  '信息技术咨询服务',
  '网络技术服务',
  '技术服务',
  '技术开发',
  '软件开发',
  '信息系统集成服务',
  '数据处理和存储支持服务',
  '互联网销售',
  '电子产品销售',
] as const;
export type ScopeTerm = (typeof TELECOM_SCOPE_TERMS)[number] | (typeof IT_SCOPE_TERMS)[number];

export interface BusinessScopeCheck {
  /** Terms present (longest match first; a term inside a longer matched term is not repeated). */
  terms: ScopeTerm[];
  /** Terms present only inside an exclusion such as 不含/除…外/不得从事 (common: “（不含增值电信业务）”). */
  excluded: ScopeTerm[];
  /** A telecom term appears outside any exclusion. */
  hasTelecomScope: boolean;
  /** An IT/technology-service term appears outside any exclusion. */
  hasItScope: boolean;
}

const TELECOM_SET: ReadonlySet<string> = new Set(TELECOM_SCOPE_TERMS);
const ALL_SCOPE_TERMS: readonly ScopeTerm[] = [...TELECOM_SCOPE_TERMS, ...IT_SCOPE_TERMS].sort(
  (a, b) => b.length - a.length,
);
// Negations that commonly precede a term inside the same clause of a scope text.
const SCOPE_EXCLUSION_RE = /(不含|不包含|不包括|除|不得从事|不得经营|禁止|未取得.*?不得)/;

export function checkBusinessScope(text: string): BusinessScopeCheck {
  let rest = text.normalize('NFKC');
  const found = new Map<ScopeTerm, { included: boolean }>();
  for (const term of ALL_SCOPE_TERMS) {
    let at = rest.indexOf(term);
    while (at !== -1) {
      // The clause runs back to the last separator or opening bracket.
      const before = rest.slice(0, at);
      const clauseStart = Math.max(
        ...['；', ';', '。', '，', ',', '、', '(', '（', '\n'].map((sep) => before.lastIndexOf(sep)),
      );
      const clause = before.slice(clauseStart + 1);
      // An exclusion like “（除增值电信业务外）” or “不含…” binds to the bracket/clause.
      const bracketOpen = Math.max(before.lastIndexOf('('), before.lastIndexOf('（'));
      const bracketClose = Math.max(before.lastIndexOf(')'), before.lastIndexOf('）'));
      const inBracket = bracketOpen > bracketClose ? before.slice(bracketOpen + 1) : '';
      const excluded = SCOPE_EXCLUSION_RE.test(clause) || SCOPE_EXCLUSION_RE.test(inBracket);
      const prev = found.get(term);
      found.set(term, { included: (prev?.included ?? false) || !excluded });
      // Blank out the match so shorter terms inside it are not counted again.
      rest = rest.slice(0, at) + '\u0000'.repeat(term.length) + rest.slice(at + term.length);
      at = rest.indexOf(term, at + term.length);
    }
  }
  const terms = ALL_SCOPE_TERMS.filter((t) => found.get(t)?.included);
  const excluded = ALL_SCOPE_TERMS.filter((t) => found.has(t) && !found.get(t)!.included);
  return {
    terms,
    excluded,
    hasTelecomScope: terms.some((t) => TELECOM_SET.has(t)),
    hasItScope: terms.some((t) => !TELECOM_SET.has(t)),
  };
}

// ---------------------------------------------------------------------------
// Domains
// ---------------------------------------------------------------------------

export type DomainError =
  | 'domain.empty'
  | 'domain.format'
  | 'domain.ip'
  | 'domain.label'
  | 'domain.length'
  | 'domain.no_dot'
  | 'domain.tld';

export interface NormalisedDomain {
  /** Lowercase ASCII (punycode) form without `www.`: the form we store and compare. */
  ascii: string;
  /** Unicode form for display (`例子.中国`). Equal to `ascii` for plain ASCII names. */
  unicode: string;
}

// RFC 1035 §2.3.4 / RFC 1123 §2.1: labels 1–63 octets, whole name ≤ 253 in text form.
const MAX_LABEL_LENGTH = 63;
const MAX_DOMAIN_LENGTH = 253;
const LDH_LABEL_RE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/**
 * Accepts what people paste — a URL or a host, in any case, full-width or not —
 * and returns the registrable-looking host in ASCII (punycode) and Unicode forms.
 */
export function normaliseDomain(input: string): ValidationResult<NormalisedDomain, DomainError> {
  // NFKC folds full-width letters, digits and punctuation (ｈｔｔｐｓ：／／, 。) to ASCII.
  let s = input.normalize('NFKC').replace(/[\u200B-\u200D\u2060\uFEFF]+/g, '').trim();
  if (s.length === 0) return fail('domain.empty');
  s = s.replace(/\\/g, '/');
  // Scheme ("https://", a typo like "http:/", or protocol-relative "//"). Only with
  // slashes for unknown schemes, so "kami.example:8080" keeps its host.
  s = s.replace(/^(?:https?:\/{0,2}|[a-z][a-z0-9+.-]*:\/\/|\/\/)/i, '');
  // Host ends at the first path, query or fragment delimiter.
  s = s.split(/[/?#]/, 1)[0]!;
  // Credentials: everything up to the last '@' of the authority.
  const at = s.lastIndexOf('@');
  if (at !== -1) s = s.slice(at + 1);
  if (isIP(s)) return fail('domain.ip'); // bare IPv6 such as ::1, before the port is stripped
  if (s.length === 0) return fail('domain.empty');
  if (s.startsWith('[')) return fail('domain.ip'); // [IPv6]
  // Port.
  s = s.replace(/:\d*$/, '');
  if (s.includes(':')) return isIP(s) ? fail('domain.ip') : fail('domain.format');
  s = s.replace(/\.+$/, '').toLowerCase();
  if (s.length === 0) return fail('domain.empty');
  if (/\s/.test(s)) return fail('domain.label');
  if (isIP(s) || /^[\d.]+$/.test(s)) return fail('domain.ip');
  if (s.startsWith('www.')) s = s.slice(4);
  if (s.length === 0) return fail('domain.empty');
  // Checked before UTS #46, which would otherwise read a numeric last label as an IPv4 part.
  if (/^\d+$/.test(s.slice(s.lastIndexOf('.') + 1)) && s.includes('.')) return fail('domain.tld');
  const ascii = domainToASCII(s);
  if (ascii === '') {
    // Distinguish an empty label ("a..b") from other UTS #46 failures.
    return s.split('.').some((l) => l.length === 0 || l.length > MAX_LABEL_LENGTH)
      ? fail('domain.label')
      : fail('domain.format');
  }
  if (isIP(ascii)) return fail('domain.ip');
  if (ascii.length > MAX_DOMAIN_LENGTH) return fail('domain.length');
  const labels = ascii.split('.');
  if (labels.length < 2) return fail('domain.no_dot');
  for (const label of labels) {
    if (label.length === 0 || label.length > MAX_LABEL_LENGTH || !LDH_LABEL_RE.test(label)) {
      return fail('domain.label');
    }
  }
  // A numeric TLD would make the name parse as an address (RFC 3696 §2).
  if (/^\d+$/.test(labels[labels.length - 1]!)) return fail('domain.tld');
  return ok({ ascii, unicode: domainToUnicode(ascii) || ascii });
}

// ---------------------------------------------------------------------------
// Slugs
// ---------------------------------------------------------------------------

export type SlugError = 'slug.empty' | 'slug.length' | 'slug.charset' | 'slug.hyphen';

const SLUG_MIN_LENGTH = 2;
const SLUG_MAX_LENGTH = 64;

export function validateSlug(input: string): ValidationResult<string, SlugError> {
  const s = input.trim();
  if (s.length === 0) return fail('slug.empty');
  if (!/^[a-z0-9-]+$/.test(s)) return fail('slug.charset');
  if (s.length < SLUG_MIN_LENGTH || s.length > SLUG_MAX_LENGTH) return fail('slug.length');
  if (s.startsWith('-') || s.endsWith('-') || s.includes('--')) return fail('slug.hyphen');
  return ok(s);
}

/**
 * A slug from an English (or pinyin) name: accents dropped, everything else
 * that is not a letter or digit becomes one hyphen. Returns '' when nothing
 * usable is left (e.g. a purely Chinese name): the caller must ask for one.
 */
export function slugify(nameEn: string): string {
  const s = nameEn
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = s.slice(0, SLUG_MAX_LENGTH).replace(/-+$/, '');
  return cut.length >= SLUG_MIN_LENGTH ? cut : '';
}

// ---------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------

export type ValidatorCode = CreditCodeError | IcpFilingError | TelecomLicenceError | DomainError | SlugError;

export interface LocalisedMessage {
  'zh-CN': string;
  en: string;
}

export const validatorMessages: Record<ValidatorCode, LocalisedMessage> = {
  'credit_code.empty': {
    'zh-CN': '请填写统一社会信用代码。',
    en: 'Enter the unified social credit code.',
  },
  'credit_code.length': {
    'zh-CN': '统一社会信用代码应为 18 位。',
    en: 'A unified social credit code has exactly 18 characters.',
  },
  'credit_code.charset': {
    'zh-CN': '统一社会信用代码只能包含数字和大写字母，且不使用 I、O、Z、S、V。',
    en: 'A unified social credit code uses only digits and capital letters, never I, O, Z, S or V.',
  },
  'credit_code.region': {
    'zh-CN': '第 3–8 位的行政区划码无效：前两位不是有效的省级代码。',
    en: 'Characters 3–8 are not a valid administrative division code: the first two digits are not a province code.',
  },
  'credit_code.checksum': {
    'zh-CN': '校验位（第 18 位）不符：代码中可能有输错的字符。',
    en: 'The check character (the 18th) does not match: a character was probably mistyped.',
  },
  'icp_filing.empty': {
    'zh-CN': '请填写 ICP 备案号。',
    en: 'Enter the ICP filing number.',
  },
  'icp_filing.format': {
    'zh-CN': 'ICP 备案号格式应为“京ICP备12345678号”，可带“-1”这样的网站序号。',
    en: 'An ICP filing number looks like “京ICP备12345678号”, optionally followed by a site number such as “-1”.',
  },
  'icp_filing.province': {
    'zh-CN': '备案号开头的省份简称无效，应为“京”“粤”“沪”等 31 个省级简称之一。',
    en: 'The province abbreviation at the start is not one of the 31 mainland provinces (京, 粤, 沪 …).',
  },
  'telecom_licence.empty': {
    'zh-CN': '请填写增值电信业务经营许可证编号。',
    en: 'Enter the value-added telecom business licence number.',
  },
  'telecom_licence.format': {
    'zh-CN': '许可证编号格式应为“京B2-20201234”“B2-20201234”或“京ICP证123456号”。ICP 备案号不是许可证。',
    en: 'A licence number looks like “京B2-20201234”, “B2-20201234” or “京ICP证123456号”. An ICP filing number is not a licence.',
  },
  'telecom_licence.province': {
    'zh-CN': '许可证编号开头的省份简称无效（全国性许可证没有省份前缀）。',
    en: 'The province abbreviation is not valid (a nationwide licence has no province prefix).',
  },
  'telecom_licence.year': {
    'zh-CN': '许可证编号中的年份（“-”后四位）不合理，应在 2000–2099 之间。',
    en: 'The year in the licence number (the four digits after “-”) must be between 2000 and 2099.',
  },
  'domain.empty': {
    'zh-CN': '请填写网址或域名。',
    en: 'Enter a web address or domain name.',
  },
  'domain.format': {
    'zh-CN': '无法识别这个网址或域名。',
    en: 'This is not a recognisable web address or domain name.',
  },
  'domain.ip': {
    'zh-CN': '请填写域名，而不是 IP 地址。',
    en: 'Enter a domain name, not an IP address.',
  },
  'domain.label': {
    'zh-CN': '域名的某一段无效：每段 1–63 个字符，只能含字母、数字和连字符，且不能以连字符开头或结尾。',
    en: 'A part of the domain is invalid: each part has 1–63 letters, digits or hyphens and cannot start or end with a hyphen.',
  },
  'domain.length': {
    'zh-CN': '域名过长（最多 253 个字符）。',
    en: 'The domain name is too long (253 characters at most).',
  },
  'domain.no_dot': {
    'zh-CN': '域名应包含顶级域，例如“example.com”。',
    en: 'A domain name needs a top-level domain, as in “example.com”.',
  },
  'domain.tld': {
    'zh-CN': '顶级域不能全是数字。',
    en: 'The top-level domain cannot be all digits.',
  },
  'slug.empty': {
    'zh-CN': '请填写网址标识。',
    en: 'Enter a URL slug.',
  },
  'slug.length': {
    'zh-CN': '网址标识应为 2–64 个字符。',
    en: 'A slug has 2–64 characters.',
  },
  'slug.charset': {
    'zh-CN': '网址标识只能包含小写英文字母、数字和连字符。',
    en: 'A slug uses only lowercase letters, digits and hyphens.',
  },
  'slug.hyphen': {
    'zh-CN': '网址标识不能以连字符开头或结尾，也不能有连续的连字符。',
    en: 'A slug cannot start or end with a hyphen or contain two hyphens in a row.',
  },
};

import { describe, expect, it } from 'vitest';
import {
  CREDIT_CODE_CHARSET,
  CREDIT_CODE_WEIGHTS,
  PROVINCE_ABBREVIATIONS,
  checkBusinessScope,
  creditCodeCheckChar,
  normaliseDomain,
  organisationCodeCheckChar,
  slugify,
  validateCreditCode,
  validateIcpFiling,
  validateSlug,
  validateTelecomLicence,
  validatorMessages,
} from '../../src/server/platforms/validators.ts';
import type { ValidatorCode } from '../../src/server/platforms/validators.ts';

// Builds a real-format code: authority + org type + division + GB 11714 organisation
// code (with its own check digit) + the GB 32100-2015 check character.
function makeCreditCode(prefix8: string, orgBody8: string): string {
  const org = orgBody8 + organisationCodeCheckChar(orgBody8)!;
  const first17 = prefix8 + org;
  return first17 + creditCodeCheckChar(first17);
}

// All invented except the first, which is the worked example of GB 32100-2015.
const validCreditCodes = [
  '91350100M000100Y43',
  makeCreditCode('91110108', 'MA01ABC1'), // 北京海淀 企业
  makeCreditCode('91440300', 'MA5F0K2L'), // 深圳
  makeCreditCode('92330106', 'MA2H7Q3R'), // 杭州西湖 个体工商户
  makeCreditCode('12100000', '40000711'), // 中央 事业单位 (national division 100000)
  makeCreditCode('91650100', '22881234'), // 乌鲁木齐
  makeCreditCode('91810000', 'MA00TE7T'), // 香港
  makeCreditCode('Y1310115', '0000000A'), // 其他登记管理部门
];

describe('credit code weights and check char (GB 32100-2015)', () => {
  it('weights are 3^i mod 31', () => {
    expect(CREDIT_CODE_WEIGHTS).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
  });
  it('verifies the standard example by hand', () => {
    // Σ value×weight for 91350100M000100Y4 computed independently of the module.
    const first17 = '91350100M000100Y4';
    const sum = [...first17].reduce(
      (acc, ch, i) => acc + CREDIT_CODE_CHARSET.indexOf(ch) * CREDIT_CODE_WEIGHTS[i]!,
      0,
    );
    const check = (31 - (sum % 31)) % 31;
    expect(CREDIT_CODE_CHARSET[check]).toBe('3');
    expect(organisationCodeCheckChar('M000100Y')).toBe('4');
  });
});

describe.each(validCreditCodes)('valid credit code %s', (code) => {
  it('is accepted and parsed', () => {
    const r = validateCreditCode(code);
    expect(r).toMatchObject({ ok: true, value: { code, divisionCode: code.slice(2, 8) } });
    if (r.ok) expect(r.value.organisationCodeChecksumOk).toBe(true);
  });

  it('is accepted after normalisation (spaces, lowercase, full-width)', () => {
    const fullWidth = [...code.toLowerCase()]
      .map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0))
      .join('');
    expect(validateCreditCode(`  ${code.slice(0, 9).toLowerCase()} ${code.slice(9)}\n`)).toMatchObject({ ok: true });
    expect(validateCreditCode(fullWidth)).toMatchObject({ ok: true, value: { code } });
  });

  it.each(Array.from({ length: 18 }, (_, i) => i))('fails when position %i is corrupted', (i) => {
    // Every other charset symbol in this position: a one-character substitution
    // must always be caught (31 is prime and every weight is non-zero mod 31).
    for (const ch of CREDIT_CODE_CHARSET) {
      if (ch === code[i]) continue;
      const bad = code.slice(0, i) + ch + code.slice(i + 1);
      const r = validateCreditCode(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(['credit_code.checksum', 'credit_code.region']).toContain(r.code);
    }
  });

  it('fails when two adjacent different characters are swapped', () => {
    for (let i = 0; i < 17; i++) {
      if (code[i] === code[i + 1]) continue;
      const bad = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
      expect(validateCreditCode(bad).ok, bad).toBe(false);
    }
  });
});

describe('invalid credit codes', () => {
  it.each([
    ['', 'credit_code.empty'],
    ['   ', 'credit_code.empty'],
    ['91350100M000100Y4', 'credit_code.length'],
    ['91350100M000100Y433', 'credit_code.length'],
    ['91350100M000100I43', 'credit_code.charset'], // I is excluded
    ['91350100M000100O43', 'credit_code.charset'],
    ['9135010OM000100Y43', 'credit_code.charset'],
    ['91350100M00010-Y43', 'credit_code.charset'],
    ['9199010' + '0M000100Y43', 'credit_code.region'], // 99 is no province
    ['91A50100M000100Y43', 'credit_code.region'], // division must be digits
    ['91700000M000100Y43', 'credit_code.region'],
    ['91350100M000100Y44', 'credit_code.checksum'],
  ] as const)('%j → %s', (input, code) => {
    expect(validateCreditCode(input)).toEqual({ ok: false, code });
  });

  it('a valid checksum over a fake province still fails on the province', () => {
    const first17 = '91990100M000100Y4';
    expect(validateCreditCode(first17 + creditCodeCheckChar(first17))).toEqual({
      ok: false,
      code: 'credit_code.region',
    });
  });

  it('reports a wrong GB 11714 organisation check digit as advisory, not as rejection', () => {
    const first17 = '91350100M000100Y5';
    const r = validateCreditCode(first17 + creditCodeCheckChar(first17));
    expect(r).toMatchObject({ ok: true, value: { organisationCodeChecksumOk: false } });
  });
});

describe('ICP filing numbers (ICP备案号)', () => {
  it.each([
    ['京ICP备12345678号', '京ICP备12345678号', null],
    ['京ICP备12345678号-1', '京ICP备12345678号-1', 1],
    ['粤ICP备2021012345号-12', '粤ICP备2021012345号-12', 12],
    ['沪icp备0123号', '沪ICP备0123号', null],
    [' 浙ICP备 12345678 号－3 ', '浙ICP备12345678号-3', 3],
    ['新ＩＣＰ备１２３４５６７８号', '新ICP备12345678号', null],
  ] as const)('%j is valid', (input, number, site) => {
    expect(validateIcpFiling(input)).toMatchObject({ ok: true, value: { number, site } });
  });

  it.each(PROVINCE_ABBREVIATIONS)('province %s is accepted', (p) => {
    expect(validateIcpFiling(`${p}ICP备12345678号`)).toMatchObject({ ok: true, value: { province: p } });
  });

  it.each([
    ['', 'icp_filing.empty'],
    ['京ICP备123号', 'icp_filing.format'], // too few digits
    ['京ICP备12345678901号', 'icp_filing.format'], // too many digits
    ['京ICP备12345678', 'icp_filing.format'], // missing 号
    ['京ICP备12345678号-0', 'icp_filing.format'],
    ['京ICP证123456号', 'icp_filing.format'], // a licence, not a filing
    ['ICP备12345678号', 'icp_filing.format'],
    ['京B2-20201234', 'icp_filing.format'],
    ['港ICP备12345678号', 'icp_filing.province'],
    ['台ICP备12345678号', 'icp_filing.province'],
    ['中ICP备12345678号', 'icp_filing.province'],
    ['AICP备12345678号', 'icp_filing.province'],
  ] as const)('%j → %s', (input, code) => {
    expect(validateIcpFiling(input)).toEqual({ ok: false, code });
  });
});

describe('telecom licences (增值电信业务经营许可证)', () => {
  it.each([
    ['京B2-20201234', { province: '京', category: 'B2', year: 2020, number: '京B2-20201234' }],
    ['粤B1-20090001', { province: '粤', category: 'B1', year: 2009 }],
    ['B2-20201234', { province: null, category: 'B2', year: 2020 }], // 工信部 跨地区
    ['沪b2－20150001', { province: '沪', number: '沪B2-20150001' }],
    ['京ICP证030173号', { province: '京', category: 'ICP', year: null }],
    ['浙ICP证12345号', { province: '浙', category: 'ICP' }],
  ] as const)('%j is valid', (input, value) => {
    expect(validateTelecomLicence(input)).toMatchObject({ ok: true, value });
  });

  it.each([
    ['', 'telecom_licence.empty'],
    ['京B3-20201234', 'telecom_licence.format'],
    ['京B2-2020123', 'telecom_licence.format'],
    ['京B2-202012345', 'telecom_licence.format'],
    ['京B220201234', 'telecom_licence.format'],
    ['京ICP备12345678号', 'telecom_licence.format'], // the filing/licence confusion of the seed
    ['京ICP证123号', 'telecom_licence.format'],
    ['港B2-20201234', 'telecom_licence.province'],
    ['XB2-20201234', 'telecom_licence.province'],
    ['港ICP证123456号', 'telecom_licence.province'],
    ['京B2-19991234', 'telecom_licence.year'],
    ['B2-21001234', 'telecom_licence.year'],
  ] as const)('%j → %s', (input, code) => {
    expect(validateTelecomLicence(input)).toEqual({ ok: false, code });
  });
});

describe('business scope (经营范围)', () => {
  it('finds telecom and IT terms without double-counting nested ones', () => {
    const r = checkBusinessScope('许可项目：第二类增值电信业务。一般项目：信息技术服务；软件开发；互联网销售。');
    expect(r.terms).toEqual(expect.arrayContaining(['第二类增值电信业务', '信息技术服务', '软件开发']));
    expect(r.terms).not.toContain('增值电信业务');
    expect(r.terms).not.toContain('技术服务');
    expect(r.hasTelecomScope).toBe(true);
    expect(r.hasItScope).toBe(true);
  });

  it.each([
    '网络技术服务（不含增值电信业务）',
    '计算机技术开发（除增值电信业务外）',
    '技术服务；不得从事增值电信业务',
    '技术开发、技术服务(不含互联网信息服务)',
  ])('an excluded telecom term does not count: %s', (text) => {
    const r = checkBusinessScope(text);
    expect(r.hasTelecomScope).toBe(false);
    expect(r.excluded.length).toBeGreaterThan(0);
    expect(r.hasItScope).toBe(true);
  });

  it('a term both excluded and included elsewhere counts as included', () => {
    const r = checkBusinessScope('增值电信业务；技术服务（不含增值电信业务）');
    expect(r.hasTelecomScope).toBe(true);
    expect(r.excluded).toEqual([]);
  });

  it('nothing relevant', () => {
    expect(checkBusinessScope('服装批发；日用百货销售')).toEqual({
      terms: [],
      excluded: [],
      hasTelecomScope: false,
      hasItScope: false,
    });
  });
});

describe('normaliseDomain', () => {
  it.each([
    ['kami-shop.example', 'kami-shop.example', 'kami-shop.example'],
    ['https://WWW.Example.中国/path?x', 'example.xn--fiqs8s', 'example.中国'],
    ['https://user:secret@www.kami.example:8443/a/b#c', 'kami.example', 'kami.example'],
    ['HTTP://Kami.Example./', 'kami.example', 'kami.example'],
    ['//cdn.kami.example/x.js', 'cdn.kami.example', 'cdn.kami.example'],
    ['ｗｗｗ．ｋａｍｉ．ｅｘａｍｐｌｅ', 'kami.example', 'kami.example'],
    ['kami。example', 'kami.example', 'kami.example'],
    ['例子.测试', 'xn--fsqu00a.xn--0zwm56d', '例子.测试'],
    ['xn--fsqu00a.xn--0zwm56d', 'xn--fsqu00a.xn--0zwm56d', '例子.测试'],
    ['  shop.kami.example  ', 'shop.kami.example', 'shop.kami.example'],
    ['www2.kami.example', 'www2.kami.example', 'www2.kami.example'],
    ['kami.example?ref=1', 'kami.example', 'kami.example'],
    ['a1.b2.example', 'a1.b2.example', 'a1.b2.example'],
    ['kami.example:8080', 'kami.example', 'kami.example'],
    ['http:/kami.example', 'kami.example', 'kami.example'],
    ['ftp://files.kami.example', 'files.kami.example', 'files.kami.example'],
  ] as const)('%j → %s', (input, ascii, unicode) => {
    expect(normaliseDomain(input)).toEqual({ ok: true, value: { ascii, unicode } });
  });

  it.each([
    ['', 'domain.empty'],
    ['   ', 'domain.empty'],
    ['https://', 'domain.empty'],
    ['https:///path', 'domain.empty'],
    ['127.0.0.1', 'domain.ip'],
    ['http://192.168.1.1:8080/', 'domain.ip'],
    ['http://[::1]/', 'domain.ip'],
    ['::1', 'domain.ip'],
    ['localhost', 'domain.no_dot'],
    ['kami', 'domain.no_dot'],
    ['a..example', 'domain.label'],
    ['-kami.example', 'domain.label'],
    ['kami-.example', 'domain.label'],
    ['kami_shop.example', 'domain.label'],
    [`${'a'.repeat(64)}.example`, 'domain.label'],
    [`${'abcdefghi.'.repeat(26)}example`, 'domain.length'],
    ['kami.123', 'domain.tld'],
    ['kami shop.example', 'domain.label'],
  ] as const)('%j → %s', (input, code) => {
    expect(normaliseDomain(input)).toEqual({ ok: false, code });
  });

  it('is idempotent on its output', () => {
    for (const input of ['https://WWW.Example.中国/path?x', 'Kami-Shop.Example']) {
      const first = normaliseDomain(input);
      if (!first.ok) throw new Error('expected ok');
      expect(normaliseDomain(first.value.ascii)).toEqual(first);
      expect(normaliseDomain(first.value.unicode)).toEqual(first);
    }
  });
});

describe('slugs', () => {
  it.each(['ab', 'kami-shop', 'k2', 'a-b-c', 'x'.repeat(64), '123'])('%j is valid', (slug) => {
    expect(validateSlug(slug)).toEqual({ ok: true, value: slug });
  });

  it.each([
    ['', 'slug.empty'],
    ['a', 'slug.length'],
    ['x'.repeat(65), 'slug.length'],
    ['Kami', 'slug.charset'],
    ['kami_shop', 'slug.charset'],
    ['卡盟', 'slug.charset'],
    ['kami shop', 'slug.charset'],
    ['-kami', 'slug.hyphen'],
    ['kami-', 'slug.hyphen'],
    ['kami--shop', 'slug.hyphen'],
  ] as const)('%j → %s', (input, code) => {
    expect(validateSlug(input)).toEqual({ ok: false, code });
  });

  it.each([
    ['Kami Shop', 'kami-shop'],
    ['  Kami  Shop!! ', 'kami-shop'],
    ['Café Crème', 'cafe-creme'],
    ['Speedy & Sons', 'speedy-and-sons'],
    ['Ｋａｍｉ２４', 'kami24'],
    ['卡盟', ''],
    ['A', ''],
    ['x'.repeat(63) + ' yz', 'x'.repeat(63)],
  ] as const)('slugify(%j) → %j', (input, slug) => {
    expect(slugify(input)).toBe(slug);
  });

  it('slugify output is always a valid slug or empty', () => {
    for (const s of ['Hello World', '--a--b--', 'ÅÄÖ shop', 'a'.repeat(200), '!!!', 'Q币 Store 2']) {
      const slug = slugify(s);
      if (slug !== '') expect(validateSlug(slug)).toEqual({ ok: true, value: slug });
    }
  });
});

describe('validatorMessages', () => {
  it('has a zh-CN and an English message for every code', () => {
    const codes = Object.keys(validatorMessages) as ValidatorCode[];
    expect(codes.length).toBeGreaterThanOrEqual(20);
    for (const code of codes) {
      expect(validatorMessages[code]['zh-CN']).toMatch(/\p{Script=Han}/u);
      expect(validatorMessages[code].en).toMatch(/^[A-Z]/);
    }
  });

  it('names what is wrong', () => {
    expect(validatorMessages['credit_code.checksum']['zh-CN']).toContain('校验');
    expect(validatorMessages['credit_code.checksum'].en).toContain('check');
    expect(validatorMessages['credit_code.region']['zh-CN']).toContain('行政区划');
    expect(validatorMessages['icp_filing.province']['zh-CN']).toContain('省');
    expect(validatorMessages['telecom_licence.format']['zh-CN']).toContain('备案号不是许可证');
  });
});

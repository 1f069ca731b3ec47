import { describe, expect, it } from 'vitest';
import { maskCardKeys, maskKey } from '../../src/server/content/card-keys.ts';

const MASK = '••••••••';

describe('masks card keys', () => {
  it.each([
    ['grouped 4×4 with hyphens', 'ABCD-EFGH-1234-5678', `ABCD${MASK}78`],
    ['grouped lowercase hex', 'a1b2-c3d4-e5f6-a7b8', `a1b2${MASK}b8`],
    ['grouped all capitals', 'QWER-TYUP-ASDF-GHJK', `QWER${MASK}JK`],
    ['grouped 5×5 (product key shape)', 'AB1CD-EF2GH-IJ3KL-MN4OP-QR5ST', `AB1C${MASK}ST`],
    ['grouped 3×5 Steam-style', 'AAAA1-BBBB2-CCCC3', `AAAA${MASK}C3`],
    ['grouped 6-char groups', 'ABC123-DEF456-GHJ789-KLM012', `ABC1${MASK}12`],
    ['bank-card style digits with spaces', '6222 0212 3456 7890', `6222${MASK}90`],
    ['grouped with spaces, letters and digits', 'AB12 CD34 EF56 GH78', `AB12${MASK}78`],
    ['16-char mixed run', 'A1B2C3D4E5F6G7H8', `A1B2${MASK}H8`],
    ['32-char hex run', '0f1e2d3c4b5a69788796a5b4c3d2e1f0', `0f1e${MASK}f0`],
    ['mixed case random', 'x7Kp2QmZ9tRb4WcN', `x7Kp${MASK}cN`],
    ['16-digit PIN', '1234567890123456', `1234${MASK}56`],
    ['19-digit card number', '6222021234567890123', `6222${MASK}23`],
    ['20-digit PIN', '98765432109876543210', `9876${MASK}10`],
  ])('%s', (_, input, masked) => {
    expect(maskCardKeys(input)).toEqual({ text: masked, count: 1 });
  });

  it.each([
    ['inside Chinese text', '卡密ABCD-EFGH-1234-5678已失效', `卡密ABCD${MASK}78已失效`],
    ['after a label and colon', '卡号：1234567890123456 密码：A1B2C3D4E5F6G7H8J9', `卡号：1234${MASK}56 密码：A1B2${MASK}J9`],
    ['in a URL path, not the host', 'https://kami.example/redeem?code=A1B2C3D4E5F6G7H8', `https://kami.example/redeem?code=A1B2${MASK}H8`],
    ['inside markdown code', '`ABCD-EFGH-1234-5678`', `\`ABCD${MASK}78\``],
    ['several on lines', 'ABCD-EFGH-1234-5678\nWXYZ-2345-6789-ABCD', `ABCD${MASK}78\nWXYZ${MASK}CD`],
  ])('%s', (_, input, masked) => {
    expect(maskCardKeys(input).text).toBe(masked);
  });

  it('counts every key', () => {
    expect(maskCardKeys('A1B2C3D4E5F6G7H8 和 ABCD-EFGH-1234-5678 和 1234567890123456').count).toBe(3);
  });
});

describe('leaves ordinary text alone', () => {
  it.each([
    ['Chinese text', '这家卡盟的话费充值很快到账，客服态度也好，推荐！'],
    ['prices', '¥100 话费只要 ¥98.5，会员 30元/月，总价 1234.56 元'],
    ['dates', '2024-01-15 买的，2024/01/20 到账，2024年1月15日'],
    ['date-time', '2024-01-15 12:30:45'],
    ['phone number', '客服电话 13812345678，座机 010-12345678'],
    ['phone with spaces', '138 1234 5678'],
    ['short codes', '兑换码 AB12CD，验证码 123456，订单 A123456789'],
    ['15-digit number', '订单号 123456789012345'],
    ['URL host with a long label', 'https://a1b2c3d4e5f6g7h8.example/ 和 a1b2c3d4e5f6g7h8.example'],
    ['English prose', 'I paid 1000 yuan 2024 and the shop was very good'],
    ['hyphenated words', 'a well-known-good-shop-name here'],
    ['long English word', 'internationalization'],
    ['camel-case product with a word', 'Windows10Professional'],
    ['run too long to be a key', 'a1'.repeat(20)],
    ['UUID', '550e8400-e29b-41d4-a716-446655440000'],
    ['IPv4', '192.168.100.200'],
    ['version numbers', 'v1.2.3-beta.4 and 10.0.19045'],
    ['already masked', `ABCD${MASK}78`],
    ['empty', ''],
  ])('%s', (_, input) => {
    expect(maskCardKeys(input)).toEqual({ text: input, count: 0 });
  });
});

describe('properties', () => {
  it('masking is idempotent', () => {
    const inputs = [
      'ABCD-EFGH-1234-5678 A1B2C3D4E5F6G7H8 1234567890123456 6222 0212 3456 7890',
      '卡密 QWER-TYUP-ASDF-GHJK，话费 ¥100',
    ];
    for (const input of inputs) {
      const once = maskCardKeys(input).text;
      expect(maskCardKeys(once)).toEqual({ text: once, count: 0 });
    }
  });

  it('never reveals more than 6 characters of a key', () => {
    const key = 'K7Q2-M9X4-P3W8-R6T1';
    const { text } = maskCardKeys(`key ${key}`);
    expect(text).toBe(`key K7Q2${MASK}T1`);
    for (const group of ['M9X4', 'P3W8']) expect(text).not.toContain(group);
  });

  it('maskKey hides the length', () => {
    expect(maskKey('A1B2C3D4E5F6G7H8').length).toBe(maskKey('A1B2C3D4E5F6G7H8J9K0L1').length);
  });
});

// Query understanding (src/server/search/query.ts): a pure module — the platform dictionary is
// data passed in. Tables of how readers ask; properties for hostile input.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildPlatformDictionary, editDistance, understandQuery, cleanQuery, normaliseQueryText, type PlatformEntry } from '../../src/server/search/query.ts';
import { INTENTS, QUESTION_FORMS, intentTriggers } from '../../src/server/search/dictionary.ts';

// Invented platforms; two share the .example suffix on purpose (the "kuaifa.example ranks 星耀" bug).
const entries: PlatformEntry[] = [
  { id: 1, slug: 'xingyao-card', nameZh: '星耀卡盟', nameEn: 'Xingyao Card', aliases: ['星耀', 'XY卡盟'], domains: ['xingyao-card.example', 'xyka.example'] },
  { id: 2, slug: 'kuaifa-ka', nameZh: '快发卡盟', nameEn: 'Kuaifa Ka', aliases: ['快发', '快发卡'], domains: ['kuaifa-ka.example', 'kuaifa.example'] },
  { id: 3, slug: 'xiaolu-kapu', nameZh: '小鹿卡铺', nameEn: 'Xiaolu Kapu', aliases: ['小鹿'], domains: ['xiaolu-kapu.example'] },
  { id: 4, slug: 'haoping-ka', nameZh: '好评卡盟', nameEn: 'Haoping Ka', aliases: ['好评卡', 'HP卡盟'], domains: ['haoping-ka.example'] },
  { id: 5, slug: 'jinniu-kamen', nameZh: '金牛卡门', nameEn: 'Jinniu Kamen', aliases: ['金牛'], domains: ['jinniu-kamen.example'] },
  { id: 6, slug: 'sanjiao-shop', nameZh: '三角商城', nameEn: 'Sanjiao Shop', aliases: [], domains: ['www.sanjiao.com.cn'] },
];
const dict = buildPlatformDictionary(entries);
const read = (q: unknown) => understandQuery(q, dict);
const slugs = (q: string) => read(q).platforms.map((p) => p.slug);

describe('platform mentions', () => {
  it.each([
    ['星耀卡盟靠谱吗', 'xingyao-card', 'name'],
    ['快发 跑路', 'kuaifa-ka', 'alias'],
    ['XY卡盟 客服', 'xingyao-card', 'alias'],
    ['小鹿卡铺是不是骗子', 'xiaolu-kapu', 'name'],
    ['Xingyao Card refund', 'xingyao-card', 'name'],
    ['xingyaocard', 'xingyao-card', 'name'],
    ['xingyao', 'xingyao-card', 'pinyin'],
    ['kuaifaka 跑路', 'kuaifa-ka', 'name'],
    ['kuai fa 跑路', 'kuaifa-ka', 'pinyin'],
    ['星耀卡蒙', 'xingyao-card', 'alias'],
    ['小鹿卡浦', 'xiaolu-kapu', 'alias'],
    ['xing yao', 'xingyao-card', 'pinyin'],
    ['https://www.kuaifa.example/goods?id=1', 'kuaifa-ka', 'domain'],
    ['KUAIFA-KA.EXAMPLE', 'kuaifa-ka', 'domain'],
    ['m.kuaifa-ka.example', 'kuaifa-ka', 'registrable'],
    ['http://shop.sanjiao.com.cn/x', 'sanjiao-shop', 'registrable'],
    ['kuaifa.com 还能用吗', 'kuaifa-ka', 'pinyin'],
  ])('%s names %s (%s)', (q, slug, kind) => {
    const u = read(q);
    expect(u.platforms[0]?.slug).toBe(slug);
    expect(u.platforms[0]?.kind).toBe(kind);
  });

  it('a domain is matched by its host or registrable part, never by the public suffix alone', () => {
    expect(slugs('kuaifa.example')).toEqual(['kuaifa-ka']);
    expect(slugs('nobody.example')).toEqual([]);
    expect(slugs('https://example/')).toEqual([]);
    expect(slugs('sanjiao.com.cn')).toEqual(['sanjiao-shop']);
    expect(slugs('other.com.cn')).toEqual([]);
  });

  it('a short alias must be a word of the query: 快发货 does not name 快发卡盟', () => {
    expect(slugs('哪家卡盟快发货')).toEqual([]);
    expect(slugs('快发 退款')).toEqual(['kuaifa-ka']);
  });

  it('an intent wins over a name stem that is a common word: 刷好评 asks about fake praise', () => {
    expect(read('刷好评').intents).toContain('shill');
    expect(slugs('刷好评')).toEqual([]);
    expect(slugs('好评卡盟 刷单')).toEqual(['haoping-ka']);
  });

  it('traditional characters read as simplified', () => {
    const u = read('金牛卡門還能提現嗎');
    expect(u.platforms.map((p) => p.slug)).toEqual(['jinniu-kamen']);
    expect(u.intents).toEqual(['withdrawal']);
    expect(u.question).toBe(true);
    expect(normaliseQueryText('靠譜嗎 網站')).toBe('靠谱吗 网站');
  });

  it('two platforms named in one query are both answers, in the order typed', () => {
    expect(slugs('星耀 快发 哪个好')).toEqual(['xingyao-card', 'kuaifa-ka']);
  });
});

describe('near misses (typos, homophones) offer "did you mean"', () => {
  it.each([
    ['星瑶卡盟', 'xingyao-card', 'homophone'],
    ['金妞卡门', 'jinniu-kamen', 'homophone'],
    ['好平卡盟', 'haoping-ka', 'homophone'],
    ['快法卡盟 跑路', 'kuaifa-ka', 'homophone'],
    ['小路卡铺', 'xiaolu-kapu', 'homophone'],
    ['星跃卡盟靠谱吗', 'xingyao-card', 'typo'],
    ['xingyoa card', 'xingyao-card', 'typo'],
    ['Jinnui Kamen', 'jinniu-kamen', 'typo'],
  ])('%s → %s (%s)', (q, slug, kind) => {
    const u = read(q);
    expect(u.platforms[0]?.slug).toBe(slug);
    expect(u.platforms[0]?.kind).toBe(kind);
    expect(u.didYouMean?.slug).toBe(slug);
  });

  it('an exact name offers nothing, and unrelated words match no platform', () => {
    expect(read('星耀卡盟').didYouMean).toBeNull();
    for (const q of ['话费 到账', '游戏点卡', 'steam 充值卡', '视频会员']) expect(slugs(q), q).toEqual([]);
  });
});

describe('question forms and intents', () => {
  it.each([
    ['星耀卡盟靠谱吗', ['trust'], []],
    ['快发 跑路', ['exit_scam'], []],
    ['星耀 退款', ['refund'], []],
    ['金牛卡门还能提现吗', ['withdrawal'], []],
    ['快发卡盟还能用吗', ['exit_scam'], []],
    ['跑路', ['exit_scam'], []],
    ['卡密失效怎么办', ['invalid_keys'], []],
    ['买到黑卡', ['black_keys'], []],
    ['is Xingyao Card legit?', ['trust'], []],
    ['Kuaifa Ka exit scam', ['exit_scam'], []],
    ['which platforms ran away', ['exit_scam'], ['which', 'platforms']],
    ['话费 到账', ['arrival'], ['话费']],
  ] as const)('%s → intents %j, words %j', (q, intents, words) => {
    const u = read(q);
    expect([...u.intents].sort()).toEqual([...intents].sort());
    expect(u.words).toEqual(words);
  });

  it('strips how the sentence asks, keeps what it asks about', () => {
    const u = read('请问大家觉得星耀卡盟怎么样呢？');
    expect(u.platforms.map((p) => p.slug)).toEqual(['xingyao-card']);
    expect(u.words).toEqual([]);
    expect(u.question).toBe(true);
  });

  it('keeps the intent words as typed, for exact wording (never the trust words)', () => {
    expect(read('客服不回消息').literal).toEqual(expect.arrayContaining(['客服', '不回消息']));
    expect(read('星耀卡盟靠谱吗').literal).toEqual([]);
  });

  it('the dictionary has zh-CN and English for every intent, and no trigger is also a question form', () => {
    for (const i of INTENTS) {
      expect(i.triggers.some((w) => /\p{Script=Han}/u.test(w)), i.key).toBe(true);
      expect(i.triggers.some((w) => /^[a-z' -]+$/.test(w)), i.key).toBe(true);
    }
    const forms = new Set(QUESTION_FORMS);
    for (const { trigger } of intentTriggers()) expect(forms.has(trigger), trigger).toBe(false);
  });
});

describe('hostile input', () => {
  it('never throws, bounded in size', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: 'grapheme', maxLength: 200 })), (q) => {
      const u = read(q);
      expect(u.query.length).toBeLessThanOrEqual(256 * 2);
      expect(u.words.length).toBeLessThanOrEqual(32);
    }), { numRuns: 200 });
  }, 60_000);

  it.each([
    ['10 kB', 'x'.repeat(10_240)],
    ['10 kB of Chinese', '星'.repeat(10_240)],
    ['lone surrogates', '\uD800星耀\uDC00卡盟\uD83D'],
    ['control characters', '\u0000快发\u0007跑路'],
    ['not a string', 42],
    ['null', null],
  ])('%s', (_l, q) => {
    const u = read(q);
    expect(u.query).not.toMatch(/[\uD800-\uDFFF]/);
    expect(u.query).not.toMatch(/[\u0000-\u001F]/);
  });

  it('lone surrogates are dropped and names around them still match', () => {
    expect(cleanQuery('\uD800快发\uDC00')).toBe('快发');
    expect(slugs('\uD800快发\uDC00 跑路')).toEqual(['kuaifa-ka']);
  });
});

describe('editDistance (optimal string alignment)', () => {
  it.each([
    ['xingyao', 'xingyao', 0], ['xingyoa', 'xingyao', 1], ['xingya', 'xingyao', 1], ['星耀卡蒙', '星耀卡盟', 1], ['abc', 'xyz', 3],
  ] as const)('%s ~ %s = %i', (a, b, d) => expect(editDistance(a, b)).toBe(d));

  it('reads every distance past the budget as budget + 1 (shrunk counterexample)', () => {
    expect(editDistance(' i', 'i! ', 1)).toBe(2);
    expect(editDistance(' i', 'i! ', 3)).toBe(3);
  });
  it('is symmetric and stops past its budget', () => {
    fc.assert(fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
      expect(editDistance(a, b, 20)).toBe(editDistance(b, a, 20));
      expect(editDistance(a, b, 1)).toBeLessThanOrEqual(2);
    }), { numRuns: 200 });
  });
});

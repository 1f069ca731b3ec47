import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  QUERY_MAX_TOKENS,
  segmentForIndex,
  segmentQuery,
  segmentQueryTerms,
  segmentTokens,
} from '../../src/server/search/segment.ts';
import { corpusDocuments, recallCases, searchCorpus } from '../fixtures/search-corpus.ts';

const tokensOf = (text: string): string[] => segmentForIndex(text).split(' ').filter((t) => t !== '');

describe('segmentForIndex', () => {
  it.each([
    ['我的卡密失效了', ['卡密', '失效', '卡密失效']],
    ['话费到账很快', ['话费', '到账']],
    ['买的话费', ['话费']], // Intl.Segmenter cuts 的话|费 here
    ['游戏点卡和视频会员', ['游戏', '点卡', '游戏点卡', '视频', '会员', '视频会员']],
    ['支持一键退款和担保交易', ['一键退款', '退款', '担保交易']],
    ['营业执照、增值电信许可证、ICP备案', ['营业执照', '增值电信', '许可证', 'icp', '备案']],
    ['黑卡 回收卡 盗刷卡 跑路 售后 客服 兑换码', ['黑卡', '回收卡', '盗刷卡', '跑路', '售后', '客服', '兑换码']],
  ])('%j contains %j', (text, expected) => {
    const tokens = tokensOf(text);
    for (const t of expected) expect(tokens).toContain(t);
  });

  it('keeps ASCII words and numbers whole and lowercased', () => {
    expect(tokensOf('SudaCard 的 ABC123 订单 2024 年 99.5 元')).toEqual(
      expect.arrayContaining(['sudacard', 'abc123', '2024', '99', '5']),
    );
  });

  it('keeps a domain whole plus its labels', () => {
    expect(segmentForIndex('kami-shop.example')).toBe('kami-shop.example kami shop example');
  });

  it('reduces a pasted URL to its host (no www, no path, no query)', () => {
    expect(segmentForIndex('https://WWW.Kami-Shop.example/item/1?from=ad#x')).toBe(
      'kami-shop.example kami shop example',
    );
  });

  it('indexes IDNs in both forms and cuts their Unicode labels like text', () => {
    const tokens = tokensOf('https://飞鱼卡铺.example/');
    expect(tokens).toEqual(expect.arrayContaining(['飞鱼卡铺.example', 'example']));
    expect(tokens.some((t) => t.startsWith('xn--'))).toBe(true);
    for (const t of tokensOf('飞鱼卡铺')) expect(tokens).toContain(t);
  });

  it('drops punctuation and keeps document order', () => {
    const tokens = tokensOf('“跑路”！！卡盟，，，退款？？？');
    expect(tokens).toEqual(['跑路', '卡盟', '退款']);
  });

  it('folds full-width letters and digits', () => {
    expect(tokensOf('ＳｕｄａＣａｒｄ　１２３')).toEqual(['sudacard', '123']);
  });

  it('strips invisible characters that would split or glue tokens', () => {
    expect(segmentForIndex('卡\u200B密')).toBe(segmentForIndex('卡密'));
    expect(segmentForIndex('\u202E话费')).toBe(segmentForIndex('话费'));
  });

  it('empty and punctuation-only text gives no tokens', () => {
    expect(segmentForIndex('')).toBe('');
    expect(segmentForIndex(' ，。！？… ')).toBe('');
  });

  it('tokens never contain spaces or punctuation (safe for to_tsvector simple)', () => {
    for (const doc of corpusDocuments().values()) {
      for (const t of tokensOf(doc)) expect(t).toMatch(/^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}.-]*$/u);
    }
  });
});

describe('segmentQuery', () => {
  it('segments exactly like documents (less the compounds its own sub-words cover)', () => {
    for (const q of ['速达卡盟 话费', 'https://www.cloudsail.example/item/1', 'StarKami']) {
      expect(segmentQuery(q)).toEqual(segmentTokens(q));
    }
    // 卡密失效 is indexed as 卡密 失效 卡密失效; the query keeps the covering words only
    expect(segmentTokens('卡密失效')).toEqual(['卡密', '失效', '卡密失效']);
    expect(segmentQuery('卡密失效')).toEqual(['卡密', '失效']);
    for (const q of ['卡密失效', '增值电信业务', '话费到账慢', '星耀卡盟跑路']) {
      const doc = new Set(segmentTokens(q));
      expect(segmentQuery(q).every((tok) => doc.has(tok)), q).toBe(true);
    }
  });

  it('a compound query finds a document that says it in other words (卡密失效 → 卡密一半失效)', () => {
    const doc = new Set(segmentTokens('最后一批卡密一半失效，说好的补发一直没补'));
    expect(segmentQuery('卡密失效').every((tok) => doc.has(tok))).toBe(true);
  });

  it('a pasted URL becomes the host and its labels', () => {
    expect(segmentQuery('https://www.xxx.example/item/1')).toEqual(['xxx.example', 'xxx', 'example']);
  });

  it(`caps tokens at ${QUERY_MAX_TOKENS}`, () => {
    expect(segmentQuery('话费 '.repeat(200)).length).toBe(QUERY_MAX_TOKENS);
  });

  it('caps the input at 256 characters', () => {
    const q = ' '.repeat(254) + '话费到账';
    expect(segmentQuery(q)).not.toContain('到账');
  });

  it.each([
    ['10 kB string', '卡盟'.repeat(5000)],
    ['10 kB single word', 'x'.repeat(10_000)],
    ['emoji', '😀👍🏽👨‍👩‍👧 卡盟'],
    ['SQL metacharacters', "'; DROP TABLE platform; -- & | ! :* <-> ()"],
    ['regex metacharacters', '.*+?^${}()|[]\\/ (a|b)*'],
    ['lone surrogates', '\uD800卡\uDC00密\uD83D'],
    ['control characters', '\u0000\u0001\u001B[31m卡盟'],
    ['only spaces', '     '],
    ['empty', ''],
  ])('never throws on %s', (_, q) => {
    const tokens = segmentQuery(q);
    expect(Array.isArray(tokens)).toBe(true);
    expect(tokens.length).toBeLessThanOrEqual(QUERY_MAX_TOKENS);
    for (const t of tokens) {
      expect(t).not.toMatch(/[\s'";:&|!()<>*\\]/);
      expect(t.isWellFormed()).toBe(true);
    }
  });

  it('returns [] for non-string input', () => {
    expect(segmentQuery(undefined)).toEqual([]);
    expect(segmentQuery(42)).toEqual([]);
    expect(segmentQuery(null)).toEqual([]);
  });

  // Bounded by fast-check's numRuns, not by Vitest's 5 s clock: a loaded machine once timed it out.
  it('any string: no throw, bounded, well-formed tokens without spaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (q) => {
        const tokens = segmentQuery(q);
        expect(tokens.length).toBeLessThanOrEqual(QUERY_MAX_TOKENS);
        for (const t of tokens) {
          expect(t).not.toMatch(/\s/);
          expect(t.isWellFormed()).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  }, 0);

  it('a search query with a cut emoji pair does not produce a lone surrogate', () => {
    const q = 'a'.repeat(255) + '😀';
    for (const t of segmentQuery(q)) expect(t.isWellFormed()).toBe(true);
  });
});

describe('Latin compounds (top-up, top up, TopUp)', () => {
  const spellings = ['top-up', 'top up', 'TopUp', 'topup', 'Top-Up', 'ＴＯＰ－ＵＰ', 'TOP\tUP', 'top\u2010up'];
  /** What fullText does with the terms: every term needs one of its tokens in the document. */
  const matches = (query: string, doc: string): boolean => {
    const tokens = new Set(segmentTokens(doc));
    return segmentQueryTerms(query).every((alternatives) => alternatives.some((t) => tokens.has(t)));
  };

  it.each(spellings)('the query %j finds every spelling, inside Chinese text too', (q) => {
    for (const doc of spellings) {
      expect(matches(q, `话费 ${doc} 到账`), doc).toBe(true);
      expect(matches(q, `话费${doc}到账`), doc).toBe(true);
    }
  });

  it('joins each pair of neighbouring words, after the words themselves', () => {
    expect(segmentTokens('Phone top-up card')).toEqual(['phone', 'top', 'up', 'card', 'phonetop', 'topup', 'upcard']);
    expect(segmentQueryTerms('Phone top-up card')).toEqual([['phone', 'phonetop'], ['top', 'phonetop', 'topup'], ['up', 'topup', 'upcard'], ['card', 'upcard']]);
    expect(matches('phone topup card', 'Phone top-up card')).toBe(true);
    expect(matches('phone top up card', 'phone topup card')).toBe(true);
  });

  it.each([
    ['dates, amounts, versions', '2024-01-05 99.5 元 Windows 10 iPhone 15'],
    ['a line break', 'SudaCard\nForest'],
    ['a spaced dash', 'top - up'],
    ['a host', 'top-up.example'],
    ['a pasted URL', 'https://www.top-up.example/top-up'],
    ['Chinese only', '营业执照、增值电信许可证，卡密失效'],
    ['a letter run next to Han', 'q币 和点卡'],
  ])('no joined token across %s', (_, text) => {
    const joined = segmentTokens(text).filter((t) => /^[a-z0-9]+$/.test(t) && !segmentQuery(text).includes(t));
    expect(joined).toEqual([]);
  });

  // Bounded by fast-check's numRuns, not by Vitest's 5 s clock: a loaded machine once timed it out.
  it('a query term is its word first, then at most two joined forms; never throws, bounded', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.array(fc.constantFrom('top', 'up', '-', ' ', '话费', 'ＴＯＰ', '\n', 'a1', '2024'), { maxLength: 80 }).map((a) => a.join(''))), (q) => {
        const terms = segmentQueryTerms(q);
        expect(terms.map((t) => t[0])).toEqual(segmentQuery(q));
        expect(terms.length).toBeLessThanOrEqual(QUERY_MAX_TOKENS);
        for (const t of terms) {
          expect(t.length).toBeGreaterThanOrEqual(1);
          expect(t.length).toBeLessThanOrEqual(3);
          for (const tok of t) expect(tok).not.toMatch(/\s/);
        }
      }),
      { numRuns: 300 },
    );
    expect(segmentQueryTerms(undefined)).toEqual([]);
    // capped at 256 characters: one over-long word, dropped like in documents
    expect(segmentQueryTerms('x'.repeat(10_000) + ' up')).toEqual([]);
  }, 0);
});

describe('search corpus', () => {
  const docs = corpusDocuments();
  const docTokens = new Map([...docs].map(([id, text]) => [id, new Set(tokensOf(text))]));

  it('has the promised size and only invented .example domains', () => {
    expect(searchCorpus.platforms.length).toBeGreaterThanOrEqual(15);
    expect(searchCorpus.reviews.length).toBeGreaterThanOrEqual(40);
    expect(recallCases.length).toBeGreaterThanOrEqual(35);
    for (const p of searchCorpus.platforms) for (const d of p.domains) expect(d).toMatch(/\.example$/);
    for (const c of recallCases) for (const id of c.expectIds) expect(docs.has(id), id).toBe(true);
    const ids = [...searchCorpus.platforms.map((p) => p.id), ...searchCorpus.reviews.map((r) => r.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });

  describe.each(recallCases.filter((c) => !c.fuzzy).map((c) => [c.query, c] as const))('recall %j', (_, c) => {
    it('every query token appears in each expected document', () => {
      const q = segmentQuery(c.query);
      expect(q.length).toBeGreaterThan(0);
      for (const id of c.expectIds) {
        const missing = q.filter((t) => !docTokens.get(id)!.has(t));
        expect(missing, `${id}: ${docs.get(id)}`).toEqual([]);
      }
    });
  });

  describe.each(recallCases.filter((c) => c.fuzzy).map((c) => [c.query, c] as const))('fuzzy %j', (_, c) => {
    it('is not an exact token match (so it really exercises typo matching)', () => {
      const q = segmentQuery(c.query);
      for (const id of c.expectIds) expect(q.every((t) => docTokens.get(id)!.has(t))).toBe(false);
    });
  });
});

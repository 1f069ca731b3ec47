import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cleanText,
  codePointLength,
  findMixedScriptWords,
  hasLoneSurrogate,
  hasMixedScriptWord,
  normaliseIdentifier,
  skeleton,
  validateText,
} from '../../src/server/content/text.ts';
import { FieldErrors } from '../../src/server/errors.ts';

describe('cleanText', () => {
  it.each([
    ['trims', '  好评  ', '好评'],
    ['CRLF and CR to LF', 'a\r\nb\rc', 'a\nb\nc'],
    ['line/paragraph separators', 'a\u2028b\u2029c', 'a\nb\nc'],
    ['zero-width characters', 'ka\u200Bm\u200Ci\u2060\uFEFF', 'kami'],
    ['bidi controls (Trojan Source)', '\u202Eabc\u202C \u2066x\u2069 \u200E\u200F\u061C', 'abc x'],
    ['C0 and C1 controls but not tab/newline', 'a\u0000b\u0007c\u001Bd\u007Fe\u0085f\u009Fg\th\ni', 'abcde\nfg\th\ni'],
    ['lone high surrogate → U+FFFD', 'a\uD800b', 'a\uFFFDb'],
    ['lone low surrogate → U+FFFD', 'a\uDC00b', 'a\uFFFDb'],
    ['valid astral characters kept', '好评👍𠀀', '好评👍𠀀'],
    ['NFC', 'cafe\u0301', 'café'],
    ['trailing spaces on lines', 'a  \nb\t\nc', 'a\nb\nc'],
    ['at most one blank line', 'a\n\n\n\n\nb', 'a\n\nb'],
    ['ZWJ inside emoji sequences kept', '👨\u200D👩\u200D👧', '👨\u200D👩\u200D👧'],
    ['ZWJ between letters stripped', 'a\u200Db', 'ab'],
  ])('%s', (_, input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it('singleLine collapses every whitespace run', () => {
    expect(cleanText(' 标题\n第二行\t\t尾\u3000巴 ', { singleLine: true })).toBe('标题 第二行 尾 巴');
  });

  it('maxLength counts code points and never splits a pair', () => {
    expect(cleanText('👍👍👍', { maxLength: 2 })).toBe('👍👍');
    expect(cleanText('abc  def', { maxLength: 4 })).toBe('abc');
  });

  it('is idempotent', () => {
    for (const s of ['\u202E a\r\n\r\n\r\nb \u200B', 'a\uD800', ' x \n\n\n y ', '👨\u200D👩\u200D👧 \u200Dz']) {
      const once = cleanText(s);
      expect(cleanText(once)).toBe(once);
      expect(hasLoneSurrogate(once)).toBe(false);
    }
  });
});

describe('validateText', () => {
  it.each([
    ['a\uD800b', { max: 10 }, 'field.invalidUtf8', undefined],
    ['\uDFFF', { max: 10 }, 'field.invalidUtf8', undefined],
    ['a\uFFFDb', { max: 10 }, 'field.invalidUtf8', undefined],
    ['   \u200B ', { max: 10 }, 'field.required', undefined],
    ['   \u200B ', { max: 10, min: 5, emptyIsTooShort: true }, 'field.tooShort', { min: 5 }],
    ['短', { max: 10, min: 5 }, 'field.tooShort', { min: 5 }],
    ['长长长长长长', { max: 5 }, 'field.tooLong', { max: 5 }],
    ['长长长长长长', { max: 5, tooLongKey: 'mod.error.noteTooLong' }, 'mod.error.noteTooLong', { max: 5 }],
    ['x'.repeat(21), { max: 5, required: false }, 'field.tooLong', { max: 5 }],
  ] as const)('%j %j → %s', (input, rule, key, params) => {
    const errors = new FieldErrors();
    expect(validateText(errors, 'f', input, rule)).toBeNull();
    expect(errors.fields).toEqual({ f: key });
    expect(errors.fieldParams['f']).toEqual(params);
  });

  it('returns the cleaned value', () => {
    const errors = new FieldErrors();
    expect(validateText(errors, 'f', ' 👍👍 ', { max: 2 })).toBe('👍👍');
    expect(validateText(errors, 'g', ' a\n\n\n b ', { max: 10, singleLine: true })).toBe('a b');
    expect(validateText(errors, 'h', null, { max: 10, required: false })).toBe('');
    expect(errors.fields).toEqual({});
  });

  it('measures what the clean function returns', () => {
    const errors = new FieldErrors();
    expect(validateText(errors, 'f', 'abcdef', { max: 3, clean: (s) => s.slice(0, 3) })).toBe('abc');
  });

  it('codePointLength counts astral characters once', () => {
    expect(codePointLength('a👍𠀀')).toBe(3);
  });
});

describe('normaliseIdentifier', () => {
  it.each([
    ['  Alice@Example.COM ', 'alice@example.com'],
    ['ＡＬＩＣＥ', 'alice'],
    ['ali\u200Bce', 'alice'],
    ['ｋａｍｉ＿ｆａｎ', 'kami_fan'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseIdentifier(input)).toBe(expected);
  });
});

describe('skeleton and mixed-script words (homoglyph spam)', () => {
  it.each([
    ['kаmi shop', 'Cyrillic а'],
    ['ΚΑΜΙ SHOP', 'Greek capitals'],
    ['ｋａｍｉ　ｓｈｏｐ', 'full-width forms'],
    ['kami\u200B shop', 'zero-width space'],
    ['Kàmí Shop', 'accents'],
    ['кaмі ѕһор', 'mostly Cyrillic'],
  ])('%j has the skeleton of "kami shop" (%s)', (input) => {
    expect(skeleton(input)).toBe('kami shop');
  });

  it('different words keep different skeletons', () => {
    expect(skeleton('kami shop')).not.toBe(skeleton('kami stop'));
    expect(skeleton('靠谱卡盟')).toBe('靠谱卡盟');
  });

  it.each([
    ['pаypal', true], // Cyrillic а inside a Latin word
    ['Kаmi卡盟', true],
    ['sоs 卡盟', true],
    ['αbc', true], // Greek alpha
    ['paypal', false],
    ['Привет мир', false], // all Cyrillic is fine
    ['Ελληνικά', false],
    ['靠谱卡盟 kami shop 2024', false],
    ['Привет hello', false], // two scripts, but in separate words
  ])('hasMixedScriptWord(%j) → %s', (input, expected) => {
    expect(hasMixedScriptWord(input)).toBe(expected);
  });

  it('findMixedScriptWords names the offending words', () => {
    expect(findMixedScriptWords('good shop, bаd shоp')).toEqual(['bаd', 'shоp']);
  });
});

describe('cleanText properties (fast-check)', () => {
  const anyText = fc.string({ unit: 'binary', maxLength: 200 });

  it('is idempotent, well formed and free of controls and invisibles', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const once = cleanText(s);
        expect(cleanText(once)).toBe(once);
        expect(once.isWellFormed()).toBe(true);
        expect(once).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B\u200C\u2060\uFEFF\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/);
        expect(once).toBe(once.trim());
      }),
      { numRuns: 1000 },
    );
  });

  it('singleLine output has no line breaks, maxLength is respected', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 0, max: 50 }), (s, max) => {
        const out = cleanText(s, { singleLine: true, maxLength: max });
        expect(out).not.toMatch(/[\n\r\t]/);
        expect(codePointLength(out)).toBeLessThanOrEqual(max);
      }),
      { numRuns: 1000 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { FACTS, FACT_KEYS, factVerdict, contradictedKeys, refundWindowTrapHours } from '../../src/server/platforms/facts.ts';
import { highlight, cleanQuery } from '../../src/server/search/search.service.ts';
import { zhCN } from '../../src/i18n/zh-CN.ts';
import { en } from '../../src/i18n/en.ts';

describe('the closed fact list', () => {
  it('has unique keys, a dimension each, and a label in both languages', () => {
    expect(new Set(FACT_KEYS).size).toBe(FACTS.length);
    for (const f of FACTS) {
      expect(['service', 'risk']).toContain(f.dimension);
      expect(zhCN).toHaveProperty(`platforms.item.${f.key}`);
      expect(en).toHaveProperty(`platforms.item.${f.key}`);
    }
  });

  it.each([
    ['refund_window_hours', String(refundWindowTrapHours), 'claimed', 'warning'],
    ['refund_window_hours', '24', 'verified', 'warning'],
    ['refund_window_hours', String(refundWindowTrapHours + 1), 'claimed', 'good'],
    ['unconditional_refund', 'yes', 'claimed', 'good'],
    ['unconditional_refund', 'no', 'verified', 'warning'],
    ['unconditional_refund', 'yes', 'contradicted', 'warning'],
    ['known_data_leak', 'yes', 'claimed', 'warning'],
    ['known_data_leak', 'no', 'verified', 'good'],
    ['https', 'yes', 'verified', 'good'],
    ['no_such_fact', 'yes', 'verified', 'neutral'],
  ] as const)('%s = %s (%s) is %s', (key, value, prov, verdict) => {
    expect(factVerdict(key, value, prov)).toBe(verdict);
  });

  it('an accepted refund-refused incident contradicts "unconditional refund"; a data leak contradicts "no leak"', () => {
    expect([...contradictedKeys({ refundRefused: 0, dataLeaks: 0 }).keys()]).toEqual([]);
    expect([...contradictedKeys({ refundRefused: 1, dataLeaks: 2 }).keys()].sort()).toEqual(['known_data_leak', 'unconditional_refund']);
  });
});

describe('search snippets', () => {
  it('escapes HTML and marks every token, longest first', () => {
    expect(highlight('<i>卡密失效</i>，卡密', ['卡密', '卡密失效'])).toBe('&lt;i&gt;<mark>卡密失效</mark>&lt;/i&gt;，<mark>卡密</mark>');
  });
  it('cuts around the first match with ellipses', () => {
    const text = `${'甲'.repeat(100)}话费${'乙'.repeat(300)}`;
    const h = highlight(text, ['话费'], 60);
    expect(h.startsWith('…')).toBe(true);
    expect(h.endsWith('…')).toBe(true);
    expect(h).toContain('<mark>话费</mark>');
  });
  it('matches case-insensitively on the stored text', () => {
    expect(highlight('SudaCard 好用', ['sudacard'])).toBe('<mark>SudaCard</mark> 好用');
  });
  it('cleans any query to a bounded, encodable string', () => {
    expect(cleanQuery('\uD800abc\u0000')).toBe('abc');
    expect(Array.from(cleanQuery('😀'.repeat(1000))).length).toBeLessThanOrEqual(256);
    expect(cleanQuery(42)).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { findingEvidenceLines } from '../../src/server/moderation/finding-evidence.ts';
import { zhCN as zh } from '../../src/i18n/zh-CN.ts';
import { en } from '../../src/i18n/en.ts';

describe('model finding evidence in words', () => {
  it.each([
    ['ring, all signals', 'ring', { sharedFingerprint: 5, nearDuplicateTexts: 4, burst: true, score: 1 }, ['mod.finding.ev.sharedFingerprint', 'mod.finding.ev.nearDuplicate', 'mod.finding.ev.inBurst']],
    ['ring, text only', 'ring', { nearDuplicateTexts: 3, burst: false, score: 0.6 }, ['mod.finding.ev.nearDuplicate']],
    ['burst', 'burst', { fromMs: 1, toMs: 2, reviews: 5 }, ['mod.finding.ev.burstWindow']],
    ['garbage', 'ring', null, []],
    ['unknown kind', 'other', { reviews: 3 }, []],
  ] as const)('%s', (_n, kind, evidence, keys) => {
    expect(findingEvidenceLines(kind, evidence).map((l) => l.key)).toEqual(keys);
  });
  it('a burst line carries its window and count; every key exists in both dictionaries', () => {
    const [line] = findingEvidenceLines('burst', { fromMs: 1000, toMs: 5000, reviews: 7 });
    expect(line).toMatchObject({ params: { n: 7 }, atMs: { from: 1000, to: 5000 } });
    for (const key of ['mod.finding.ev.sharedFingerprint', 'mod.finding.ev.nearDuplicate', 'mod.finding.ev.inBurst', 'mod.finding.ev.burstWindow', 'mod.finding.evidenceRaw']) {
      expect(zh).toHaveProperty([key]);
      expect(en).toHaveProperty([key]);
    }
  });
});

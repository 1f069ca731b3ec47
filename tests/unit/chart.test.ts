// The score-history chart geometry: points → step path, for 0, 1 and many points.
import { describe, expect, it } from 'vitest';
import { DEFAULT_BOX, historyChart, multiHistoryChart, stepPath } from '../../src/server/ranking/chart.ts';

const dayMs = 86_400_000;
const now = Date.UTC(2026, 10, 25);

describe('stepPath', () => {
  it.each([
    { points: [], endX: 100, want: '' },
    { points: [{ x: 10, y: 20 }], endX: 100, want: 'M10 20 H100' },
    { points: [{ x: 100, y: 20 }], endX: 100, want: 'M100 20' },
    { points: [{ x: 10, y: 20 }, { x: 50, y: 30 }, { x: 90, y: 5 }], endX: 100, want: 'M10 20 H50 V30 H90 V5 H100' },
  ])('$want', ({ points, endX, want }) => {
    expect(stepPath(points, endX)).toBe(want);
  });
});

describe('historyChart', () => {
  const plotLeft = DEFAULT_BOX.left;
  const plotRight = DEFAULT_BOX.width - DEFAULT_BOX.right;
  const plotTop = DEFAULT_BOX.top;
  const plotBottom = DEFAULT_BOX.height - DEFAULT_BOX.bottom;

  it('no points: empty paths, axes still labelled', () => {
    const c = historyChart([], now);
    expect(c.scorePath).toBe('');
    expect(c.boundPath).toBe('');
    expect(c.dots).toEqual([]);
    expect(c.yTicks.map((t) => t.label)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('one point: a flat line from it to now', () => {
    const c = historyChart([{ tMs: now - 3 * dayMs, score: 4, lowerBound: 3.5 }], now);
    expect(c.dots).toHaveLength(1);
    expect(c.dots[0]!.x).toBe(plotLeft);
    expect(c.scorePath).toBe(`M${plotLeft} ${c.dots[0]!.y} H${plotRight}`);
  });

  it('one point at now: a dot and a one-day span (no division by zero)', () => {
    const c = historyChart([{ tMs: now, score: 3, lowerBound: 2 }], now);
    expect(c.dots[0]!.x).toBe(plotRight);
    expect(c.scorePath).toBe(`M${plotRight} ${c.dots[0]!.y}`);
    expect(c.endMs - c.startMs).toBe(dayMs);
  });

  it('many points: ordered in time, inside the plot, higher score drawn higher', () => {
    const pts = [
      { tMs: now - 10 * dayMs, score: 3.2, lowerBound: 2.5 },
      { tMs: now - 30 * dayMs, score: 4.5, lowerBound: 4 },
      { tMs: now - 20 * dayMs, score: 1, lowerBound: 0.2 },
    ];
    const c = historyChart(pts, now);
    const xs = c.dots.map((d) => d.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    for (const d of c.dots) {
      expect(d.x).toBeGreaterThanOrEqual(plotLeft);
      expect(d.x).toBeLessThanOrEqual(plotRight);
      expect(d.y).toBeGreaterThanOrEqual(plotTop);
      expect(d.y).toBeLessThanOrEqual(plotBottom);
    }
    expect(c.dots[0]!.y).toBeLessThan(c.dots[2]!.y); // 4.5 above 3.2
    expect(c.dots[1]!.y).toBe(plotBottom); // 1 star at the bottom
    expect(c.scorePath.startsWith(`M${plotLeft} `)).toBe(true);
    expect(c.scorePath.endsWith(`H${plotRight}`)).toBe(true);
    expect(c.scorePath.match(/V/g)).toHaveLength(2);
    // A lower bound below the axis is clamped into the plot, never drawn outside it.
    expect(c.boundPath).not.toMatch(/NaN|Infinity/);
    for (const m of c.boundPath.matchAll(/V([\d.]+)/g)) expect(Number(m[1])).toBeLessThanOrEqual(plotBottom);
  });
});

describe('multiHistoryChart', () => {
  it('puts every series on one time scale; an empty series draws nothing', () => {
    const c = multiHistoryChart(
      [
        { key: 'a', points: [{ tMs: now - 10 * dayMs, score: 4, lowerBound: 3 }] },
        { key: 'b', points: [{ tMs: now - 5 * dayMs, score: 3, lowerBound: 2 }, { tMs: now - 20 * dayMs, score: 2, lowerBound: 1 }] },
        { key: 'c', points: [] },
      ],
      now,
    );
    expect(c.startMs).toBe(now - 20 * dayMs);
    expect(c.series.map((s) => s.key)).toEqual(['a', 'b', 'c']);
    expect(c.series[1]!.path.startsWith(`M${DEFAULT_BOX.left} `)).toBe(true);
    expect(c.series[0]!.path.startsWith(`M${DEFAULT_BOX.left} `)).toBe(false);
    expect(c.series[2]!.path).toBe('');
    expect(c.series[2]!.last).toBeNull();
    expect(c.series[0]!.last!.x).toBe(DEFAULT_BOX.width - DEFAULT_BOX.right);
  });
  it('no series at all: axes only', () => {
    const c = multiHistoryChart([], now);
    expect(c.series).toEqual([]);
    expect(c.endMs - c.startMs).toBe(dayMs);
  });
});

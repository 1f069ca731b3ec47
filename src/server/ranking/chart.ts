// Pure geometry of the score-history chart: snapshots → SVG path data. The component
// (components/ranking/ScoreHistory.astro) only prints what this returns, so the chart is
// server-rendered SVG that needs no JavaScript.
import { dayMs } from '../time.ts';

export interface HistoryPoint {
  tMs: number;
  score: number;
  lowerBound: number;
}

export interface ChartBox {
  width: number;
  height: number;
  /** Space for the y-axis labels on the left and the date labels at the bottom. */
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** Star scale shown on the y axis. */
  yMin: number;
  yMax: number;
}

export const DEFAULT_BOX: Readonly<ChartBox> = Object.freeze({
  width: 640, height: 220, left: 36, right: 12, top: 12, bottom: 28, yMin: 1, yMax: 5,
});

export interface Chart {
  box: ChartBox;
  /** Step path of the score (a score holds until the next snapshot); '' when no points. */
  scorePath: string;
  /** Step path of the lower bound. */
  boundPath: string;
  /** One dot per snapshot. */
  dots: Array<{ x: number; y: number; tMs: number; score: number }>;
  yTicks: Array<{ y: number; label: string }>;
  xTicks: Array<{ x: number; tMs: number }>;
  /** Time span shown (the last snapshot's value is carried to `endMs`). */
  startMs: number;
  endMs: number;
}

const round = (x: number) => Math.round(x * 10) / 10;

/** Scale a time/value pair into the plot area. */
function scaler(box: ChartBox, startMs: number, endMs: number) {
  const plotW = box.width - box.left - box.right;
  const plotH = box.height - box.top - box.bottom;
  const span = Math.max(1, endMs - startMs);
  return {
    x: (tMs: number) => round(box.left + ((tMs - startMs) / span) * plotW),
    y: (v: number) => {
      const c = Math.min(box.yMax, Math.max(box.yMin, v));
      return round(box.top + (1 - (c - box.yMin) / (box.yMax - box.yMin)) * plotH);
    },
  };
}

/**
 * A step path through the points: horizontal to the next time, then vertical to its
 * value, ending with a horizontal run to `endX` (the value holds until now).
 * 0 points → ''; 1 point → a horizontal run (or just a move when it is already at the end).
 */
export function stepPath(points: ReadonlyArray<{ x: number; y: number }>, endX: number): string {
  if (points.length === 0) return '';
  const parts = [`M${points[0]!.x} ${points[0]!.y}`];
  for (let i = 1; i < points.length; i++) {
    const p = points[i]!;
    parts.push(`H${p.x}`, `V${p.y}`);
  }
  const last = points[points.length - 1]!;
  if (endX > last.x) parts.push(`H${endX}`);
  return parts.join(' ');
}

/** Lay out the chart of a platform's history, oldest point first. */
export function historyChart(input: readonly HistoryPoint[], nowMs: number, box: ChartBox = DEFAULT_BOX): Chart {
  const points = [...input].sort((a, b) => a.tMs - b.tMs);
  const endMs = Math.max(nowMs, points.length ? points[points.length - 1]!.tMs : nowMs);
  // With one point (or all at one instant) show the last day so the line has length.
  const firstMs = points.length ? points[0]!.tMs : endMs - dayMs;
  const startMs = firstMs < endMs ? firstMs : endMs - dayMs;
  const s = scaler(box, startMs, endMs);
  const endX = s.x(endMs);
  const dots = points.map((p) => ({ x: s.x(p.tMs), y: s.y(p.score), tMs: p.tMs, score: p.score }));
  const bound = points.map((p) => ({ x: s.x(p.tMs), y: s.y(p.lowerBound) }));
  const yTicks: Chart['yTicks'] = [];
  for (let v = box.yMin; v <= box.yMax; v++) yTicks.push({ y: s.y(v), label: String(v) });
  const xTicks = [{ x: s.x(startMs), tMs: startMs }];
  if (endMs - startMs > dayMs) {
    const midMs = startMs + (endMs - startMs) / 2;
    xTicks.push({ x: s.x(midMs), tMs: midMs });
  }
  xTicks.push({ x: endX, tMs: endMs });
  return { box, scorePath: stepPath(dots, endX), boundPath: stepPath(bound, endX), dots, yTicks, xTicks, startMs, endMs };
}

export interface MultiChart {
  box: ChartBox;
  series: Array<{ key: string; path: string; last: { x: number; y: number } | null }>;
  yTicks: Chart['yTicks'];
  xTicks: Chart['xTicks'];
  startMs: number;
  endMs: number;
}

/** Several platforms' score histories on one shared time and star scale (the /ranking overview). */
export function multiHistoryChart(
  input: ReadonlyArray<{ key: string; points: readonly HistoryPoint[] }>,
  nowMs: number,
  box: ChartBox = DEFAULT_BOX,
): MultiChart {
  let firstMs = Infinity;
  let lastMs = -Infinity;
  for (const s of input) {
    for (const p of s.points) {
      if (p.tMs < firstMs) firstMs = p.tMs;
      if (p.tMs > lastMs) lastMs = p.tMs;
    }
  }
  const endMs = Math.max(nowMs, Number.isFinite(lastMs) ? lastMs : nowMs);
  const startMs = Number.isFinite(firstMs) && firstMs < endMs ? firstMs : endMs - dayMs;
  const s = scaler(box, startMs, endMs);
  const endX = s.x(endMs);
  const series = input.map((ser) => {
    const pts = [...ser.points].sort((a, b) => a.tMs - b.tMs).map((p) => ({ x: s.x(p.tMs), y: s.y(p.score) }));
    const lastPt = pts[pts.length - 1];
    return { key: ser.key, path: stepPath(pts, endX), last: lastPt ? { x: endX, y: lastPt.y } : null };
  });
  const yTicks: Chart['yTicks'] = [];
  for (let v = box.yMin; v <= box.yMax; v++) yTicks.push({ y: s.y(v), label: String(v) });
  const xTicks = [{ x: s.x(startMs), tMs: startMs }, { x: endX, tMs: endMs }];
  return { box, series, yTicks, xTicks, startMs, endMs };
}

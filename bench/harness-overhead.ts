import { medianRatioInterval } from '../src/core/stats/bootstrap';
import { figure, type BenchFigure } from './bench-figure';
import type { LabVsBare } from './lab-vs-bare';

/** The target: the lab adds at most 2 % to p50, and the interval's upper bound stays under 5 %. */
export const overheadTarget = { point: 1.02, upper: 1.05 };

/** One configuration's lab ÷ bare p50 over the repeats of the bench. */
export interface OverheadEstimate {
  configId: string;
  modelId: string;
  /** Each repeat's ratio and its bootstrap 95 % interval (null where a side has no samples). */
  repeats: { ratio: number | null; low: number | null; high: number | null }[];
  /** The median over repeats of the ratio, and of each bound of its interval. */
  ratio: number | null;
  low: number | null;
  high: number | null;
  /** Every repeat's row, for its p50s and notes. */
  rows: LabVsBare[];
}

function median(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (!known.length) return null;
  const mid = known.length >> 1;
  return known.length % 2 ? known[mid] : (known[mid - 1] + known[mid]) / 2;
}

/** Folds the repeats (each a row per configuration, same order) into one estimate per configuration. */
export function combineRepeats(repeats: LabVsBare[][]): OverheadEstimate[] {
  const keys = [...new Set(repeats.flat().map((r) => `${r.configId}\t${r.modelId}`))];
  return keys.map((key) => {
    const rows = repeats.flat().filter((r) => `${r.configId}\t${r.modelId}` === key);
    const each = rows.map((r) => {
      const ratio = r.lab && r.bare && r.bare.p50Ms > 0 ? r.lab.p50Ms / r.bare.p50Ms : null;
      const interval = medianRatioInterval(r.labSamplesMs, r.bareSamplesMs);
      return { ratio, low: interval?.low ?? null, high: interval?.high ?? null };
    });
    return {
      configId: rows[0].configId,
      modelId: rows[0].modelId,
      repeats: each,
      ratio: median(each.map((e) => e.ratio)),
      low: median(each.map((e) => e.low)),
      high: median(each.map((e) => e.high)),
      rows,
    };
  });
}

/** The median of the repeats' p50s on one side (lab or bare), for the sweep and native comparisons. */
export function medianP50(estimate: OverheadEstimate, side: 'lab' | 'bare'): number | null {
  return median(estimate.rows.map((r) => r[side]?.p50Ms ?? null));
}

/**
 * The runtime's own pace, for the sweep's denominator: the faster of the lab's and the bare loop's median
 * p50. Either side can be slowed by where its worker fell in the tab (V8 still optimising the runtime's
 * wasm, docs/timing.md); a slowed bare loop would make the sweep look cheap.
 */
export function runtimePace(estimate: OverheadEstimate): number | null {
  const known = [medianP50(estimate, 'lab'), medianP50(estimate, 'bare')].filter((p) => p !== null);
  return known.length ? Math.min(...known) : null;
}

/** A runtime's start-up in a fresh browser, for the sweep's denominator: the median over every primer. */
export function runtimeStartUp(estimate: OverheadEstimate): number | null {
  return median(estimate.rows.flatMap((r) => r.startUpMs));
}

export function overheadFigure(e: OverheadEstimate): BenchFigure {
  const { point, upper } = overheadTarget;
  const value =
    e.ratio === null
      ? 'no value (see the notes)'
      : `${e.ratio.toFixed(3)} [${e.low?.toFixed(3) ?? '—'}, ${e.high?.toFixed(3) ?? '—'}] (median of ${e.repeats.length})`;
  const met = e.ratio === null || e.high === null ? null : e.ratio <= point && e.high <= upper;
  return figure(`lab ÷ bare p50, ${e.configId} (${e.modelId})`, value, `≤ ${point}, upper ≤ ${upper}`, met);
}

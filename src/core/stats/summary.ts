export interface LatencySummary {
  n: number;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Sample standard deviation (n - 1 denominator); 0 when n < 2. */
  stdDevMs: number;
}

/**
 * Quantile q of an ascending-sorted list, interpolating linearly between the closest ranks
 * (Hyndman–Fan type 7, numpy's default): h = (n - 1)·q, x[⌊h⌋] + (h - ⌊h⌋)·(x[⌊h⌋+1] - x[⌊h⌋]).
 * NaN for an empty list.
 */
export function percentile(sortedAscending: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`percentile: q must be in [0, 1], got ${q}`);
  const n = sortedAscending.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  // Exact ranks return the sample itself, which also avoids 0·Infinity at the top end.
  if (lo === h) return sortedAscending[lo];
  const below = sortedAscending[lo];
  return below + (h - lo) * (sortedAscending[lo + 1] - below);
}

/**
 * Count, extremes, mean, p50/p95/p99 and sample std dev of latency samples. The input is copied, not sorted
 * in place. Throws on non-finite samples: a NaN timing is an upstream bug, not a measurement.
 */
export function summarizeLatency(samplesMs: readonly number[]): LatencySummary {
  const n = samplesMs.length;
  samplesMs.forEach((sample, i) => {
    if (!Number.isFinite(sample)) throw new RangeError(`summarizeLatency: sample ${i} is ${sample}`);
  });
  if (n === 0) {
    return { n: 0, minMs: NaN, meanMs: NaN, p50Ms: NaN, p95Ms: NaN, p99Ms: NaN, maxMs: NaN, stdDevMs: 0 };
  }
  const sorted = [...samplesMs].sort((a, b) => a - b);
  let sum = 0;
  for (const sample of sorted) sum += sample;
  const meanMs = sum / n;
  let squaredDeviations = 0;
  for (const sample of sorted) squaredDeviations += (sample - meanMs) ** 2;
  return {
    n,
    minMs: sorted[0],
    meanMs,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted[n - 1],
    stdDevMs: n < 2 ? 0 : Math.sqrt(squaredDeviations / (n - 1)),
  };
}

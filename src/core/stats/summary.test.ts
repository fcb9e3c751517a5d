import { describe, expect, it } from 'vitest';
import { percentile, summarizeLatency } from './summary';

describe('percentile', () => {
  it('interpolates linearly between closest ranks (type 7)', () => {
    // n = 4. q = 0.5: h = 3 × 0.5 = 1.5 → 2 + 0.5 × (3 - 2) = 2.5.
    // q = 0.95: h = 2.85 → 3 + 0.85 × (4 - 3) = 3.85 (numpy.percentile agrees).
    expect(percentile([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5, 15);
    expect(percentile([1, 2, 3, 4], 0.95)).toBeCloseTo(3.85, 12);
  });

  it('returns the extremes at q = 0 and q = 1', () => {
    expect(percentile([1, 2, 3, 4], 0)).toBe(1);
    expect(percentile([1, 2, 3, 4], 1)).toBe(4);
  });

  it('returns an exact-rank sample unchanged', () => {
    // n = 5, q = 0.25: h = 1 exactly → x[1] = 20.
    expect(percentile([10, 20, 30, 40, 50], 0.25)).toBe(20);
  });

  it('handles a single sample and an empty list', () => {
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('does not produce NaN from an infinite top sample at q = 1', () => {
    expect(percentile([1, Infinity], 1)).toBe(Infinity);
  });

  it('rejects q outside [0, 1]', () => {
    expect(() => percentile([1, 2], 1.5)).toThrow(RangeError);
    expect(() => percentile([1, 2], -0.1)).toThrow(RangeError);
    expect(() => percentile([1, 2], NaN)).toThrow(RangeError);
  });
});

describe('summarizeLatency', () => {
  it('matches a hand-computed case', () => {
    // Sorted: [1, 2, 3, 4, 10], n = 5, mean = 20 / 5 = 4.
    // p50: h = 2 → 3. p95: h = 3.8 → 4 + 0.8 × 6 = 8.8. p99: h = 3.96 → 4 + 0.96 × 6 = 9.76.
    // Deviations -3, -2, -1, 0, 6 → squares sum 9 + 4 + 1 + 0 + 36 = 50; 50 / 4 = 12.5; √12.5 = 3.5355339059.
    const summary = summarizeLatency([4, 1, 3, 2, 10]);
    expect(summary.n).toBe(5);
    expect(summary.minMs).toBe(1);
    expect(summary.maxMs).toBe(10);
    expect(summary.meanMs).toBe(4);
    expect(summary.p50Ms).toBe(3);
    expect(summary.p95Ms).toBeCloseTo(8.8, 12);
    expect(summary.p99Ms).toBeCloseTo(9.76, 12);
    expect(summary.stdDevMs).toBeCloseTo(3.5355339059, 9);
  });

  it('does not mutate its input', () => {
    const samples = [4, 1, 3];
    summarizeLatency(samples);
    expect(samples).toEqual([4, 1, 3]);
  });

  it('sorts numerically, not as strings', () => {
    // Default Array#sort would order [100, 9, 20] as [100, 20, 9].
    const summary = summarizeLatency([100, 9, 20]);
    expect(summary.minMs).toBe(9);
    expect(summary.p50Ms).toBe(20);
  });

  it('gives std dev 0 for one sample', () => {
    expect(summarizeLatency([12.5])).toEqual({
      n: 1,
      minMs: 12.5,
      meanMs: 12.5,
      p50Ms: 12.5,
      p95Ms: 12.5,
      p99Ms: 12.5,
      maxMs: 12.5,
      stdDevMs: 0,
    });
  });

  it('gives std dev 0 for identical samples', () => {
    expect(summarizeLatency([3, 3, 3]).stdDevMs).toBe(0);
  });

  it('returns NaN statistics for no samples', () => {
    const summary = summarizeLatency([]);
    expect(summary.n).toBe(0);
    expect(summary.meanMs).toBeNaN();
    expect(summary.p50Ms).toBeNaN();
    expect(summary.stdDevMs).toBe(0);
  });

  it('rejects non-finite samples', () => {
    expect(() => summarizeLatency([1, NaN])).toThrow(/sample 1 is NaN/);
    expect(() => summarizeLatency([Infinity])).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { medianInterval, medianRatioInterval } from './bootstrap';
import { seededRandom } from './seeded-random';
import { normalSamples } from './synthetic-series.test-fixture';

describe('seededRandom', () => {
  it('repeats for a seed and differs between seeds, inside [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const first = Array.from({ length: 1000 }, a);
    expect(Array.from({ length: 1000 }, b)).toEqual(first);
    expect(seededRandom(43)()).not.toBe(first[0]);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = first.reduce((s, x) => s + x, 0) / first.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});

describe('bootstrap intervals', () => {
  const samples = normalSamples(40, 20, 2, 11);

  it('bracket the median, narrow with more samples, and are reproducible', () => {
    const interval = medianInterval(samples)!;
    const sorted = [...samples].sort((x, y) => x - y);
    const median = (sorted[19] + sorted[20]) / 2;
    expect(interval.low).toBeLessThanOrEqual(median);
    expect(interval.high).toBeGreaterThanOrEqual(median);
    expect(medianInterval(samples)).toEqual(interval);
    const wide = medianInterval(normalSamples(10, 20, 2, 11))!;
    const narrow = medianInterval(normalSamples(400, 20, 2, 11))!;
    expect(narrow.high - narrow.low).toBeLessThan(wide.high - wide.low);
    expect(medianInterval([7, 7, 7])).toEqual({ low: 7, high: 7 });
    expect(medianInterval([7])).toBeNull();
  });

  it('covers the true median about 95 % of the time', () => {
    let covered = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const interval = medianInterval(normalSamples(30, 20, 2, seed), { resamples: 500 })!;
      if (interval.low <= 20 && 20 <= interval.high) covered++;
    }
    // Percentile-bootstrap medians of 30 samples: close to nominal; 200 trials leave ±3 % of noise.
    expect(covered / 200).toBeGreaterThan(0.88);
    expect(covered / 200).toBeLessThanOrEqual(1);
  });

  it('give a ratio interval around the ratio of medians, excluding 1 when the two differ', () => {
    const slower = normalSamples(40, 30, 2, 12);
    const ratio = medianRatioInterval(slower, samples)!;
    expect(ratio.low).toBeGreaterThan(1.3);
    expect(ratio.high).toBeLessThan(1.7);
    const same = medianRatioInterval(normalSamples(40, 20, 2, 13), samples)!;
    expect(same.low).toBeLessThan(1);
    expect(same.high).toBeGreaterThan(1);
    expect(medianRatioInterval([1], samples)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { looksLikeProbabilities, softmax } from './softmax';

describe('softmax', () => {
  it('matches a hand-computed case', () => {
    // Shift by max 3: exp(-2) = 0.1353352832, exp(-1) = 0.3678794412, exp(0) = 1; sum = 1.5032147244.
    // 0.1353352832 / 1.5032147244 = 0.0900305732, 0.3678794412 / 1.5032147244 = 0.2447284711,
    // 1 / 1.5032147244 = 0.6652409558.
    const out = softmax([1, 2, 3]);
    expect(out[0]).toBeCloseTo(0.0900305732, 9);
    expect(out[1]).toBeCloseTo(0.2447284711, 9);
    expect(out[2]).toBeCloseTo(0.6652409558, 9);
  });

  it('is shift invariant and does not overflow on large logits', () => {
    // exp(1003) overflows a double; subtracting the max turns this into softmax([-2, -1, 0]).
    const out = softmax([1001, 1002, 1003]);
    const ref = softmax([1, 2, 3]);
    for (let i = 0; i < 3; i++) expect(out[i]).toBeCloseTo(ref[i], 12);
  });

  it('gives a uniform distribution for equal inputs', () => {
    expect(Array.from(softmax([0, 0]))).toEqual([0.5, 0.5]);
  });

  it('underflows far-below-max entries to 0 and keeps the sum at 1', () => {
    // exp(-1000) underflows to 0, so the result is exactly [1, 0].
    expect(Array.from(softmax([1000, 0]))).toEqual([1, 0]);
  });

  it('returns all NaN when any input is NaN', () => {
    const out = softmax([1, NaN, 3]);
    expect(Array.from(out).every(Number.isNaN)).toBe(true);
    expect(out).toHaveLength(3);
  });

  it('splits the mass over +Infinity entries and treats -Infinity as 0', () => {
    expect(Array.from(softmax([Infinity, 1, Infinity]))).toEqual([0.5, 0, 0.5]);
    // exp(-Inf - 0) = 0, exp(0) = 1.
    expect(Array.from(softmax([-Infinity, 0]))).toEqual([0, 1]);
  });

  it('returns NaN when every input is -Infinity (no limit exists)', () => {
    expect(Array.from(softmax([-Infinity, -Infinity])).every(Number.isNaN)).toBe(true);
  });

  it('returns an empty array for empty input', () => {
    expect(softmax([])).toHaveLength(0);
  });
});

describe('looksLikeProbabilities', () => {
  it('accepts a distribution', () => {
    // 0.2 + 0.3 + 0.5 = 1.
    expect(looksLikeProbabilities([0.2, 0.3, 0.5])).toBe(true);
    expect(looksLikeProbabilities(new Float32Array([0.25, 0.75]))).toBe(true);
  });

  it('rejects a sum off by more than the tolerance', () => {
    // 0.2 + 0.3 + 0.6 = 1.1, |1.1 - 1| = 0.1 > 1e-3.
    expect(looksLikeProbabilities([0.2, 0.3, 0.6])).toBe(false);
  });

  it('honours the tolerance argument', () => {
    // 3 × 0.3333 = 0.9999: off by 1e-4, inside 1e-3 but outside 1e-5.
    expect(looksLikeProbabilities([0.3333, 0.3333, 0.3333])).toBe(true);
    expect(looksLikeProbabilities([0.3333, 0.3333, 0.3333], 1e-5)).toBe(false);
  });

  it('rejects values outside [0, 1] even when the sum is 1', () => {
    // 1.2 + (-0.2) = 1.
    expect(looksLikeProbabilities([1.2, -0.2])).toBe(false);
  });

  it('rejects NaN, infinities and empty input', () => {
    expect(looksLikeProbabilities([0.5, NaN])).toBe(false);
    expect(looksLikeProbabilities([Infinity])).toBe(false);
    expect(looksLikeProbabilities([])).toBe(false);
  });

  it('rejects logits', () => {
    expect(looksLikeProbabilities([2.1, -0.3, 0.7])).toBe(false);
  });
});

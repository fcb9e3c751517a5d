import { describe, expect, it } from 'vitest';
import { kendallTauB, rankBiasedOverlap, topKKendallTau } from './rank-agreement';

describe('kendallTauB', () => {
  it('is 1 for the same order and -1 for the reverse', () => {
    expect(kendallTauB([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(kendallTauB([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
  });

  it('matches a hand-computed case without ties', () => {
    // x = [0.6, 0.2, 0.1], y = [0.5, 0.1, 0.3].
    // Pairs: (0,1) x↓ y↓ C; (0,2) x↓ y↓ C; (1,2) x↓ y↑ D. C - D = 1, n0 = 3: tau = 1/3.
    expect(kendallTauB([0.6, 0.2, 0.1], [0.5, 0.1, 0.3])).toBeCloseTo(1 / 3, 15);
  });

  it('applies the tie correction', () => {
    // x = [1, 2, 2, 3], y = [1, 3, 2, 2].
    // (0,1) C, (0,2) C, (0,3) C, (1,2) tied in x, (1,3) D, (2,3) tied in y.
    // C - D = 3 - 1 = 2; n0 = 6, n1 = 1, n2 = 1: tau_b = 2 / sqrt(5 × 5) = 0.4 (scipy.stats.kendalltau agrees).
    expect(kendallTauB([1, 2, 2, 3], [1, 3, 2, 2])).toBeCloseTo(0.4, 15);
  });

  it('treats equal infinities as a tie', () => {
    // Same as [1, 2, 2] vs [1, 2, 3]: (0,1) C, (0,2) C, (1,2) tied in x.
    // C - D = 2; n0 = 3, n1 = 1, n2 = 0: 2 / sqrt(2 × 3) = 0.8164965809.
    expect(kendallTauB([1, Infinity, Infinity], [1, 2, 3])).toBeCloseTo(2 / Math.sqrt(6), 15);
  });

  it('returns NaN when a side is all ties, n < 2, or a value is NaN', () => {
    expect(kendallTauB([5, 5, 5], [1, 2, 3])).toBeNaN();
    expect(kendallTauB([1, 2, 3], [0, 0, 0])).toBeNaN();
    expect(kendallTauB([1], [1])).toBeNaN();
    expect(kendallTauB([], [])).toBeNaN();
    expect(kendallTauB([1, NaN, 3], [1, 2, 3])).toBeNaN();
  });

  it('throws on a length mismatch, naming both lengths', () => {
    expect(() => kendallTauB([1, 2, 3], [1, 2])).toThrow(/length 3.*length 2/);
  });
});

describe('topKKendallTau', () => {
  it('uses the union of both top-k sets', () => {
    // Reference top-2 = {0, 1}, candidate top-2 = {0, 2}; union {0, 1, 2}.
    // x = [0.6, 0.2, 0.1], y = [0.5, 0.1, 0.3]: tau = 1/3 (see the kendallTauB case above).
    const reference = [0.6, 0.2, 0.1, 0.06, 0.04];
    const candidate = [0.5, 0.1, 0.3, 0.06, 0.04];
    expect(topKKendallTau(reference, candidate, 2)).toBeCloseTo(1 / 3, 15);
  });

  it('ignores disagreement below the top-k', () => {
    // Union of top-2 is {0, 1} on both sides and both order 0 above 1; the swap at 3/4 does not count.
    expect(topKKendallTau([0.5, 0.3, 0.1, 0.06, 0.04], [0.45, 0.35, 0.1, 0.04, 0.06], 2)).toBe(1);
  });

  it('is -1 when the top two swap', () => {
    expect(topKKendallTau([0.7, 0.2, 0.1], [0.2, 0.7, 0.1], 2)).toBe(-1);
  });

  it('is NaN when the candidate has NaN in the compared set', () => {
    // NaN ranks last so the candidate's top-2 is {1, 2}; the union {0, 1, 2} still holds the NaN.
    expect(topKKendallTau([0.7, 0.2, 0.1], [NaN, 0.5, 0.4], 2)).toBeNaN();
  });

  it('throws on a length mismatch', () => {
    expect(() => topKKendallTau([0.5, 0.5], [1], 1)).toThrow(
      /reference has length 2 but candidate has length 1/,
    );
  });
});

describe('rankBiasedOverlap', () => {
  it('is 1 for identical lists and 0 for disjoint ones', () => {
    // Identical: X_d = d, so p^k + ((1-p)/p)·Σ p^d = p^k + (1 - p^k) = 1.
    expect(rankBiasedOverlap([3, 1, 4, 5], [3, 1, 4, 5])).toBeCloseTo(1, 15);
    expect(rankBiasedOverlap([1, 2, 3], [4, 5, 6])).toBe(0);
  });

  it('matches a hand-computed case at p = 0.9', () => {
    // a = [1,2,3], b = [1,3,2]. X_1 = 1, X_2 = |{1,2}∩{1,3}| = 1, X_3 = 3.
    // Σ (X_d/d)·p^d = 1×0.9 + 0.5×0.81 + 1×0.729 = 2.034; × (0.1/0.9) = 0.226.
    // (X_3/3)·p^3 = 0.729. RBO_ext = 0.226 + 0.729 = 0.955.
    expect(rankBiasedOverlap([1, 2, 3], [1, 3, 2])).toBeCloseTo(0.955, 12);
  });

  it('matches a hand-computed case at p = 0.5', () => {
    // a = [1,2], b = [2,3]. X_1 = 0, X_2 = |{1,2}∩{2,3}| = 1.
    // Σ = 0 + 0.5×0.25 = 0.125; × (0.5/0.5) = 0.125. (X_2/2)·p^2 = 0.125. RBO_ext = 0.25.
    expect(rankBiasedOverlap([1, 2], [2, 3], 0.5)).toBeCloseTo(0.25, 15);
  });

  it('weights the top more than the bottom', () => {
    // Swapping ranks 1-2 costs more than swapping ranks 3-4.
    const base = [1, 2, 3, 4];
    expect(rankBiasedOverlap(base, [2, 1, 3, 4])).toBeLessThan(rankBiasedOverlap(base, [1, 2, 4, 3]));
  });

  it('cuts unequal lengths to the shorter list', () => {
    // Compared as [1,2,3] vs [1,3,2]: 0.955 as above.
    expect(rankBiasedOverlap([1, 2, 3, 9, 8], [1, 3, 2])).toBeCloseTo(0.955, 12);
  });

  it('returns NaN for empty input and rejects p outside (0, 1)', () => {
    expect(rankBiasedOverlap([], [])).toBeNaN();
    expect(rankBiasedOverlap([], [1, 2])).toBeNaN();
    expect(() => rankBiasedOverlap([1], [1], 0)).toThrow(RangeError);
    expect(() => rankBiasedOverlap([1], [1], 1)).toThrow(RangeError);
    expect(() => rankBiasedOverlap([1], [1], NaN)).toThrow(RangeError);
  });
});

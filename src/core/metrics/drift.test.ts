import { describe, expect, it } from 'vitest';
import { computeDrift, cosineSimilarity, klDivergence, maxAbsDiff, meanAbsDiff } from './drift';

const reference = [0.7, 0.2, 0.1];
const candidate = [0.6, 0.3, 0.1];

describe('maxAbsDiff / meanAbsDiff', () => {
  it('match a hand-computed case', () => {
    // |0.7-0.6| = 0.1, |0.2-0.3| = 0.1, |0.1-0.1| = 0 → max 0.1, mean 0.2/3 = 0.0666…
    expect(maxAbsDiff(reference, candidate)).toBeCloseTo(0.1, 15);
    expect(meanAbsDiff(reference, candidate)).toBeCloseTo(0.2 / 3, 15);
  });

  it('are 0 for identical input', () => {
    expect(maxAbsDiff([1, -2], [1, -2])).toBe(0);
    expect(meanAbsDiff([1, -2], [1, -2])).toBe(0);
  });

  it('are NaN for empty or non-finite input', () => {
    expect(maxAbsDiff([], [])).toBeNaN();
    expect(meanAbsDiff([], [])).toBeNaN();
    expect(maxAbsDiff([1, 2], [1, NaN])).toBeNaN();
    expect(meanAbsDiff([1, 2], [Infinity, 2])).toBeNaN();
  });

  it('throw on a length mismatch', () => {
    expect(() => maxAbsDiff([1, 2], [1])).toThrow(/length 2.*length 1/);
    expect(() => meanAbsDiff([1], [1, 2])).toThrow(/length 1.*length 2/);
  });
});

describe('cosineSimilarity', () => {
  it('matches a hand-computed case', () => {
    // dot = 0.42 + 0.06 + 0.01 = 0.49; |r|² = 0.54, |c|² = 0.46; 0.49 / sqrt(0.2484) = 0.9831511335.
    expect(cosineSimilarity(reference, candidate)).toBeCloseTo(0.9831511335, 9);
  });

  it('is 1 for parallel, -1 for opposite and 0 for orthogonal vectors', () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBe(1);
    expect(cosineSimilarity([1, 2, 3], [-1, -2, -3])).toBe(-1);
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
  });

  it('is NaN for a zero vector or non-finite input', () => {
    expect(cosineSimilarity([0, 0], [1, 1])).toBeNaN();
    expect(cosineSimilarity([1, 1], [NaN, 1])).toBeNaN();
  });

  it('throws on a length mismatch', () => {
    expect(() => cosineSimilarity([1, 2], [1])).toThrow(Error);
  });
});

describe('klDivergence', () => {
  it('matches a hand-computed case in nats', () => {
    // 0.7·ln(0.7/0.6) + 0.2·ln(0.2/0.3) + 0.1·ln(1)
    //   = 0.7 × 0.1541506798 + 0.2 × (-0.4054651081) = 0.1079054759 - 0.0810930216 = 0.0268124543.
    expect(klDivergence(reference, candidate)).toBeCloseTo(0.0268124543, 9);
  });

  it('is 0 for identical distributions and is asymmetric', () => {
    expect(klDivergence(reference, reference)).toBe(0);
    expect(klDivergence(candidate, reference)).not.toBeCloseTo(klDivergence(reference, candidate), 6);
  });

  it('stays finite when q has zeros where p has mass', () => {
    // Floored: p = [1, 1e-12]/(1+1e-12), q = [1e-12, 1]/(1+1e-12).
    // ≈ 1·ln(1/1e-12) + 1e-12·ln(1e-12) = 12·ln(10) - 2.8e-11 ≈ 27.6310211159.
    expect(klDivergence([1, 0], [0, 1])).toBeCloseTo(12 * Math.log(10), 8);
  });

  it('renormalises inputs that do not sum to 1', () => {
    // [2, 1, 0.5] / 3.5 vs [1.2, 1.8, 0.6] / 3.6, i.e. [4/7, 2/7, 1/7] vs [1/3, 1/2, 1/6].
    // (4/7)·ln(12/7) + (2/7)·ln(4/7) + (1/7)·ln(6/7)
    //   = 0.5714285714 × 0.5389965007 + 0.2857142857 × (-0.5596157879) + 0.1428571429 × (-0.1541506798)
    //   = 0.3079980004 - 0.1598902251 - 0.0220215257 = 0.1260862496.
    expect(klDivergence([2, 1, 0.5], [1.2, 1.8, 0.6])).toBeCloseTo(0.1260862496, 9);
  });

  it('is NaN for non-finite or empty input and throws on a length mismatch', () => {
    expect(klDivergence([0.5, 0.5], [NaN, 0.5])).toBeNaN();
    expect(klDivergence([], [])).toBeNaN();
    expect(() => klDivergence([1], [0.5, 0.5])).toThrow(/length 1.*length 2/);
  });
});

describe('computeDrift', () => {
  it('combines the helpers for probabilities', () => {
    expect(computeDrift(reference, candidate, 'probabilities')).toEqual({
      maxAbsDiff: maxAbsDiff(reference, candidate),
      meanAbsDiff: meanAbsDiff(reference, candidate),
      cosineSimilarity: cosineSimilarity(reference, candidate),
      klDivergence: klDivergence(reference, candidate),
      nonFiniteCount: 0,
    });
  });

  it('applies softmax before KL for logits but keeps raw values for the rest', () => {
    // Candidate = reference + 5: softmax is shift invariant so KL = 0, but every raw diff is 5.
    // Cosine on raw: dot([2,1,0],[7,6,5]) = 20; |r| = √5, |c| = √110 → 20/√550 = 0.8528028654.
    const drift = computeDrift([2, 1, 0], [7, 6, 5], 'logits');
    expect(drift.maxAbsDiff).toBe(5);
    expect(drift.meanAbsDiff).toBe(5);
    expect(drift.cosineSimilarity).toBeCloseTo(0.8528028654, 9);
    expect(drift.klDivergence).toBeCloseTo(0, 12);
    expect(drift.nonFiniteCount).toBe(0);
  });

  it('matches a hand-computed logit KL', () => {
    // softmax([0, 0]) = [0.5, 0.5]; softmax([ln 3, 0]) = [0.75, 0.25].
    // KL = 0.5·ln(0.5/0.75) + 0.5·ln(0.5/0.25) = 0.5 × (-0.4054651081) + 0.5 × 0.6931471806 = 0.1438410362.
    expect(computeDrift([0, 0], [Math.log(3), 0], 'logits').klDivergence).toBeCloseTo(0.1438410362, 9);
  });

  it('reports non-finite candidates and refuses to compare them', () => {
    const drift = computeDrift([0.5, 0.3, 0.2], [0.5, NaN, Infinity], 'probabilities');
    expect(drift.nonFiniteCount).toBe(2);
    expect(drift.maxAbsDiff).toBeNaN();
    expect(drift.meanAbsDiff).toBeNaN();
    expect(drift.cosineSimilarity).toBeNaN();
    expect(drift.klDivergence).toBeNaN();
  });

  it('does not let softmax hide an infinite logit', () => {
    // softmax([Inf, 0]) would be a clean [1, 0]; KL must still be NaN because the raw output is broken.
    const drift = computeDrift([3, 0], [Infinity, 0], 'logits');
    expect(drift.nonFiniteCount).toBe(1);
    expect(drift.klDivergence).toBeNaN();
  });

  it('throws on a length mismatch, naming both lengths', () => {
    expect(() => computeDrift([0.5, 0.5], [1], 'probabilities')).toThrow(
      'reference has length 2 but candidate has length 1',
    );
  });
});

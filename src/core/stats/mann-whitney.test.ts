import { describe, expect, it } from 'vitest';
import { erfc, mannWhitneyU, normalCdf } from './mann-whitney';

describe('erfc', () => {
  // Reference values from Python's math.erfc (glibc), to 1e-12 absolute or better.
  it.each([
    [0, 1],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028513],
    [2, 0.004677734981047266],
    [2.5, 0.000406952017444959],
    [3, 2.209049699858544e-5],
    [-1, 1.8427007929497148],
  ])('erfc(%d)', (x, expected) => {
    expect(Math.abs(erfc(x) - expected)).toBeLessThan(1e-12);
  });

  it('keeps relative precision in the far tail', () => {
    // erfc(5) = 1.5374597944280349e-12, erfc(10) = 2.0884875837625446e-45.
    expect(erfc(5) / 1.5374597944280349e-12).toBeCloseTo(1, 10);
    expect(erfc(10) / 2.0884875837625446e-45).toBeCloseTo(1, 10);
    expect(erfc(30)).toBe(0);
    expect(erfc(-30)).toBe(2);
  });

  it('propagates NaN', () => {
    expect(erfc(NaN)).toBeNaN();
  });
});

describe('normalCdf', () => {
  it('matches standard table values', () => {
    // Φ(0) = 0.5, Φ(1.959963985) = 0.975, Φ(-1) = 0.1586552539.
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 12);
  });
});

describe('mannWhitneyU', () => {
  it('matches the normal approximation for fully separated samples', () => {
    // a = [1..5], b = [6..10]: no a beats any b, so U = 0. mu = 25/2 = 12.5.
    // No ties: var = 5 × 5 × 11 / 12 = 22.916667, sd = 4.7871355.
    // z = -(12.5 - 0.5) / 4.7871355 = -2.5067182; p = erfc(2.5067182 / √2) = 0.0121858.
    // This asserts the normal approximation with continuity (scipy method='asymptotic': 0.012185780355344813),
    // not the exact permutation p ≈ 0.0079 (2/252).
    const result = mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    expect(result.u).toBe(0);
    expect(result.z).toBeCloseTo(-2.5067182, 6);
    expect(result.pValue).toBeCloseTo(0.012185780355344813, 10);
    expect(result.effectSize).toBe(0);
  });

  it('is symmetric when the samples swap', () => {
    // U2 = n1·n2 - U1 = 25; z flips sign, p is the same.
    const result = mannWhitneyU([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]);
    expect(result.u).toBe(25);
    expect(result.z).toBeCloseTo(2.5067182, 6);
    expect(result.pValue).toBeCloseTo(0.012185780355344813, 10);
    expect(result.effectSize).toBe(1);
  });

  it('applies the tie correction in a hand-worked case', () => {
    // a = [1, 2, 2], b = [2, 3].
    // Pairs: a=1 loses to 2 and 3 → 0; each a=2 ties b=2 (0.5) and loses to 3 → 0.5 + 0.5. U = 1.
    // n1·n2 = 6, mu = 3. Pooled [1, 2, 2, 2, 3]: one tie group t = 3 → Σ(t³ - t) = 24.
    // var = (6/12) × (5 + 1 - 24 / (5 × 4)) = 0.5 × 4.8 = 2.4, sd = 1.5491933.
    // z = -(3 - 1 - 0.5) / 1.5491933 = -0.9682458; p = erfc(0.9682458 / √2) = 0.3329216 (scipy agrees).
    const result = mannWhitneyU([1, 2, 2], [2, 3]);
    expect(result.u).toBe(1);
    expect(result.z).toBeCloseTo(-0.9682458, 6);
    expect(result.pValue).toBeCloseTo(0.3329216080655659, 10);
    expect(result.effectSize).toBeCloseTo(1 / 6, 15);
  });

  it('counts U as pairs won plus half ties', () => {
    // a = [3, 5], b = [3, 4]: 3 vs 3 tie 0.5, 3 vs 4 loss, 5 beats 3 and 4 → 0.5 + 2 = 2.5.
    expect(mannWhitneyU([3, 5], [3, 4]).u).toBe(2.5);
  });

  it('gives p = 1 when |U - mu| is within the continuity correction', () => {
    // a = [1, 4], b = [2, 3]: U = 0 + 2 = 2 = mu, so z = 0 and p = 1.
    const result = mannWhitneyU([1, 4], [2, 3]);
    expect(result.u).toBe(2);
    expect(result.z).toBe(0);
    expect(result.pValue).toBe(1);
  });

  it('gives p = 1 when every value is identical', () => {
    // All pairs tie: U = 0.5 × 3 × 2 = 3, variance 0.
    expect(mannWhitneyU([7, 7, 7], [7, 7])).toEqual({ u: 3, z: 0, pValue: 1, effectSize: 0.5 });
  });

  it('returns NaN p for an empty side', () => {
    expect(mannWhitneyU([], [1, 2]).pValue).toBeNaN();
    expect(mannWhitneyU([1, 2], []).pValue).toBeNaN();
  });

  it('rejects NaN samples', () => {
    expect(() => mannWhitneyU([1, NaN], [2])).toThrow(RangeError);
  });

  it('does not mutate its inputs', () => {
    const a = [3, 1, 2];
    const b = [6, 4, 5];
    mannWhitneyU(a, b);
    expect(a).toEqual([3, 1, 2]);
    expect(b).toEqual([6, 4, 5]);
  });
});

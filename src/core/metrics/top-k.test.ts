import { describe, expect, it } from 'vitest';
import { topK, topKOverlap } from './top-k';

describe('topK', () => {
  it('returns the highest scores first', () => {
    // Sorted descending: 0.5 (i=2), 0.3 (i=0), 0.15 (i=3), 0.05 (i=1).
    expect(topK([0.3, 0.05, 0.5, 0.15], 3)).toEqual([
      { index: 2, score: 0.5 },
      { index: 0, score: 0.3 },
      { index: 3, score: 0.15 },
    ]);
  });

  it('breaks ties by the lower index', () => {
    expect(topK([0.2, 0.4, 0.4, 0.4], 2).map((r) => r.index)).toEqual([1, 2]);
  });

  it('ranks NaN last, even below -Infinity', () => {
    // Order: 0.5 (i=1), 0.5 (i=3), 0.2 (i=4), -Inf (i=5), then NaNs by index (i=0, i=2).
    const scores = [NaN, 0.5, NaN, 0.5, 0.2, -Infinity];
    expect(topK(scores, 6).map((r) => r.index)).toEqual([1, 3, 4, 5, 0, 2]);
    expect(topK(scores, 1)[0].index).toBe(1);
  });

  it('keeps index order when every score is NaN', () => {
    expect(topK([NaN, NaN, NaN], 2).map((r) => r.index)).toEqual([0, 1]);
  });

  it('clamps k to [0, length] and floors it', () => {
    expect(topK([1, 2, 3], 10)).toHaveLength(3);
    expect(topK([1, 2, 3], Infinity)).toHaveLength(3);
    expect(topK([1, 2, 3], 0)).toEqual([]);
    expect(topK([1, 2, 3], -2)).toEqual([]);
    expect(topK([1, 2, 3], NaN)).toEqual([]);
    expect(topK([1, 2, 3], 1.9)).toEqual([{ index: 2, score: 3 }]);
    expect(topK([], 5)).toEqual([]);
  });

  it('accepts typed arrays', () => {
    expect(topK(new Float32Array([0.25, 0.75]), 1)).toEqual([{ index: 1, score: 0.75 }]);
  });
});

describe('topKOverlap', () => {
  it('is 1 for the same set in any order', () => {
    expect(topKOverlap([1, 2, 3], [3, 2, 1])).toBe(1);
  });

  it('is 0 for disjoint sets', () => {
    expect(topKOverlap([1, 2, 3], [4, 5, 6])).toBe(0);
  });

  it('divides the shared count by the larger set', () => {
    // {1,2,3} ∩ {2,3,4} = {2,3}: 2 / max(3,3) = 2/3.
    expect(topKOverlap([1, 2, 3], [2, 3, 4])).toBeCloseTo(2 / 3, 15);
    // {1,2} ∩ {1,2,3,4} = {1,2}: 2 / max(2,4) = 0.5.
    expect(topKOverlap([1, 2], [1, 2, 3, 4])).toBe(0.5);
  });

  it('treats 0/0 as 1 and empty-vs-nonempty as 0', () => {
    expect(topKOverlap([], [])).toBe(1);
    // 0 / max(0,1) = 0.
    expect(topKOverlap([], [1])).toBe(0);
  });

  it('counts duplicates once', () => {
    // {1,2} ∩ {1,2} = 2, over max(2,2) = 1.
    expect(topKOverlap([1, 1, 2], [2, 1])).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { isBimodal } from './bimodality';
import { normalSamples } from './synthetic-series.test-fixture';

describe('isBimodal', () => {
  it('flags two regimes, such as before and after a tier-up', () => {
    const series = [...normalSamples(8, 95, 15, 1), ...normalSamples(12, 20, 4, 2)];
    expect(isBimodal(series)).toBe(true);
    expect(isBimodal([10, 10, 10, 10, 10, 20, 20, 20, 20, 20])).toBe(true);
  });

  it('does not flag one normal or uniform mode, whatever the seed', () => {
    for (let seed = 1; seed <= 50; seed++) {
      expect(isBimodal(normalSamples(20, 20, 2, seed)), `seed ${seed}`).toBe(false);
      expect(isBimodal(normalSamples(200, 20, 2, seed)), `seed ${seed}, n 200`).toBe(false);
    }
    expect(isBimodal(Array.from({ length: 100 }, (_, i) => 10 + i / 10))).toBe(false);
  });

  it('does not call a couple of outliers a mode', () => {
    expect(isBimodal([...normalSamples(18, 20, 1, 3), 80, 85])).toBe(false);
  });

  it('needs ten samples, and a constant series is one mode', () => {
    expect(isBimodal([1, 2, 3, 4, 5, 10, 11, 12, 13])).toBeNull();
    expect(isBimodal(Array.from({ length: 10 }, () => 5))).toBe(false);
  });
});

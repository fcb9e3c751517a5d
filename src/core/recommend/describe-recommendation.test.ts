import { describe, expect, it } from 'vitest';
import { describeRecommendation } from './describe-recommendation';

describe('describeRecommendation', () => {
  it('names the pick with its evidence, the runner-up and each faster configuration passed over', () => {
    expect(
      describeRecommendation({
        threshold: 0.99,
        pick: {
          configId: 'tfjs-wasm[threads=2]',
          p50Ms: 40,
          p50IntervalMs: { low: 38, high: 43 },
          top1Agreement: 1,
        },
        runnerUp: {
          configId: 'ort-wasm',
          p50Ms: 42,
          p50IntervalMs: null,
          top1Agreement: 0.995,
          overlaps: false,
        },
        rejected: [
          {
            configId: 'tfjs-webgl',
            p50Ms: 12,
            reason: 'verdict disagrees: a.jpg: max |Δ| 0.3 vs bound 1e-4',
          },
        ],
        reason: null,
      }),
    ).toEqual([
      'Recommendation (fastest configuration that agrees with the reference at >= 99.0 % top-1): tfjs-wasm[threads=2]: p50 40.0 ms [38.0 ms, 43.0 ms], top-1 agreement 100.0 %',
      '  runner-up ort-wasm: p50 42.0 ms, top-1 agreement 99.5 %',
      '  passed over tfjs-webgl (p50 12.0 ms): verdict disagrees: a.jpg: max |Δ| 0.3 vs bound 1e-4',
    ]);
  });

  it('says why there is none', () => {
    expect(
      describeRecommendation({
        threshold: 0.99,
        pick: null,
        runnerUp: null,
        rejected: [],
        reason: 'no configuration was measured',
      }),
    ).toEqual([
      'Recommendation (fastest configuration that agrees with the reference at >= 99.0 % top-1): none: no configuration was measured',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { compareDevices } from './compare-devices';
import { validRunResult } from './result-schema.test-fixture';

describe('compareDevices', () => {
  it('counts label flips on identical inputs and the latency ratio per configuration', () => {
    const a = validRunResult();
    const b = validRunResult();
    b.images[0].outcomes[0].top5[0] = { index: 391, label: 'coho', score: 13 };
    b.configs[0].warm!.p50Ms = 22;
    const result = compareDevices([a], [b]);
    expect(result.configs.find((c) => c.configId === 'ort-wasm')).toEqual({
      configId: 'ort-wasm',
      comparedImages: 1,
      flips: 1,
      latencyRatio: 2,
    });
    expect(result.flips).toEqual([
      { configId: 'ort-wasm', image: 'n01440764_tench.JPEG', labelA: 'tench', labelB: 'coho' },
    ]);
    // The failed configuration classified nothing: nothing to compare, no ratio.
    expect(result.configs.find((c) => c.configId === 'tfjs-webgl')).toEqual({
      configId: 'tfjs-webgl',
      comparedImages: 0,
      flips: 0,
      latencyRatio: null,
    });
  });

  it('ignores images whose inputs differ between the devices', () => {
    const a = validRunResult();
    const b = validRunResult();
    b.images[0].inputSha256 = 'f'.repeat(64);
    b.images[0].outcomes[0].top5[0] = { index: 391, label: 'coho', score: 13 };
    expect(compareDevices([a], [b]).flips).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { estimateRunMs } from './estimate-run';

describe('estimateRunMs', () => {
  const size = { images: 4, warmupRuns: 2, timedRuns: 3 };

  it('puts the quick first run (two wasm configurations, few runs) under 30 s', () => {
    expect(estimateRunMs({ configIds: ['tfjs-wasm', 'ort-wasm'] }, size)).toBeLessThan(30_000);
  });

  it('grows with the configurations, and the runs', () => {
    const quick = estimateRunMs({ configIds: ['tfjs-wasm'] }, size);
    expect(estimateRunMs({ configIds: ['tfjs-wasm', 'tfjs-cpu'] }, size)).toBeGreaterThan(quick);
    expect(estimateRunMs({ configIds: ['tfjs-wasm'] }, { ...size, timedRuns: 20 })).toBeGreaterThan(quick);
  });
});

import { describe, expect, it } from 'vitest';
import {
  aggregateKernels,
  compareProfiles,
  configProfileSchema,
  mergeProfiles,
  opShare,
  unprofiled,
} from './op-profile';

describe('aggregateKernels', () => {
  it('sums kernels per op type, averages per inference, sorts slowest first, and says how much of the time they cover', () => {
    const kernels = [
      { op: 'Conv', ms: 3 },
      { op: 'Relu', ms: 0.5 },
      { op: 'Conv', ms: 5 },
      { op: 'Conv', ms: 3 },
      { op: 'Relu', ms: 0.5 },
      { op: 'Conv', ms: 5 },
    ];
    const profile = aggregateKernels(kernels, 2, 10, 'tf.profile');
    expect(profile.ops).toEqual([
      { op: 'Conv', ms: 8, count: 2 },
      { op: 'Relu', ms: 0.5, count: 1 },
    ]);
    expect(profile.opsMs).toBe(8.5);
    expect(profile.coverage).toBeCloseTo(0.85);
    expect(configProfileSchema.parse(profile)).toEqual(profile);
  });

  it('has no coverage without a wall time, and states why a configuration is not broken down', () => {
    expect(aggregateKernels([], 0, 0, 'x').coverage).toBeNull();
    const none = unprofiled('the wasm build writes its profile where the page cannot read it', 3, 12);
    expect(none).toMatchObject({ ops: [], opsMs: 0, coverage: null, totalMs: 12 });
    expect(configProfileSchema.parse(none).unavailable).toMatch(/cannot read/);
  });
});

describe('compareProfiles', () => {
  it('gives each leading op its share on both configurations', () => {
    const webgl = aggregateKernels(
      [
        { op: 'Conv', ms: 61 },
        { op: 'Add', ms: 39 },
      ],
      1,
      100,
      'a',
    );
    const wasm = aggregateKernels(
      [
        { op: 'Conv', ms: 12 },
        { op: 'Softmax', ms: 88 },
      ],
      1,
      100,
      'b',
    );
    expect(opShare(webgl, 'Softmax')).toBe(0);
    expect(
      compareProfiles({ configId: 'ort-webgl', profile: webgl }, { configId: 'ort-wasm', profile: wasm }, 2),
    ).toEqual([
      'Softmax takes 0 % on ort-webgl, 88 % on ort-wasm',
      'Conv takes 61 % on ort-webgl, 12 % on ort-wasm',
    ]);
  });
});

describe('mergeProfiles', () => {
  it('weights passes by their runs, and leaves out passes that could not break the time down', () => {
    const one = aggregateKernels([{ op: 'Conv', ms: 4 }], 1, 5, 'timestamps');
    const two = aggregateKernels(
      [
        { op: 'Conv', ms: 2 },
        { op: 'Conv', ms: 2 },
        { op: 'Add', ms: 2 },
      ],
      2,
      4,
      'timestamps',
    );
    const merged = mergeProfiles([one, unprofiled('no timestamps in this pass', 1, 9), two]);
    expect(merged.runs).toBe(3);
    expect(merged.totalMs).toBeCloseTo((5 + 2 * 4) / 3);
    expect(merged.ops).toEqual([
      { op: 'Conv', ms: expect.closeTo((4 + 2 * 2) / 3, 9) as number, count: expect.closeTo(1, 9) as number },
      { op: 'Add', ms: expect.closeTo(2 / 3, 9) as number, count: expect.closeTo(1 / 3, 9) as number },
    ]);
    expect(merged.coverage).toBeCloseTo(merged.opsMs / merged.totalMs);
  });

  it('keeps the reason when no pass could break the time down', () => {
    const merged = mergeProfiles([unprofiled('no profiler', 1, 2), unprofiled('no profiler', 1, 4)]);
    expect(merged).toMatchObject({ unavailable: 'no profiler', runs: 2, totalMs: 3, ops: [] });
    expect(mergeProfiles([]).unavailable).toBe('no profiling pass ran');
  });
});

import { describe, expect, it } from 'vitest';
import { describeProfiles } from './describe-profiles';
import { aggregateKernels, unprofiled } from './op-profile';

describe('describeProfiles', () => {
  it('says what each configuration accounts for, or why not, and compares the first two broken down', () => {
    const lines = describeProfiles({
      'tfjs-webgl': aggregateKernels(
        [
          { op: 'Conv2D', ms: 6.1 },
          { op: 'Add', ms: 3.9 },
        ],
        1,
        11,
        'tf.profile (webgl)',
      ),
      'ort-wasm': unprofiled('no profile from the wasm build', 10, 4),
      'tfjs-wasm': aggregateKernels(
        [
          { op: 'Conv2D', ms: 1.2 },
          { op: 'Relu', ms: 8.8 },
        ],
        1,
        10,
        'tf.profile (wasm)',
      ),
    });
    expect(lines).toEqual([
      '',
      'Profile (time per op, one inference, from a pass after the timed runs):',
      '  tfjs-webgl: ops 10.00 of 11.00 ms (91 %), tf.profile (webgl); Conv2D 61 %, Add 39 %',
      '  ort-wasm: not broken down (4.0 ms per inference): no profile from the wasm build',
      '  tfjs-wasm: ops 10.00 of 10.00 ms (100 %), tf.profile (wasm); Relu 88 %, Conv2D 12 %',
      '  Relu takes 0 % on tfjs-webgl, 88 % on tfjs-wasm',
      '  Conv2D takes 61 % on tfjs-webgl, 12 % on tfjs-wasm',
      '  Add takes 39 % on tfjs-webgl, 0 % on tfjs-wasm',
    ]);
    expect(describeProfiles({})).toEqual([]);
  });
});

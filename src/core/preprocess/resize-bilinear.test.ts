import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { resizeBilinear } from './resize-bilinear';

beforeAll(async () => {
  tf.env().set('IS_TEST', true); // silences the "install tfjs-node" banner
  await tf.setBackend('cpu');
});

/** Deterministic pseudo-random HWC data in 0..255 (a small LCG, so the test is reproducible). */
function randomImage(h: number, w: number, c: number, seed: number): Float32Array {
  const out = new Float32Array(h * w * c);
  let state = seed;
  for (let i = 0; i < out.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out[i] = (state / 2147483648) * 255;
  }
  return out;
}

function tfResize(
  src: Float32Array,
  [h, w, c]: [number, number, number],
  size: [number, number],
  alignCorners: boolean,
  halfPixelCenters: boolean,
): Float32Array {
  return tf.tidy(() =>
    tf.image.resizeBilinear(tf.tensor3d(src, [h, w, c]), size, alignCorners, halfPixelCenters).dataSync(),
  ) as Float32Array;
}

const conventions = [
  { name: 'default', alignCorners: false, halfPixelCenters: false },
  { name: 'alignCorners', alignCorners: true, halfPixelCenters: false },
  { name: 'halfPixelCenters', alignCorners: false, halfPixelCenters: true },
];

const cases: { src: [number, number, number]; dst: [number, number] }[] = [
  { src: [4, 6, 3], dst: [9, 13] }, // up, odd target
  { src: [37, 23, 3], dst: [11, 7] }, // down, odd sizes
  { src: [17, 31, 3], dst: [17, 31] }, // same size
  { src: [5, 40, 3], dst: [25, 8] }, // up in one axis, down in the other
  { src: [1, 1, 3], dst: [3, 2] }, // single pixel source
  { src: [8, 9, 3], dst: [1, 1] }, // single pixel target
  { src: [6, 7, 1], dst: [10, 3] }, // one channel
  { src: [224, 300, 3], dst: [224, 224] }, // realistic
];

describe('resizeBilinear matches tf.image.resizeBilinear (cpu backend)', () => {
  for (const convention of conventions) {
    for (const { src, dst } of cases) {
      it(`${convention.name}: ${src.join('x')} -> ${dst.join('x')}`, () => {
        const input = randomImage(...src, src[0] * 1000 + src[1]);
        const expected = tfResize(input, src, dst, convention.alignCorners, convention.halfPixelCenters);
        const actual = resizeBilinear(input, ...src, ...dst, convention);
        expect(actual.length).toBe(expected.length);
        let maxDiff = 0;
        for (let i = 0; i < actual.length; i++)
          maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
        expect(maxDiff).toBeLessThanOrEqual(1e-5);
        // Same formula and evaluation order as the kernel: the floats should in fact be identical.
        expect(Array.from(actual)).toEqual(Array.from(expected));
      });
    }
  }
});

describe('resizeBilinear', () => {
  it('interpolates a 2x2 image by hand (alignCorners)', () => {
    const src = Float32Array.of(0, 10, 20, 30); // [[0, 10], [20, 30]], one channel
    const out = resizeBilinear(src, 2, 2, 1, 3, 3, { alignCorners: true, halfPixelCenters: false });
    expect(Array.from(out)).toEqual([0, 5, 10, 10, 15, 20, 20, 25, 30]);
  });

  it('refuses alignCorners together with halfPixelCenters, as TF does', () => {
    const src = new Float32Array(12);
    expect(() => resizeBilinear(src, 2, 2, 3, 4, 4, { alignCorners: true, halfPixelCenters: true })).toThrow(
      /cannot both be true/,
    );
  });

  it('checks sizes', () => {
    const opts = { alignCorners: false, halfPixelCenters: false };
    expect(() => resizeBilinear(new Float32Array(11), 2, 2, 3, 4, 4, opts)).toThrow(/11 values/);
    expect(() => resizeBilinear(new Float32Array(12), 2, 2, 3, 0, 4, opts)).toThrow(/dstH/);
    expect(() => resizeBilinear(new Float32Array(12), 2, 2, 3, 4, 2.5, opts)).toThrow(/dstW/);
  });
});

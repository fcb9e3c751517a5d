import fs from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// Tensor methods such as toFloat()/div() (the @tensorflow/tfjs bundle that nsfwjs uses registers these).
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireData, sharedPath } from '../../../test-support/test-data';
import { preprocessSpecSchema } from '../model-manifest';
import type { PreprocessSpecInput } from '../model-manifest';
import { decodeImage } from './decode-image';
import type { RgbImage } from './decode-image';
import { sha256Hex } from './sha256';
import { toInputTensor } from './to-input-tensor';

beforeAll(async () => {
  tf.env().set('IS_TEST', true); // silences the "install tfjs-node" banner
  await tf.setBackend('cpu');
});

const tench = sharedPath('data/imagenet-samples/n01440764_tench.JPEG');

const spec = (input: PreprocessSpecInput) => preprocessSpecSchema.parse(input);

/** Deterministic pseudo-random RGB image. */
function syntheticImage(width: number, height: number, seed = 1): RgbImage {
  const data = new Uint8Array(width * height * 3);
  let state = seed;
  for (let i = 0; i < data.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    data[i] = state >>> 23;
  }
  return { width, height, data };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

// 2x2 image whose values / 255 are round numbers: (1, 0, .2) (0, 1, .4) / (.2, .4, .6) (.8, .6, 1).
const tiny: RgbImage = {
  width: 2,
  height: 2,
  data: Uint8Array.of(255, 0, 51, 0, 255, 102, 51, 102, 153, 204, 153, 255),
};
const tinySpec = {
  size: [2, 2] as [number, number],
  resize: 'stretch' as const,
  mean: [0.5, 0.4, 0.2] as [number, number, number],
  std: [0.5, 0.2, 0.4] as [number, number, number],
};

describe('toInputTensor: hand-computed 2x2', () => {
  // R: (x - .5) / .5 = 1, -1, -.6, .6; G: (x - .4) / .2 = -2, 3, 0, 1; B: (x - .2) / .4 = 0, .5, 1, 2.
  it('NHWC', () => {
    const out = toInputTensor(tiny, spec({ ...tinySpec, layout: 'NHWC' }));
    expect(out.shape).toEqual([1, 2, 2, 3]);
    const expected = [1, -2, 0, -1, 3, 0.5, -0.6, 0, 1, 0.6, 1, 2];
    expect(maxDiff(out.data, expected)).toBeLessThan(1e-6);
  });

  it('NCHW', () => {
    const out = toInputTensor(tiny, spec({ ...tinySpec, layout: 'NCHW' }));
    expect(out.shape).toEqual([1, 3, 2, 2]);
    const expected = [1, -1, -0.6, 0.6, -2, 3, 0, 1, 0, 0.5, 1, 2];
    expect(maxDiff(out.data, expected)).toBeLessThan(1e-6);
  });

  it('BGR swaps R and B before mean/std, which are given in model channel order', () => {
    // Channel 0 is now B: (B - .5) / .5 = -.6, -.2, .2, 1; channel 2 is R: (R - .2) / .4 = 2, -.5, 0, 1.5.
    const out = toInputTensor(tiny, spec({ ...tinySpec, layout: 'NCHW', channelOrder: 'BGR' }));
    const expected = [-0.6, -0.2, 0.2, 1, -2, 3, 0, 1, 2, -0.5, 0, 1.5];
    expect(maxDiff(out.data, expected)).toBeLessThan(1e-6);
  });

  it('defaults give x / 255, rounded once to float32', () => {
    const out = toInputTensor(tiny, spec({ size: [2, 2], resize: 'stretch', layout: 'NHWC' }));
    expect(Array.from(out.data)).toEqual(Array.from(tiny.data, (v) => Math.fround(v / 255)));
  });
});

describe('toInputTensor matches TF.js pipelines', () => {
  it('Darknet / nsfwjs: RGB / 255 of the whole image, bilinear with alignCorners', () => {
    const image = syntheticImage(50, 37);
    const out = toInputTensor(
      image,
      spec({ size: [31, 45], resize: 'stretch', alignCorners: true, layout: 'NHWC' }),
    );
    expect(out.shape).toEqual([1, 31, 45, 3]);
    const expected = tf.tidy(() => {
      // Exactly the nsfwjs expression.
      const img = tf.tensor3d(image.data, [37, 50, 3], 'int32');
      return tf.image.resizeBilinear(img.toFloat().div<tf.Tensor3D>(255), [31, 45], true).dataSync();
    });
    expect(maxDiff(out.data, expected)).toBeLessThanOrEqual(1e-6);
  });

  it.skipIf(!requireData(tench, 'a shared ImageNet sample'))(
    'Darknet / nsfwjs on a real photo at 224x224',
    async () => {
      const image = await decodeImage(new Uint8Array(fs.readFileSync(tench)), 'tench');
      const out = toInputTensor(
        image,
        spec({ size: [224, 224], resize: 'stretch', alignCorners: true, layout: 'NHWC' }),
      );
      const expected = tf.tidy(() => {
        const img = tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
        return tf.image.resizeBilinear(img.toFloat().div<tf.Tensor3D>(255), [224, 224], true).dataSync();
      });
      expect(maxDiff(out.data, expected)).toBeLessThanOrEqual(1e-6);
    },
  );

  for (const [width, height] of [
    [60, 40],
    [41, 70],
  ]) {
    it(`shorter-side-crop, halfPixelCenters, ImageNet mean/std, NCHW (${width}x${height})`, () => {
      const image = syntheticImage(width, height, width);
      const mean: [number, number, number] = [0.485, 0.456, 0.406];
      const std: [number, number, number] = [0.229, 0.224, 0.225];
      const s = spec({
        size: [28, 28],
        resize: 'shorter-side-crop',
        resizeShorterTo: 32,
        halfPixelCenters: true,
        mean,
        std,
        layout: 'NCHW',
      });
      const out = toInputTensor(image, s);
      expect(out.shape).toEqual([1, 3, 28, 28]);
      const midH = height < width ? 32 : Math.round((height * 32) / width);
      const midW = width <= height ? 32 : Math.round((width * 32) / height);
      const expected = tf.tidy(() => {
        const img = tf.tensor3d(image.data, [height, width, 3], 'int32').toFloat();
        const resized = tf.image.resizeBilinear(img, [midH, midW], false, true);
        const top = Math.floor((midH - 28) / 2);
        const left = Math.floor((midW - 28) / 2);
        const cropped = resized.slice([top, left, 0], [28, 28, 3]);
        return cropped.div(255).sub(tf.tensor1d(mean)).div(tf.tensor1d(std)).transpose([2, 0, 1]).dataSync();
      });
      expect(maxDiff(out.data, expected)).toBeLessThan(1e-5);
    });
  }
});

describe('toInputTensor: determinism', () => {
  const image = syntheticImage(97, 61, 7);
  const darknet = spec({ size: [64, 64], resize: 'stretch', alignCorners: true, layout: 'NHWC' });
  const imagenet = spec({
    size: [32, 32],
    resize: 'shorter-side-crop',
    resizeShorterTo: 37,
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
    layout: 'NCHW',
    channelOrder: 'BGR',
  });

  it('gives the same bytes on repeated runs', async () => {
    for (const s of [darknet, imagenet]) {
      const first = await sha256Hex(toInputTensor(image, s).data);
      const second = await sha256Hex(toInputTensor({ ...image, data: new Uint8Array(image.data) }, s).data);
      expect(second).toBe(first);
    }
  });

  it('gives pinned bytes (change these only for a deliberate change of the algorithm)', async () => {
    expect(await sha256Hex(toInputTensor(image, darknet).data)).toBe(
      'c56c26bc7b16761569f2d8d8c8beb52a9a67b8e5aa7e32b77bd694ad40573da9',
    );
    expect(await sha256Hex(toInputTensor(image, imagenet).data)).toBe(
      'a8e9327676bbffa4a2276552df654b89576eaaafd0fbd5ca9e4f39f909608408',
    );
  });
});

describe('toInputTensor: uint8 raw pixels (quantized TFLite models)', () => {
  it('feeds the pixels as bytes, untouched by scale, in NHWC', () => {
    const out = toInputTensor(
      tiny,
      spec({ size: [2, 2], resize: 'stretch', layout: 'NHWC', inputDtype: 'uint8' }),
    );
    expect(out.dtype).toBe('uint8');
    expect(out.shape).toEqual([1, 2, 2, 3]);
    expect(out.data).toEqual(tiny.data);
  });

  it('rounds bilinear blends half up: 0 and 255 halfway give 128', () => {
    const twoPixels: RgbImage = { width: 2, height: 1, data: Uint8Array.of(0, 0, 0, 255, 255, 255) };
    // Downscaling 2 → 1 without half-pixel centres samples x = 0; with them, x = 0.5 (the blend).
    const out = toInputTensor(
      twoPixels,
      spec({ size: [1, 1], resize: 'stretch', halfPixelCenters: true, layout: 'NHWC', inputDtype: 'uint8' }),
    );
    expect([...out.data]).toEqual([128, 128, 128]);
  });

  it('equals the float path rounded, for a real photo through the TF-slim central crop', async () => {
    const image = await decodeImage(new Uint8Array(fs.readFileSync(tench)), 'tench');
    const common = {
      size: [224, 224] as [number, number],
      resize: 'central-crop' as const,
      centralFraction: 0.875,
    };
    const bytes = toInputTensor(image, spec({ ...common, layout: 'NHWC', inputDtype: 'uint8' }));
    const floats = toInputTensor(image, spec({ ...common, layout: 'NHWC', scale: 1 }));
    expect(bytes.data).toEqual(Uint8Array.from(floats.data, Math.round));
  });
});

describe('toInputTensor: central-crop', () => {
  it('crops the central fraction first, then resizes: a 4x4 image at 0.5 is its middle 2x2', () => {
    const data = Uint8Array.from({ length: 4 * 4 * 3 }, (_, i) => i);
    const out = toInputTensor(
      { width: 4, height: 4, data },
      spec({
        size: [2, 2],
        resize: 'central-crop',
        centralFraction: 0.5,
        layout: 'NHWC',
        inputDtype: 'uint8',
      }),
    );
    const middle = [5, 6, 9, 10].flatMap((p) => [p * 3, p * 3 + 1, p * 3 + 2]);
    expect([...out.data]).toEqual(middle);
  });

  it('needs centralFraction', () => {
    const s = spec({ size: [2, 2], resize: 'central-crop', layout: 'NHWC' });
    expect(() => toInputTensor(tiny, s)).toThrow(/needs centralFraction/);
  });
});

describe('toInputTensor: errors', () => {
  it('needs resizeShorterTo for shorter-side-crop', () => {
    const s = spec({ size: [2, 2], resize: 'shorter-side-crop', layout: 'NHWC' });
    expect(() => toInputTensor(tiny, s)).toThrow(/needs resizeShorterTo/);
  });

  it('refuses a crop larger than the resized image', () => {
    const s = spec({ size: [40, 40], resize: 'shorter-side-crop', resizeShorterTo: 32, layout: 'NHWC' });
    expect(() => toInputTensor(syntheticImage(50, 50), s)).toThrow(
      /crop 40x40 is larger than the resized image 32x32/,
    );
  });

  it('refuses pixel data of the wrong length', () => {
    const s = spec({ size: [2, 2], resize: 'stretch', layout: 'NHWC' });
    expect(() => toInputTensor({ width: 2, height: 2, data: new Uint8Array(11) }, s)).toThrow(/11 bytes/);
  });

  it('refuses alignCorners with halfPixelCenters', () => {
    const s = spec({
      size: [2, 2],
      resize: 'stretch',
      alignCorners: true,
      halfPixelCenters: true,
      layout: 'NHWC',
    });
    expect(() => toInputTensor(tiny, s)).toThrow(/cannot both be true/);
  });
});

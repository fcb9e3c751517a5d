import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { OnnxRunner, predictTfjs, savedModel, useTfjsBackend } from '../../../node-reference/node-runtimes';
import { convertLayersModel } from './convert-layers-model';

/** Deterministic pseudo-random values in [-1, 1). */
export function randomInput(size: number, seed = 1): Float32Array {
  let s = seed;
  return Float32Array.from({ length: size }, () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 30 - 1);
}

async function maxDiff(layers: tfl.layers.Layer[], inputShape: number[]): Promise<number> {
  const model = tfl.sequential({ layers });
  // Non-trivial BatchNormalization statistics, so epsilon and the moving values all matter.
  for (const layer of model.layers) {
    if (layer.getClassName() === 'BatchNormalization') {
      layer.setWeights(
        layer
          .getWeights()
          .map((w, i) => tf.add(tf.abs(tf.tensor(randomInput(w.size, 7 + i), w.shape)), i === 3 ? 0.01 : 0)),
      );
    }
  }
  const { json, data } = await savedModel(model);
  const { onnx } = convertLayersModel(json, data);
  const shape = [2, ...inputShape];
  const input = randomInput(shape.reduce((a, b) => a * b, 1));
  const expected = await predictTfjs(model, input, shape);
  const runner = await OnnxRunner.create(onnx);
  const actual = await runner.first(input, shape);
  await runner.release();
  expect(actual.length).toBe(expected.length);
  return Math.max(...Array.from(actual, (v, i) => Math.abs(v - expected[i])));
}

const img = (h: number, w: number, c = 3) => ({ inputShape: [h, w, c] });

describe('one-layer TF.js models agree with their ONNX conversion (max abs diff < 1e-4)', () => {
  beforeAll(async () => useTfjsBackend('cpu'));

  const cases: [string, () => tfl.layers.Layer[], number[]][] = [];
  for (const [h, w] of [
    [8, 8],
    [7, 9],
  ])
    for (const strides of [1, 2])
      for (const padding of ['same', 'valid'] as const)
        for (const kernelSize of [1, 3, 4]) {
          cases.push([
            `Conv2D ${kernelSize}×${kernelSize} stride ${strides} ${padding} on ${h}×${w}`,
            () => [
              tfl.layers.conv2d({
                ...img(h, w),
                filters: 4,
                kernelSize,
                strides,
                padding,
                activation: 'relu',
              }),
            ],
            [h, w, 3],
          ]);
          cases.push([
            `DepthwiseConv2D ${kernelSize}×${kernelSize} stride ${strides} ${padding} on ${h}×${w}`,
            () => [
              tfl.layers.depthwiseConv2d({
                ...img(h, w),
                kernelSize,
                strides,
                padding,
                depthMultiplier: 2,
                useBias: strides === 1,
              }),
            ],
            [h, w, 3],
          ]);
        }
  cases.push(
    [
      'Conv2D dilation 2, no bias',
      () => [
        tfl.layers.conv2d({
          ...img(9, 9),
          filters: 5,
          kernelSize: 3,
          dilationRate: 2,
          padding: 'same',
          useBias: false,
        }),
      ],
      [9, 9, 3],
    ],
    [
      'BatchNormalization',
      () => [tfl.layers.batchNormalization({ ...img(5, 5, 4), epsilon: 0.001 })],
      [5, 5, 4],
    ],
    [
      'BatchNormalization without scale',
      () => [tfl.layers.batchNormalization({ ...img(5, 5, 4), scale: false })],
      [5, 5, 4],
    ],
    ['ReLU max_value 6 (ReLU6 → Clip)', () => [tfl.layers.reLU({ ...img(4, 4), maxValue: 6 })], [4, 4, 3]],
    ['LeakyReLU', () => [tfl.layers.leakyReLU({ ...img(4, 4), alpha: 0.1 })], [4, 4, 3]],
    ['Activation relu', () => [tfl.layers.activation({ ...img(4, 4), activation: 'relu' })], [4, 4, 3]],
    [
      'Activation softmax',
      () => [tfl.layers.flatten({ ...img(2, 2) }), tfl.layers.activation({ activation: 'softmax' })],
      [2, 2, 3],
    ],
    ['Softmax layer', () => [tfl.layers.flatten({ ...img(2, 2) }), tfl.layers.softmax()], [2, 2, 3]],
    [
      'ZeroPadding2D asymmetric',
      () => [
        tfl.layers.zeroPadding2d({
          ...img(5, 6),
          padding: [
            [0, 1],
            [2, 1],
          ],
        }),
      ],
      [5, 6, 3],
    ],
    [
      'MaxPooling2D 3×3 stride 2 same on 7×8',
      () => [tfl.layers.maxPooling2d({ ...img(7, 8), poolSize: 3, strides: 2, padding: 'same' })],
      [7, 8, 3],
    ],
    [
      'MaxPooling2D 3×3 stride 2 valid',
      () => [tfl.layers.maxPooling2d({ ...img(9, 9), poolSize: 3, strides: 2, padding: 'valid' })],
      [9, 9, 3],
    ],
    [
      'AveragePooling2D 3×3 stride 1 same (padding not counted)',
      () => [tfl.layers.averagePooling2d({ ...img(6, 7), poolSize: 3, strides: 1, padding: 'same' })],
      [6, 7, 3],
    ],
    [
      'AveragePooling2D 2×2 stride 2 same on odd size',
      () => [tfl.layers.averagePooling2d({ ...img(7, 7), poolSize: 2, strides: 2, padding: 'same' })],
      [7, 7, 3],
    ],
    ['GlobalAveragePooling2D', () => [tfl.layers.globalAveragePooling2d({ ...img(5, 6) })], [5, 6, 3]],
    ['GlobalMaxPooling2D', () => [tfl.layers.globalMaxPooling2d({ ...img(5, 6) })], [5, 6, 3]],
    [
      'Flatten (channels-last element order) + Dense softmax',
      () => [tfl.layers.flatten({ ...img(3, 4, 2) }), tfl.layers.dense({ units: 5, activation: 'softmax' })],
      [3, 4, 2],
    ],
    [
      'Dense relu6 without bias',
      () => [
        tfl.layers.flatten({ ...img(2, 2) }),
        tfl.layers.dense({ units: 3, activation: 'relu6', useBias: false }),
      ],
      [2, 2, 3],
    ],
    ['Dropout', () => [tfl.layers.dropout({ ...img(3, 3), rate: 0.5 })], [3, 3, 3]],
    [
      'Reshape to 4D and to 2D',
      () => [
        tfl.layers.reshape({ ...img(4, 6, 2), targetShape: [6, 4, 2] }),
        tfl.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same' }),
        tfl.layers.reshape({ targetShape: [-1] }),
      ],
      [4, 6, 2],
    ],
  );

  it.each(cases)('%s', async (_name, layers, inputShape) => {
    expect(await maxDiff(layers(), inputShape)).toBeLessThan(1e-4);
  });

  it('Add and Concatenate in a functional model', async () => {
    const input = tfl.input({ shape: [6, 6, 3] });
    const a = tfl.layers
      .conv2d({ filters: 4, kernelSize: 3, padding: 'same' })
      .apply(input) as tfl.SymbolicTensor;
    const b = tfl.layers.conv2d({ filters: 4, kernelSize: 1 }).apply(input) as tfl.SymbolicTensor;
    const sum = tfl.layers.add().apply([a, b]) as tfl.SymbolicTensor;
    const joined = tfl.layers.concatenate({ axis: -1 }).apply([sum, a, input]) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: joined });
    const { json, data } = await savedModel(model);
    const shape = [1, 6, 6, 3];
    const x = randomInput(108);
    const runner = await OnnxRunner.create(convertLayersModel(json, data).onnx);
    const actual = await runner.first(x, shape);
    const expected = await predictTfjs(model, x, shape);
    expect(Math.max(...Array.from(actual, (v, i) => Math.abs(v - expected[i])))).toBeLessThan(1e-4);
  });

  it('stops on a ZeroPadding2D padding that is not an int or pairs, showing the value', async () => {
    const model = tfl.sequential({ layers: [tfl.layers.zeroPadding2d({ ...img(4, 4), name: 'pad_1' })] });
    const { json, data } = await savedModel(model);
    const text = JSON.stringify(json).replace(/"padding":\[\[1,1\],\[1,1\]\]/, '"padding":"wide"');
    expect(text).toContain('"padding":"wide"');
    expect(() => convertLayersModel(JSON.parse(text) as typeof json, data)).toThrow(
      /padding "wide" is not an int, a pair or a pair of pairs/,
    );
  });

  it('stops on an unsupported layer, naming its class and layer', async () => {
    const model = tfl.sequential({ layers: [tfl.layers.upSampling2d({ ...img(4, 4), name: 'up_1' })] });
    const { json, data } = await savedModel(model);
    expect(() => convertLayersModel(json, data)).toThrow(/unsupported layer UpSampling2D \(layer up_1\)/);
  });
});

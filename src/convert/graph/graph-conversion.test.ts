import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import { beforeAll, describe, expect, it } from 'vitest';
import { OnnxRunner, useTfjsBackend, verificationInput } from '../../../node-reference/node-runtimes';
import { weightSpecs } from '../../core/tfjs-model-json';
import { convertModel } from '../convert-model';
import { GraphModelFixture, tfAttr } from './graph-model-fixture';

/** Deterministic values in [-1, 1). */
const values = (shape: number[], seed: number) => verificationInput(shape, seed).map((v) => 2 * v - 1);

const nhwc = { data_format: tfAttr.str('NHWC') };
const convAttrs = (strides: number, padding: string, extra = {}) => ({
  ...nhwc,
  strides: tfAttr.ints([1, strides, strides, 1]),
  padding: tfAttr.str(padding),
  dilations: tfAttr.ints([1, 1, 1, 1]),
  ...extra,
});
const fused = (...ops: string[]) => ({ fused_ops: tfAttr.strs(ops), num_args: tfAttr.int(1) });

/** A graph model's input, with a symbolic batch as tfjs-converter writes it. */
const input = (f: GraphModelFixture, [h, w, c]: number[]) => f.placeholder('input', [-1, h, w, c]);

function conv(
  f: GraphModelFixture,
  name: string,
  x: string,
  [kh, kw, cin, cout]: number[],
  attrs = convAttrs(1, 'SAME'),
  seed = 5,
) {
  const k = f.constant(`${name}/filter`, [kh, kw, cin, cout], values([kh, kw, cin, cout], seed));
  return f.op('Conv2D', name, [x, k], attrs);
}

/** Runs the hand-written graph model in TF.js (cpu) and its ONNX conversion; returns the max abs diff. */
async function maxDiff(f: GraphModelFixture, inputShape: number[], batch = 2): Promise<number> {
  const { json, data } = f.build();
  const model = await loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: weightSpecs(json),
      weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
    }),
  );
  const shape = [batch, ...inputShape];
  const x = values(shape, 11);
  const output = tf.tidy(() => model.execute(tf.tensor(x, shape)) as tf.Tensor);
  const expected = (await output.data()) as Float32Array;
  output.dispose();
  model.dispose();
  const runner = await OnnxRunner.create(convertModel(json, data).onnx);
  const actual = await runner.first(x, shape);
  await runner.release();
  expect(actual.length).toBe(expected.length);
  return Math.max(...Array.from(actual, (v, i) => Math.abs(v - expected[i])));
}

describe('hand-written TF.js graph models agree with their ONNX conversion (max abs diff < 1e-4)', () => {
  beforeAll(() => useTfjsBackend('cpu'));

  const cases: [string, number[], (f: GraphModelFixture) => void][] = [];
  for (const [h, w] of [
    [7, 7],
    [8, 8],
    [7, 10],
  ])
    for (const padding of ['SAME', 'VALID'])
      cases.push([
        `Conv2D 3×3 stride 2 ${padding} on ${h}×${w}`,
        [h, w, 3],
        (f) => void conv(f, 'conv', input(f, [h, w, 3]), [3, 3, 3, 4], convAttrs(2, padding)),
      ]);
  cases.push(
    [
      'Conv2D 4×4 stride 2 SAME on 9×9, dilation 2 stride 1 SAME',
      [9, 9, 2],
      (f) => {
        const a = conv(f, 'a', input(f, [9, 9, 2]), [4, 4, 2, 3], convAttrs(2, 'SAME'));
        conv(f, 'b', a, [3, 3, 3, 2], convAttrs(1, 'SAME', { dilations: tfAttr.ints([1, 2, 2, 1]) }), 6);
      },
    ],
    [
      'Conv2D EXPLICIT padding (asymmetric)',
      [6, 7, 2],
      (f) =>
        void conv(
          f,
          'conv',
          input(f, [6, 7, 2]),
          [3, 3, 2, 3],
          convAttrs(2, 'EXPLICIT', { explicit_paddings: tfAttr.ints([0, 0, 1, 2, 0, 1, 0, 0]) }),
        ),
    ],
    [
      'Conv2D → BiasAdd → Relu',
      [6, 6, 3],
      (f) => {
        const c = conv(f, 'conv', input(f, [6, 6, 3]), [3, 3, 3, 4]);
        const b = f.op('BiasAdd', 'bias', [c, f.constant('bias/b', [4], values([4], 7))], nhwc);
        f.op('Relu', 'relu', [b]);
      },
    ],
    [
      '_FusedConv2D BiasAdd + Relu6, stride 2 SAME on 7×7',
      [7, 7, 3],
      (f) => {
        const k = f.constant(
          'conv/filter',
          [3, 3, 3, 4],
          values([3, 3, 3, 4], 5).map((v) => 8 * v),
        );
        const b = f.constant('conv/bias', [4], values([4], 8));
        f.op('_FusedConv2D', 'conv', [input(f, [7, 7, 3]), k, b], {
          ...convAttrs(2, 'SAME'),
          ...fused('BiasAdd', 'Relu6'),
        });
      },
    ],
    [
      '_FusedConv2D BiasAdd + Relu',
      [5, 5, 2],
      (f) => {
        const k = f.constant('conv/filter', [1, 1, 2, 3], values([1, 1, 2, 3], 5));
        const b = f.constant('conv/bias', [3], values([3], 8));
        f.op('_FusedConv2D', 'conv', [input(f, [5, 5, 2]), k, b], {
          ...convAttrs(1, 'VALID'),
          ...fused('BiasAdd', 'Relu'),
        });
      },
    ],
    [
      'DepthwiseConv2dNative 3×3 multiplier 2, stride 2 SAME on 7×9',
      [7, 9, 3],
      (f) => {
        const k = f.constant('dw/filter', [3, 3, 3, 2], values([3, 3, 3, 2], 9));
        f.op('DepthwiseConv2dNative', 'dw', [input(f, [7, 9, 3]), k], convAttrs(2, 'SAME'));
      },
    ],
    [
      'FusedDepthwiseConv2dNative BiasAdd + Relu6 on 8×8',
      [8, 8, 3],
      (f) => {
        const k = f.constant(
          'dw/filter',
          [3, 3, 3, 1],
          values([3, 3, 3, 1], 9).map((v) => 8 * v),
        );
        const b = f.constant('dw/bias', [3], values([3], 4));
        f.op('FusedDepthwiseConv2dNative', 'dw', [input(f, [8, 8, 3]), k, b], {
          ...convAttrs(2, 'SAME'),
          ...fused('BiasAdd', 'Relu6'),
        });
      },
    ],
    [
      'MaxPool 3×3 stride 2 SAME on 7×8',
      [7, 8, 3],
      (f) =>
        void f.op('MaxPool', 'pool', [input(f, [7, 8, 3])], {
          ...convAttrs(2, 'SAME'),
          ksize: tfAttr.ints([1, 3, 3, 1]),
        }),
    ],
    [
      'AvgPool 2×2 stride 2 SAME on 7×7 (padding not counted), after a conv',
      [7, 7, 3],
      (f) => {
        const c = conv(f, 'conv', input(f, [7, 7, 3]), [1, 1, 3, 2]);
        f.op('AvgPool', 'pool', [c], { ...convAttrs(2, 'SAME'), ksize: tfAttr.ints([1, 2, 2, 1]) });
      },
    ],
    [
      'AvgPool 3×3 stride 1 VALID',
      [5, 6, 2],
      (f) =>
        void f.op('AvgPool', 'pool', [input(f, [5, 6, 2])], {
          ...convAttrs(1, 'VALID'),
          ksize: tfAttr.ints([1, 3, 3, 1]),
        }),
    ],
    [
      'Mean over H, W (global pool, keep_dims false) → MatMul transpose_b',
      [5, 6, 3],
      (f) => {
        const c = conv(f, 'conv', input(f, [5, 6, 3]), [3, 3, 3, 4]);
        const m = f.op('Mean', 'mean', [c, f.ints('mean/axes', [1, 2])], { keep_dims: tfAttr.bool(false) });
        f.op('MatMul', 'dense', [m, f.constant('dense/w', [5, 4], values([5, 4], 3))], {
          transpose_a: tfAttr.bool(false),
          transpose_b: tfAttr.bool(true),
        });
      },
    ],
    [
      'Mean keep_dims true → Squeeze [1, 2]',
      [4, 5, 3],
      (f) => {
        const c = conv(f, 'conv', input(f, [4, 5, 3]), [3, 3, 3, 4]);
        const m = f.op('Mean', 'mean', [c, f.ints('mean/axes', [1, 2])], { keep_dims: tfAttr.bool(true) });
        f.op('Squeeze', 'squeeze', [m], { squeeze_dims: tfAttr.ints([1, 2]) });
      },
    ],
    [
      'Mean over the channel axis (-1) of an NCHW-held value',
      [4, 5, 3],
      (f) => {
        const c = conv(f, 'conv', input(f, [4, 5, 3]), [3, 3, 3, 4]);
        f.op('Mean', 'mean', [c, f.ints('mean/axes', [-1])], { keep_dims: tfAttr.bool(false) });
      },
    ],
    [
      '_FusedMatMul BiasAdd + Relu after Reshape (channels-last element order)',
      [3, 4, 2],
      (f) => {
        const c = conv(f, 'conv', input(f, [3, 4, 2]), [3, 3, 2, 2]);
        const r = f.op('Reshape', 'flatten', [c, f.ints('flatten/shape', [-1, 24])]);
        f.op(
          '_FusedMatMul',
          'dense',
          [r, f.constant('dense/w', [24, 5], values([24, 5], 3)), f.constant('dense/b', [5], values([5], 4))],
          {
            transpose_a: tfAttr.bool(false),
            transpose_b: tfAttr.bool(false),
            ...fused('BiasAdd', 'Relu'),
          },
        );
      },
    ],
    [
      'Reshape to 4D, then Conv2D, then Softmax',
      [4, 6, 2],
      (f) => {
        const r = f.op('Reshape', 'reshape', [input(f, [4, 6, 2]), f.ints('reshape/shape', [-1, 6, 4, 2])]);
        const c = conv(f, 'conv', r, [3, 3, 2, 3]);
        f.op('Softmax', 'softmax', [c]);
      },
    ],
    [
      'ConcatV2 on the channel axis of a conv output (held NCHW) and the input (NHWC)',
      [5, 5, 3],
      (f) => {
        const x = input(f, [5, 5, 3]);
        const c = conv(f, 'conv', x, [3, 3, 3, 4]);
        f.op('ConcatV2', 'concat', [c, x, f.ints('concat/axis', [-1])], { N: tfAttr.int(2) });
      },
    ],
    [
      'ConcatV2 on the width axis',
      [4, 3, 2],
      (f) => {
        const x = input(f, [4, 3, 2]);
        const c = conv(f, 'conv', x, [1, 1, 2, 2]);
        f.op('ConcatV2', 'concat', [c, c, x, f.ints('concat/axis', [2])], { N: tfAttr.int(3) });
      },
    ],
    [
      'Pad (asymmetric paddings) → Conv2D VALID; Pad of an NCHW-held value',
      [5, 6, 2],
      (f) => {
        const p = f.op('Pad', 'pad', [
          input(f, [5, 6, 2]),
          f.constant('pad/p', [4, 2], [0, 0, 1, 2, 0, 1, 0, 0], 'int32'),
        ]);
        const c = conv(f, 'conv', p, [3, 3, 2, 3], convAttrs(2, 'VALID'));
        f.op('Pad', 'pad2', [c, f.constant('pad2/p', [4, 2], [0, 0, 2, 0, 1, 1, 1, 0], 'int32')]);
      },
    ],
    [
      'Add and AddV2: two convs, and a per-channel constant',
      [5, 5, 3],
      (f) => {
        const x = input(f, [5, 5, 3]);
        const a = conv(f, 'a', x, [3, 3, 3, 4]);
        const b = conv(f, 'b', x, [1, 1, 3, 4], convAttrs(1, 'SAME'), 8);
        const sum = f.op('Add', 'sum', [a, b]);
        f.op('AddV2', 'shift', [sum, f.constant('shift/c', [4], values([4], 2))]);
      },
    ],
    [
      'Mul and Sub: scalar constants on the input, a per-channel constant minus an NCHW-held value',
      [5, 5, 3],
      (f) => {
        const scaled = f.op('Mul', 'scaled', [f.constant('scaled/y', [], [2]), input(f, [5, 5, 3])]);
        const shifted = f.op('Sub', 'shifted', [scaled, f.constant('shifted/y', [], [1])]);
        const c = conv(f, 'conv', shifted, [3, 3, 3, 4]);
        f.op('Sub', 'flipped', [f.constant('flipped/x', [4], values([4], 2)), c]);
      },
    ],
    [
      'Relu, Relu6 and Softmax on a rank-2 value',
      [2, 2, 3],
      (f) => {
        const r = f.op('Reshape', 'flat', [input(f, [2, 2, 3]), f.ints('flat/shape', [-1, 12])]);
        const scaled = f.op('AddV2', 'scaled', [
          r,
          f.constant(
            'scaled/c',
            [12],
            values([12], 3).map((v) => 7 * v),
          ),
        ]);
        const six = f.op('Relu6', 'relu6', [scaled]);
        const relu = f.op('Relu', 'relu', [six]);
        f.op('Softmax', 'softmax', [relu]);
      },
    ],
  );

  it.each(cases)('%s', async (_name, inputShape, build) => {
    const f = new GraphModelFixture();
    build(f);
    expect(await maxDiff(f, inputShape)).toBeLessThan(1e-4);
  });

  it('a small CNN end to end: conv → relu → depthwise → mean → matmul → softmax, weights behind Identity, with a signature', async () => {
    const f = new GraphModelFixture();
    const x = input(f, [9, 9, 3]);
    const k = f.op('Identity', 'conv/filter/read', [
      f.constant('conv/filter', [3, 3, 3, 8], values([3, 3, 3, 8], 1)),
    ]);
    const c = f.op('Conv2D', 'conv', [x, k], convAttrs(2, 'SAME'));
    const b = f.op('BiasAdd', 'conv/bias', [c, f.constant('conv/b', [8], values([8], 2))], nhwc);
    const r = f.op('Relu', 'conv/relu', [b]);
    const dw = f.op(
      'FusedDepthwiseConv2dNative',
      'dw',
      [
        r,
        f.constant('dw/filter', [3, 3, 8, 1], values([3, 3, 8, 1], 3)),
        f.constant('dw/b', [8], values([8], 4)),
      ],
      {
        ...convAttrs(1, 'SAME'),
        ...fused('BiasAdd', 'Relu6'),
      },
    );
    const m = f.op('Mean', 'pool', [dw, f.ints('pool/axes', [1, 2])], { keep_dims: tfAttr.bool(false) });
    const d = f.op(
      '_FusedMatMul',
      'logits',
      [m, f.constant('logits/w', [8, 10], values([8, 10], 5)), f.constant('logits/b', [10], values([10], 6))],
      {
        transpose_a: tfAttr.bool(false),
        transpose_b: tfAttr.bool(false),
        ...fused('BiasAdd'),
      },
    );
    const out = f.op('Softmax', 'probabilities', [d]);
    f.op('Identity', 'Identity', [out]);
    expect(await maxDiff(f, [9, 9, 3], 3)).toBeLessThan(1e-4);
    const { json, data } = f.build();
    const converted = convertModel({ ...json, signature: { outputs: { y: { name: 'Identity:0' } } } }, data);
    expect(converted.inputName).toBe('input');
    expect(converted.layers.map((l) => l.className)).toContain('FusedDepthwiseConv2dNative');
  });

  it('stops on an unsupported op, naming the op and the node', () => {
    const f = new GraphModelFixture();
    const c = conv(f, 'conv', input(f, [4, 4, 3]), [3, 3, 3, 2]);
    f.op('Tanh', 'block/act', [c]);
    const { json, data } = f.build();
    expect(() => convertModel(json, data)).toThrow(/unsupported op Tanh \(node block\/act\)/);
  });

  it('stops on an unsupported fused op, naming the node', () => {
    const f = new GraphModelFixture();
    const k = f.constant('conv/filter', [1, 1, 3, 2], values([1, 1, 3, 2], 5));
    const b = f.constant('conv/bias', [2], values([2], 8));
    f.op('_FusedConv2D', 'conv', [input(f, [4, 4, 3]), k, b], {
      ...convAttrs(1, 'SAME'),
      ...fused('BiasAdd', 'Elu'),
    });
    const { json, data } = f.build();
    expect(() => convertModel(json, data)).toThrow(/node conv \(_FusedConv2D\): fused ops \[BiasAdd, Elu\]/);
  });
});

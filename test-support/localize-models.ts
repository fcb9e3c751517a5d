import * as tfl from '@tensorflow/tfjs-layers';
import type { ModelFiles } from '../src/adapters/runtime-adapter';
import { GraphModelFixture, tfAttr } from '../src/convert/graph/graph-model-fixture';
import { savedModel, verificationInput, type TfjsModelFiles } from '../node-reference/node-runtimes';

/** The input both small models take: one 8×8 RGB image, NHWC. */
export const smallInputShape = [1, 8, 8, 3];

/** conv 3×3 → bn → relu → depthwise 3×3 → global pool → dense → softmax: every layer class the faults aim at. */
export async function smallLayersModel(): Promise<TfjsModelFiles> {
  // Seeded, so the printed localization is the same on every run.
  const seeded = (seed: number) => tfl.initializers.glorotUniform({ seed });
  const image = tfl.input({ shape: smallInputShape.slice(1), name: 'image' });
  let x = tfl.layers
    .conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'conv', kernelInitializer: seeded(1) })
    .apply(image);
  x = tfl.layers.batchNormalization({ name: 'bn' }).apply(x);
  x = tfl.layers.reLU({ name: 'relu' }).apply(x);
  x = tfl.layers
    .depthwiseConv2d({ kernelSize: 3, padding: 'same', name: 'dw', depthwiseInitializer: seeded(2) })
    .apply(x);
  x = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(x);
  x = tfl.layers.dense({ units: 5, name: 'logits', kernelInitializer: seeded(3) }).apply(x);
  const probs = tfl.layers.softmax({ name: 'probs' }).apply(x) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: image, outputs: probs });
  const saved = await savedModel(model);
  model.dispose();
  return saved;
}

const weights = (shape: number[], seed: number) => verificationInput(shape, seed).map((v) => v - 0.5);
const nhwc = { data_format: tfAttr.str('NHWC') };
const ones = tfAttr.ints([1, 1, 1, 1]);
const same = { ...nhwc, strides: ones, dilations: ones, padding: tfAttr.str('SAME') };

/** The same shape of network as a TF.js graph model, written by hand as tfjs-converter would. */
export function smallGraphModel(): TfjsModelFiles {
  const f = new GraphModelFixture();
  const input = f.placeholder('input', [-1, ...smallInputShape.slice(1)]);
  const conv = f.op(
    'Conv2D',
    'conv',
    [input, f.constant('conv/filter', [3, 3, 3, 4], weights([36 * 3], 1))],
    same,
  );
  const bias = f.op('BiasAdd', 'bias', [conv, f.constant('bias/b', [4], weights([4], 2))], nhwc);
  const relu = f.op('Relu', 'relu', [bias]);
  const dw = f.op(
    'DepthwiseConv2dNative',
    'dw',
    [relu, f.constant('dw/filter', [3, 3, 4, 1], weights([36], 3))],
    same,
  );
  const mean = f.op('Mean', 'mean', [dw, f.ints('mean/axes', [1, 2])], { keep_dims: tfAttr.bool(false) });
  const dense = f.op('MatMul', 'dense', [mean, f.constant('dense/w', [4, 5], weights([20], 4))], {
    transpose_a: tfAttr.bool(false),
    transpose_b: tfAttr.bool(false),
  });
  f.op('Softmax', 'probs', [dense]);
  return f.build();
}

/** model.json and its one weight shard as the adapter takes them ("bytes" source). */
export function asModelFiles({ json, data }: TfjsModelFiles): ModelFiles {
  const [shard] = json.weightsManifest.flatMap((g) => g.paths);
  return {
    entry: 'model.json',
    files: {
      'model.json': new TextEncoder().encode(JSON.stringify(json)).buffer,
      [shard]: data.slice().buffer,
    },
  };
}

import { AttributeType, DataType } from '../convert/onnx/onnx-schema';
import { encodeModel, type OnnxModel, type OnnxNode, type OnnxTensor } from '../convert/onnx/onnx-model';
import { seededRandom } from '../core/stats/seeded-random';
import { rawFloats } from './weight-tensors';

const floats = (name: string, dims: number[], data: Float32Array): OnnxTensor => ({
  name,
  dims,
  dataType: DataType.FLOAT,
  rawData: rawFloats(data),
});
const ints = (name: string, value: number) => ({ name, type: AttributeType.INT, i: value });
const node = (opType: string, input: string[], output: string, attribute: OnnxNode['attribute'] = []) => ({
  name: output,
  opType,
  input,
  output: [output],
  attribute,
});
const tensor = (name: string, dims: number[]) => ({
  name,
  type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
});

/** The small model's input: one 8×8 RGB image, NCHW. */
export const smallInputShape = [1, 3, 8, 8];

/**
 * A small classifier with a place for every transform: Conv (regular and depthwise), Relu, Relu6 (Clip),
 * Add, Mul by a constant, Max, Greater → Where (ops the float16 variant keeps in float32), pooling, Gemm.
 * Its output is the logits, so differences are not squashed by a softmax; the first convolution's weights
 * are large enough that activations pass 6, so Relu and Relu6 differ.
 */
export function smallOnnxModel(): Uint8Array {
  const random = seededRandom(7);
  const values = (n: number, spread: number, offset = 0) =>
    Float32Array.from({ length: n }, () => (random() - 0.5) * spread + offset);
  const model: OnnxModel = {
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'crosscheck-test',
    producerVersion: '0',
    graph: {
      name: 'small',
      node: [
        node('Conv', ['x', 'w1', 'b1'], 'c1', [
          { name: 'pads', type: AttributeType.INTS, ints: [1, 1, 1, 1] },
        ]),
        node('Relu', ['c1'], 'r1'),
        node('Conv', ['r1', 'w2'], 'c2', [
          ints('group', 8),
          { name: 'pads', type: AttributeType.INTS, ints: [1, 1, 1, 1] },
        ]),
        node('Clip', ['c2', 'zero', 'six'], 'r2'),
        node('Add', ['r2', 'r1'], 'a'),
        node('Mul', ['a', 'gain'], 'm'),
        node('Max', ['m', 'floor'], 'mx'),
        node('Greater', ['mx', 'threshold'], 'g'),
        node('Where', ['g', 'mx', 'low'], 'wh'),
        node('GlobalAveragePool', ['wh'], 'gap'),
        node('Flatten', ['gap'], 'flat'),
        node('Gemm', ['flat', 'w3', 'b3'], 'logits', [ints('transB', 1)]),
      ],
      initializer: [
        floats('w1', [8, 3, 3, 3], values(216, 4)),
        floats('b1', [8], values(8, 0.2)),
        floats('w2', [8, 1, 3, 3], values(72, 1)),
        floats('zero', [], Float32Array.of(0)),
        floats('six', [], Float32Array.of(6)),
        floats('gain', [1, 8, 1, 1], values(8, 0.5, 1)),
        floats('floor', [], Float32Array.of(0.05)),
        floats('threshold', [], Float32Array.of(0.3)),
        floats('low', [], Float32Array.of(0.1)),
        floats('w3', [5, 8], values(40, 2)),
        floats('b3', [5], values(5, 0.2)),
      ],
      input: [tensor('x', smallInputShape)],
      output: [tensor('logits', [1, 5])],
    },
  };
  return encodeModel(model);
}

/** A seeded input image for the small model, values in [0, 1). */
export function smallInput(seed: number): Float32Array {
  const next = seededRandom(seed);
  return Float32Array.from({ length: 3 * 8 * 8 }, () => next());
}

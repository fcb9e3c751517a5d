import { encodeModel } from '../convert/onnx/onnx-model';
import { DataType } from '../convert/onnx/onnx-schema';
import { validRunResult } from '../core/result-schema.test-fixture';
import type { NamedTensor } from '../core/tensor';
import type { BundleParts } from './pack-bundle';
import { reproCandidates } from './repro-candidates';

const f32 = (dims: number[]) => ({
  tensorType: { elemType: DataType.FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } },
});
const tensor = (name: string, values: number[]): NamedTensor => ({
  name,
  dtype: 'float32',
  shape: [1, values.length],
  data: Float32Array.from(values),
});

/** x → Relu → a; (a, W) → Add → b; b → Neg → y */
export const chainModel = encodeModel({
  irVersion: 8,
  opsetImport: [{ domain: '', version: 17 }],
  producerName: 'crosscheck-test',
  producerVersion: '1',
  graph: {
    name: 'chain',
    node: [
      { name: 'relu', opType: 'Relu', input: ['x'], output: ['a'], attribute: [] },
      { name: 'add', opType: 'Add', input: ['a', 'W'], output: ['b'], attribute: [] },
      { name: 'neg', opType: 'Neg', input: ['b'], output: ['y'], attribute: [] },
    ],
    initializer: [{ name: 'W', dims: [4], dataType: DataType.FLOAT, floatData: [1, 2, 3, 4] }],
    input: [{ name: 'x', type: f32([1, 4]) }],
    output: [{ name: 'y', type: f32([1, 4]) }],
  },
});
/** Every tensor of the chain on x = [-1, 2, -3, 4]. */
export const chainValues = new Map(
  [
    tensor('x', [-1, 2, -3, 4]),
    tensor('a', [0, 2, 0, 4]),
    tensor('b', [1, 4, 3, 8]),
    tensor('y', [-1, -4, -3, -8]),
  ].map((t) => [t.name, t]),
);
const side = (configId: 'ort-wasm' | 'ort-webgpu', executionProvider: 'wasm' | 'webgpu') => ({
  configId,
  library: 'onnxruntime-web' as const,
  executionProvider,
  ortFile: 'ort.all.min.mjs',
  options: {},
  runtime: null,
});

/** The Add node alone as a bundle: ort-webgpu "gave" `suspect` where the reference gave b. */
export function bundleParts(suspect: number[], reference = [1, 4, 3, 8]): BundleParts {
  const [single] = reproCandidates(chainModel, chainValues, 1);
  return {
    about: {
      createdAt: '2026-12-02T03:00:00.000Z',
      crosscheckVersion: '0.1.0',
      source: {
        modelId: 'chain',
        modelSha256: 'a'.repeat(64),
        image: 'cat.jpg',
        inputSha256: 'b'.repeat(64),
        firstDivergent: 'add',
        op: 'Add',
      },
      reference: side('ort-wasm', 'wasm'),
      suspect: side('ort-webgpu', 'webgpu'),
      tolerance: { absolute: 1e-4, relativeRatio: 1.0001, steps: 1 },
      reproduced: true,
      environment: validRunResult().environment,
      libraries: { 'onnxruntime-web': '1.30.0' },
    },
    model: {
      files: { 'model.onnx': single.model },
      entry: 'model.onnx',
      format: 'onnx',
      kind: 'single-node',
      whyWhole: null,
      nodes: ['add'],
    },
    inputs: single.inputs,
    outputs: [
      {
        name: 'b',
        quantization: null,
        reference: tensor('b', reference),
        suspect: tensor('b', suspect),
      },
    ],
  };
}

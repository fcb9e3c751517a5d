import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OrtAdapter } from '../adapters/ort/ort-adapter';
import { encodeModel, type OnnxTensor } from '../convert/onnx/onnx-model';
import { DataType } from '../convert/onnx/onnx-schema';
import { attr } from '../convert/shared/graph-builder';
import type { NamedTensor } from '../core/tensor';
import { compareNodes, policyFor } from './compare-nodes';
import { exposeNodeOutputs, type GraphNode } from './expose-outputs';

const UINT8 = 2;

/**
 * x → QuantizeLinear (scale 0.1 in float_data, zero point 128 in raw_data, as zoo exports store them)
 * → DequantizeLinear → Relu → Mul by `gain` → y. A fault is a different gain.
 */
function quantizedModel(gain: number): Uint8Array {
  const scalar = (name: string, value: number): OnnxTensor => ({
    name,
    dims: [],
    dataType: DataType.FLOAT,
    floatData: [value],
  });
  return encodeModel({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'crosscheck-test',
    producerVersion: '1',
    graph: {
      name: 'quantized',
      initializer: [
        scalar('scale', 0.1),
        { name: 'zero', dims: [], dataType: UINT8, rawData: Uint8Array.from([128]) },
        scalar('gain', gain),
      ],
      node: [
        {
          opType: 'QuantizeLinear',
          name: 'quantize',
          input: ['x', 'scale', 'zero'],
          output: ['q'],
          attribute: [],
        },
        {
          opType: 'DequantizeLinear',
          name: 'dequantize',
          input: ['q', 'scale', 'zero'],
          output: ['d'],
          attribute: [],
        },
        { opType: 'Relu', name: 'relu', input: ['d'], output: ['r'], attribute: [] },
        { opType: 'Mul', name: 'scale-up', input: ['r', 'gain'], output: ['y'], attribute: [] },
        {
          opType: 'Flatten',
          name: 'flatten',
          input: ['q'],
          output: ['qf'],
          attribute: [attr.int('axis', 1)],
        },
      ],
      input: [
        {
          name: 'x',
          type: {
            tensorType: { elemType: DataType.FLOAT, shape: { dim: [{ dimValue: 1 }, { dimValue: 4 }] } },
          },
        },
      ],
      output: [{ name: 'y', type: { tensorType: { elemType: DataType.FLOAT } } }],
    },
  });
}

const assetBaseUrl = pathToFileURL(`${process.cwd()}/public/`).href;
const x: NamedTensor = {
  name: 'x',
  dtype: 'float32',
  shape: [1, 4],
  data: Float32Array.from([-1, 0.26, 1.5, 3]),
};

/** Runs a model through the same ORT adapter a lab run uses (wasm, in Node), asking for the named outputs. */
async function run(bytes: Uint8Array, names: string[]): Promise<Map<string, NamedTensor>> {
  const adapter = new OrtAdapter('wasm', assetBaseUrl);
  await adapter.probe();
  await adapter.load({
    format: 'onnx',
    source: { kind: 'bytes', model: { entry: 'model.onnx', files: { 'model.onnx': bytes.slice().buffer } } },
    expectedInputs: [{ name: 'x', dtype: 'float32', shape: [1, 4] }],
  });
  const { outputs } = await adapter.infer({ inputs: [x], outputs: names });
  await adapter.dispose();
  return new Map(outputs.map((o) => [o.name, o]));
}

async function capture(gain: number) {
  const { bytes, nodes } = exposeNodeOutputs(quantizedModel(gain));
  return {
    nodes,
    outputs: await run(
      bytes,
      nodes.flatMap((n) => n.outputs.map((o) => o.name)),
    ),
  };
}

// The first wasm start compiles the binary: seconds on a loaded machine.
describe('exposeNodeOutputs', { timeout: 60_000 }, () => {
  it('lists every node with its output dtype and quantization, read from float_data and raw_data', () => {
    const { nodes } = exposeNodeOutputs(quantizedModel(2));
    expect(nodes.map((n) => [n.name, n.opType, n.outputs.map((o) => o.dtype)])).toEqual([
      ['quantize', 'QuantizeLinear', ['uint8']],
      ['dequantize', 'DequantizeLinear', ['float32']],
      ['relu', 'Relu', ['float32']],
      ['scale-up', 'Mul', ['float32']],
      ['flatten', 'Flatten', ['uint8']],
    ]);
    // float32 0.1 as stored, not the decimal.
    expect(nodes[0].outputs[0].quantization).toEqual({ scale: Math.fround(0.1), zeroPoint: 128 });
    // A layout op keeps its input's quantization.
    expect(nodes[4].outputs[0].quantization).toEqual(nodes[0].outputs[0].quantization);
    expect(nodes[4].attributes).toEqual({ axis: '1' });
  });

  it('makes every node output a graph output that ORT hands back, the final output unchanged', async () => {
    const original = await run(quantizedModel(2), ['y']);
    const exposed = await capture(2);
    expect([...exposed.outputs.keys()]).toEqual(['q', 'd', 'r', 'y', 'qf']);
    expect(exposed.outputs.get('q')).toMatchObject({
      dtype: 'uint8',
      data: Uint8Array.from([118, 131, 143, 158]),
    });
    expect(exposed.outputs.get('y')).toEqual(original.get('y'));
  });
});

describe('compareNodes', { timeout: 60_000 }, () => {
  const wasm = policyFor(['wasm']);

  it('names the node where a fault was put as the first divergent node, with its op type', async () => {
    const reference = await capture(2);
    const suspect = await capture(2.5);
    const result = compareNodes(reference.nodes, reference.outputs, suspect.outputs, wasm);
    expect(result.diffs.map((d) => [d.node, d.divergent])).toEqual([
      ['quantize', false],
      ['dequantize', false],
      ['relu', false],
      ['scale-up', true],
      ['flatten', false],
    ]);
    expect(result.firstDivergent?.node).toBe('scale-up');
    expect(result.firstJump?.node).toBe('scale-up');
    expect(result.firstDivergent).toMatchObject({
      opType: 'Mul',
      output: 'y',
      shape: [1, 4],
      maxAbsDiff: 1.5,
    });
  });

  const node = (name: string, input: string, quantized: boolean): GraphNode => ({
    name,
    opType: 'Op',
    domain: '',
    attributes: {},
    inputs: [input],
    outputs: [
      {
        name,
        dtype: quantized ? 'uint8' : 'float32',
        quantization: quantized ? { scale: 0.5, zeroPoint: 10 } : null,
      },
    ],
  });
  const u8 = (name: string, values: number[]): NamedTensor => ({
    name,
    dtype: 'uint8',
    shape: [values.length],
    data: Uint8Array.from(values),
  });
  const f32 = (name: string, values: number[]): NamedTensor => ({
    name,
    dtype: 'float32',
    shape: [values.length],
    data: Float32Array.from(values),
  });

  it('compares quantized outputs in quantization steps: one step is rounding, three diverge', () => {
    const nodes = [node('a', 'x', true), node('b', 'a', true)];
    const reference = new Map([
      ['a', u8('a', [10, 20])],
      ['b', u8('b', [10, 20])],
    ]);
    const suspect = new Map([
      ['a', u8('a', [11, 20])],
      ['b', u8('b', [13, 20])],
    ]);
    const { diffs, firstDivergent } = compareNodes(nodes, reference, suspect, wasm);
    expect(diffs.map((d) => [d.maxSteps, d.maxAbsDiff, d.divergent])).toEqual([
      [1, 0.5, false],
      [3, 1.5, true],
    ]);
    expect(firstDivergent?.node).toBe('b');
  });

  it('counts NaN and Inf as divergence', () => {
    const nodes = [node('a', 'x', false)];
    const result = compareNodes(
      nodes,
      new Map([['a', f32('a', [1, 1])]]),
      new Map([['a', f32('a', [NaN, 1])]]),
      wasm,
    );
    expect(result.diffs[0]).toMatchObject({ nonFinite: 1, divergent: true, maxAbsDiff: Infinity });
  });

  it('tells the first divergent node from the first tenfold jump when drift accumulates', () => {
    const nodes = [
      node('a', 'x', false),
      node('b', 'a', false),
      node('c', 'b', false),
      node('d', 'c', false),
    ];
    const reference = new Map(['a', 'b', 'c', 'd'].map((n) => [n, f32(n, [1, 1])]));
    // Within webgpu's 1e-3, then just past it, then tenfold: the jump is the last.
    const drift = new Map([
      ['a', f32('a', [1.0005, 1])],
      ['b', f32('b', [1.0008, 1])],
      ['c', f32('c', [1.003, 1])],
      ['d', f32('d', [1.5, 1])],
    ]);
    const result = compareNodes(nodes, reference, drift, policyFor(['wasm', 'webgpu']));
    expect(result.firstDivergent?.node).toBe('c');
    expect(result.firstJump?.node).toBe('d');
  });
});

describe('policyFor', () => {
  const conv: GraphNode = { name: 'c', opType: 'Conv', domain: '', attributes: {}, inputs: [], outputs: [] };
  it('takes the per-operator tolerance of the looser backend of the pair', () => {
    expect(policyFor(['wasm', 'webgpu-native'])(conv).float.absolute).toBe(1e-3);
    expect(policyFor(['wasm', 'cpu'])(conv).float.absolute).toBe(1e-4);
    expect(policyFor(['wasm', 'webgl'], { halfFloat: true })(conv).float.absolute).toBe(0.1);
  });
  it('names a backend it has no tolerance for', () => {
    expect(() => policyFor(['quantum'])(conv)).toThrow(/no tolerance is stated for backend "quantum"/);
  });
});

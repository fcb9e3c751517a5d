import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OrtAdapter } from '../adapters/ort/ort-adapter';
import { encodeModel } from '../convert/onnx/onnx-model';
import { DataType } from '../convert/onnx/onnx-schema';
import type { NamedTensor } from '../core/tensor';
import { exposeNodeOutputs } from './expose-outputs';
import { sliceGraph } from './slice-graph';

const assetBaseUrl = pathToFileURL(`${process.cwd()}/public/`).href;
const f32 = (dims: number[]) => ({
  tensorType: { elemType: DataType.FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } },
});

/** x[1,4] → Relu → a; (a, W) → Add → b; (b, x) → Mul → c; c → Neg → y: the last two read across slices. */
const model = encodeModel({
  irVersion: 8,
  opsetImport: [{ domain: '', version: 17 }],
  producerName: 'crosscheck-test',
  producerVersion: '1',
  graph: {
    name: 'chain',
    node: [
      { name: 'relu', opType: 'Relu', input: ['x'], output: ['a'], attribute: [] },
      { name: 'add', opType: 'Add', input: ['a', 'W'], output: ['b'], attribute: [] },
      { name: 'mul', opType: 'Mul', input: ['b', 'x'], output: ['c'], attribute: [] },
      { name: 'neg', opType: 'Neg', input: ['c'], output: ['y'], attribute: [] },
    ],
    initializer: [{ name: 'W', dims: [4], dataType: DataType.FLOAT, floatData: [1, 2, 3, 4] }],
    input: [{ name: 'x', type: f32([1, 4]) }],
    output: [{ name: 'y', type: f32([1, 4]) }],
  },
});
const x: NamedTensor = {
  name: 'x',
  dtype: 'float32',
  shape: [1, 4],
  data: Float32Array.from([-1, 2, -3, 4]),
};

/** Runs a model through the lab's ORT adapter (wasm, in Node). */
async function run(bytes: Uint8Array, inputs: NamedTensor[], names: string[]) {
  const adapter = new OrtAdapter('wasm', assetBaseUrl);
  await adapter.probe();
  await adapter.load({
    format: 'onnx',
    source: { kind: 'bytes', model: { entry: 'm.onnx', files: { 'm.onnx': bytes.slice().buffer } } },
    expectedInputs: inputs.map(({ name, dtype, shape }) => ({ name, dtype, shape })),
  });
  const { outputs } = await adapter.infer({ inputs, outputs: names });
  await adapter.dispose();
  return new Map(outputs.map((o) => [o.name, o]));
}

describe('sliceGraph', { timeout: 60_000 }, () => {
  it('splits the graph into runs of nodes fed the reference values at their boundary, each reproducing the whole', async () => {
    const exposed = exposeNodeOutputs(model);
    const whole = await run(exposed.bytes, [x], exposed.names);
    const values = new Map([['x', x], ...whole]);
    const slices = sliceGraph(model, values, 2);
    expect(slices.map((s) => [s.inputs.map((t) => t.name), s.outputs])).toEqual([
      [['x'], ['a', 'b']],
      // Mul reads the model's input from across the boundary as well as b.
      [
        ['b', 'x'],
        ['c', 'y'],
      ],
    ]);
    for (const slice of slices) {
      const part = await run(slice.model, slice.inputs, slice.outputs);
      for (const name of slice.outputs) expect(part.get(name)).toEqual(whole.get(name));
    }
  });

  it('feeds a slice what it is given, so a wrong value at a boundary stays in its own slice', async () => {
    const b: NamedTensor = {
      name: 'b',
      dtype: 'float32',
      shape: [1, 4],
      data: Float32Array.from([1, 1, 1, 1]),
    };
    const [, second] = sliceGraph(
      model,
      new Map([
        ['x', x],
        ['b', b],
      ]),
      2,
    );
    const part = await run(second.model, second.inputs, second.outputs);
    expect(Array.from(part.get('y')!.data as Float32Array)).toEqual([1, -2, 3, -4]);
  });

  it('names the input it has no value for, and refuses a slice size below one', () => {
    expect(() => sliceGraph(model, new Map([['x', x]]), 2)).toThrow(/no reference value for its input "b"/);
    expect(() => sliceGraph(model, new Map(), 0)).toThrow(/nodesPerSlice must be a whole number ≥ 1, got 0/);
  });
});

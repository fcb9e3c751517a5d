import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel, type OnnxModel } from './onnx-model';
import { DataType } from './onnx-schema';
import type { NamedTensor } from '../../core/tensor';
import { exposeNodeOutputs } from '../../localize/expose-outputs';
import { decomposeModel } from './decompose-model';

const f32 = (name: string, dims: number[]) => ({
  name,
  type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
});
const node = (opType: string, input: string[], output: string[]) => ({
  name: '',
  opType,
  input,
  output,
  attribute: [],
});

/** x[1,4] → Relu → a → Relu → b; (b, W) → MatMul → c[1,2]; plus a Constant nobody runs alone. */
const model: OnnxModel = {
  irVersion: 8,
  opsetImport: [{ domain: '', version: 17 }],
  producerName: 'test',
  producerVersion: '0',
  graph: {
    name: 'tiny',
    node: [
      node('Relu', ['x'], ['a']),
      node('Relu', ['a'], ['b']),
      node('MatMul', ['b', 'W'], ['c']),
      { ...node('Constant', [], ['k']), attribute: [{ name: 'value_float', type: 1, f: 2 }] },
    ],
    initializer: [
      {
        name: 'W',
        dims: [4, 2],
        dataType: DataType.FLOAT,
        rawData: new Uint8Array(new Float32Array([1, 0, 0, 1, 1, 0, 0, 1]).buffer),
      },
    ],
    input: [f32('x', [1, 4])],
    output: [f32('c', [1, 2])],
  },
};

async function runOrt(
  bytes: Uint8Array,
  feeds: NamedTensor[],
  outputs: string[],
): Promise<Map<string, NamedTensor>> {
  const session = await ort.InferenceSession.create(bytes);
  const feed = Object.fromEntries(feeds.map((t) => [t.name, new ort.Tensor(t.dtype, t.data, t.shape)]));
  const results = await session.run(feed, outputs);
  await session.release();
  return new Map(
    outputs.map((name) => {
      const t = results[name];
      return [name, { name, dtype: 'float32', shape: [...t.dims], data: t.data as Float32Array }];
    }),
  );
}

describe('decomposeModel', () => {
  it('turns one run of the exposed model into distinct single-node models that run alone', async () => {
    const exposed = exposeNodeOutputs(encodeModel(model));
    expect(exposed.names).toEqual(['c', 'a', 'b', 'k']);
    const x: NamedTensor = {
      name: 'x',
      dtype: 'float32',
      shape: [1, 4],
      data: new Float32Array([-1, 2, -3, 4]),
    };
    const values = await runOrt(exposed.bytes, [x], ['a', 'b', 'c']);
    values.set('x', x);

    const cases = decomposeModel(model, values);
    // Both Relus take [1,4] float32 with the same attributes: one configuration, seen twice.
    expect(cases.map((c) => [c.id, c.occurrences])).toEqual([
      ['Relu#1', 2],
      ['MatMul#1', 1],
    ]);
    const matmul = cases[1];
    const single = decodeModel(matmul.model);
    expect(single.graph.node.map((n) => n.opType)).toEqual(['MatMul']);
    expect(single.graph.initializer.map((t) => t.name)).toEqual(['W']);
    expect(single.graph.output[0].type?.tensorType.shape?.dim).toEqual([{ dimValue: 1 }, { dimValue: 2 }]);
    expect(matmul.inputs.map((t) => [t.name, t.shape])).toEqual([['b', [1, 4]]]);
    // Alone, the node reproduces what it computed inside the whole model.
    const alone = await runOrt(matmul.model, matmul.inputs, matmul.outputs);
    expect(Array.from(alone.get('c')!.data as Float32Array)).toEqual(
      Array.from(values.get('c')!.data as Float32Array),
    );
  });
});

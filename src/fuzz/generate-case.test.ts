import { describe, expect, it } from 'vitest';
import { decodeModel, toNumber, type OnnxModel } from '../convert/onnx/onnx-model';
import { tensorFromProto } from '../convert/onnx/read-tensor';
import { runOnnxNode } from '../../node-reference/run-onnx-node';
import { generateCase, VALUE_LIMIT } from './generate-case';
import { inferNode, type FuzzDtype, type ValueFacts } from './infer-node';

/** Every value's facts, from the decoded model alone: the fuzzer's shape inference over the whole graph. */
function inferGraph(model: OnnxModel): Map<string, ValueFacts> {
  const facts = new Map<string, ValueFacts>();
  for (const init of model.graph.initializer) {
    const read = tensorFromProto(init, init.name);
    if (!('tensor' in read)) throw new Error(read.skip);
    const { dtype, shape, data } = read.tensor;
    facts.set(init.name, { dtype: dtype as FuzzDtype, shape, bound: 0, data: data as ValueFacts['data'] });
  }
  for (const input of model.graph.input) {
    const shape = (input.type?.tensorType.shape?.dim ?? []).map((d) =>
      'dimValue' in d ? toNumber(d.dimValue) : -1,
    );
    facts.set(input.name, { dtype: 'float32', shape, bound: 1 });
  }
  for (const node of model.graph.node) {
    const out = inferNode(
      node,
      node.input.map((name) => (name ? facts.get(name) : undefined)),
    );
    node.output.forEach((name, i) => facts.set(name, out[i]));
  }
  return facts;
}

const declaredShape = (model: OnnxModel) =>
  (model.graph.output[0].type?.tensorType.shape?.dim ?? []).map((d) =>
    'dimValue' in d ? toNumber(d.dimValue) : -1,
  );

describe('generateCase', () => {
  it('gives byte-identical models and inputs for a seed, and other graphs for other seeds', () => {
    for (const seed of [0, 1, 42, 2 ** 31 + 5]) {
      const [a, b] = [generateCase(seed), generateCase(seed)];
      expect(a.bytes).toEqual(b.bytes);
      expect(a.inputs).toEqual(b.inputs);
    }
    const distinct = new Set(
      Array.from({ length: 20 }, (_, s) => Buffer.from(generateCase(s).bytes).toString('hex')),
    );
    expect(distinct.size).toBe(20);
  });

  it('writes graphs of 1 to 6 operators that its own shape inference accepts after decoding, bounded', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 300; seed++) {
      const c = generateCase(seed);
      expect(c.ops.length).toBeGreaterThanOrEqual(1);
      expect(c.ops.length).toBeLessThanOrEqual(6);
      expect(c.bound).toBeLessThanOrEqual(VALUE_LIMIT);
      const model = decodeModel(c.bytes);
      const facts = inferGraph(model);
      expect(facts.get(c.output)?.shape, `seed ${seed}`).toEqual(declaredShape(model));
      c.ops.forEach((op) => seen.add(op));
    }
    // Every operator of the list is drawn somewhere in 300 seeds.
    expect([...seen].sort()).toEqual(
      [
        'Add',
        'AveragePool',
        'Clip',
        'Concat',
        'Conv',
        'DequantizeLinear',
        'Gemm',
        'GlobalAveragePool',
        'MaxPool',
        'Mul',
        'Pad',
        'QLinearConv',
        'QuantizeLinear',
        'ReduceMean',
        'Relu',
        'Reshape',
        'Resize',
        'Sigmoid',
        'Softmax',
        'Tanh',
        'Transpose',
      ].sort(),
    );
  });

  it('writes graphs onnxruntime-node loads and runs to the inferred shape with finite values', async () => {
    for (let seed = 0; seed < 120; seed++) {
      const c = generateCase(seed);
      const [out] = await runOnnxNode(c.bytes, c.inputs).catch((error: Error) => {
        throw new Error(`seed ${seed} (${c.ops.join(' → ')}): ${error.message}`);
      });
      expect(out.shape, `seed ${seed} (${c.ops.join(' → ')})`).toEqual(declaredShape(c.model));
      expect(Array.from(out.data as Float32Array).every(Number.isFinite), `seed ${seed}`).toBe(true);
    }
  });
});

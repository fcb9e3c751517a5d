import { describe, expect, it } from 'vitest';
import { runOnnxNode } from '../../node-reference/run-onnx-node';
import { DataType } from '../convert/onnx/onnx-schema';
import { decodeModel, floatData } from '../convert/onnx/onnx-model';
import { makeOnnxVariant } from './make-variant';
import { smallInput, smallInputShape, smallOnnxModel } from './small-onnx-model.test-fixture';
import { parseVariantSpec } from './variant-spec';
import { weightTensors } from './weight-tensors';

const original = smallOnnxModel();
const seeds = [1, 2, 3, 4, 5, 6, 7, 8];

async function logits(bytes: Uint8Array, seed: number): Promise<Float32Array> {
  const [output] = await runOnnxNode(bytes, [
    { name: 'x', dtype: 'float32', shape: smallInputShape, data: smallInput(seed) },
  ]);
  return output.data as Float32Array;
}

/** The largest |Δ| between the variant's logits and the original's over the seeded inputs, and their largest |value|. */
async function drift(bytes: Uint8Array): Promise<{ maxAbs: number; scale: number }> {
  let maxAbs = 0;
  let scale = 0;
  for (const seed of seeds) {
    const [a, b] = await Promise.all([logits(original, seed), logits(bytes, seed)]);
    a.forEach((v, i) => {
      maxAbs = Math.max(maxAbs, Math.abs(v - b[i]));
      scale = Math.max(scale, Math.abs(v));
    });
  }
  return { maxAbs, scale };
}

const variant = (spec: string) => makeOnnxVariant(original, parseVariantSpec(spec));

describe('variants of a small ONNX model, run in onnxruntime-node', () => {
  it('fp16: float16 weights and ops, float32 interface; within float16 tolerance of the original', async () => {
    const made = await variant('fp16');
    const model = decodeModel(made.bytes);
    const types = new Set(model.graph.initializer.map((t) => t.dataType));
    expect(types.has(DataType.FLOAT)).toBe(false);
    expect(types.has(DataType.FLOAT16)).toBe(true);
    expect(model.graph.input[0].type?.tensorType.elemType).toBe(DataType.FLOAT);
    expect(made.detail).toContain('kept in float32: Greater×1, Where×1');
    expect(made.bytes.byteLength).toBeLessThan(original.byteLength);
    const { maxAbs, scale } = await drift(made.bytes);
    // float16 keeps 11 significant bits: a relative error of 2^-11 per rounding, a few roundings deep.
    expect(maxAbs).toBeLessThan(1e-2 * scale);
    expect(maxAbs).toBeGreaterThan(0);
  });

  it('int8: per-channel int8 weights behind DequantizeLinear; within the quantization tolerance', async () => {
    const made = await variant('int8');
    const model = decodeModel(made.bytes);
    const dequantize = model.graph.node.filter((n) => n.opType === 'DequantizeLinear');
    expect(dequantize.map((n) => n.output[0])).toEqual(['w1', 'w2', 'w3']);
    // Per channel: one scale per output channel (Gemm with transB: axis 0 of [5, 8]).
    const scale = model.graph.initializer.find((t) => t.name === 'w3/int8_scale')!;
    expect(scale.dims).toEqual([5]);
    const { maxAbs, scale: magnitude } = await drift(made.bytes);
    // Each weight is off by at most half a step (max|w|/254 of its channel): a few per cent of the output.
    expect(maxAbs).toBeLessThan(5e-2 * magnitude);
    expect(maxAbs).toBeGreaterThan(0);
  });

  it('prune: each weight tensor reaches the asked sparsity', async () => {
    const made = await variant('prune[sparsity=0.5]');
    for (const { tensor, values } of weightTensors(decodeModel(made.bytes))) {
      const zeros = values.filter((v) => v === 0).length;
      expect(zeros, tensor.name).toBe(Math.floor(values.length * 0.5));
    }
    expect(made.detail).toMatch(/50\.00 % of 328 weights are zero/);
  });

  it.each([
    ['mutant[op=relu-to-relu6,seed=1]', 'Clip'],
    ['mutant[op=relu6-to-relu,seed=1]', 'Relu'],
    ['mutant[op=activation-to-sigmoid,seed=3]', 'Sigmoid'],
    ['mutant[op=activation-to-leaky-relu,seed=3]', 'LeakyRelu'],
    ['mutant[op=add-to-sub,seed=1]', 'Sub'],
    ['mutant[op=mul-to-div,seed=1]', 'Div'],
    ['mutant[op=max-to-min,seed=1]', 'Min'],
    ['mutant[op=greater-to-less,seed=1]', 'Less'],
  ])('%s is deterministic, changes the graph (to %s) and the outputs', async (spec, op) => {
    const [a, b] = await Promise.all([variant(spec), variant(spec)]);
    expect(a.sha256).toBe(b.sha256);
    expect(a.bytes).toEqual(b.bytes);
    expect(a.sha256).not.toBe(a.originalSha256);
    const before = decodeModel(original).graph.node.filter((n) => n.opType === op).length;
    const after = decodeModel(a.bytes).graph.node.filter((n) => n.opType === op).length;
    expect(after).toBeGreaterThan(before);
    expect((await drift(a.bytes)).maxAbs).toBeGreaterThan(0);
  });

  it('weight noise: the same seed gives the same bytes, another seed others; nodes=all touches every weight', async () => {
    const [a, b, c] = await Promise.all([
      variant('mutant[op=weight-noise,scale=0.05,seed=1]'),
      variant('mutant[op=weight-noise,scale=0.05,seed=1]'),
      variant('mutant[op=weight-noise,scale=0.05,seed=2]'),
    ]);
    expect(a.sha256).toBe(b.sha256);
    expect(c.sha256).not.toBe(a.sha256);
    const all = await variant('mutant[nodes=all,op=weight-noise,seed=1]');
    const changed = (bytes: Uint8Array) => {
      const before = new Map(weightTensors(decodeModel(original)).map((w) => [w.tensor.name, w.values]));
      return weightTensors(decodeModel(bytes)).filter(
        (w) => !w.values.every((v, i) => v === before.get(w.tensor.name)![i]),
      ).length;
    };
    expect(changed(a.bytes)).toBe(1);
    expect(changed(all.bytes)).toBe(3);
    expect((await drift(all.bytes)).maxAbs).toBeGreaterThan(0);
  });

  it('refuses an operator the model has no place for, naming its ops', async () => {
    await expect(variant('mutant[op=div-to-mul,seed=1]')).rejects.toThrow(
      /mutant op=div-to-mul: no node of the model is one it changes \(the model's ops: Add, Clip, Conv/,
    );
  });

  it('keeps the spec and the original hash in the metadata; the original leaves the bytes alone', async () => {
    const made = await variant('prune[sparsity=0.25]');
    const metadata = decodeModel(made.bytes).metadataProps ?? [];
    expect(metadata).toContainEqual({ key: 'crosscheck.variant', value: 'prune[sparsity=0.25]' });
    expect(metadata).toContainEqual({
      key: 'crosscheck.variant.original_sha256',
      value: made.originalSha256,
    });
    const same = await variant('original');
    expect(same.sha256).toBe(same.originalSha256);
    // The original model object is never modified by a transform.
    expect(floatData(decodeModel(original).graph.initializer[0])).toEqual(
      floatData(decodeModel(smallOnnxModel()).graph.initializer[0]),
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { NamedTensor } from '../core/tensor';
import type { GraphNode } from './expose-outputs';
import { sampleIndices, summarizeOutput } from './trace-summary';

const node = (quantization: GraphNode['outputs'][number]['quantization'] = null): GraphNode => ({
  name: 'conv<1>',
  opType: 'Conv',
  domain: '',
  attributes: {},
  inputs: ['x'],
  outputs: [{ name: 'y', dtype: 'float32', quantization }],
});
const tensor = (values: number[]): NamedTensor => ({
  name: 'y',
  dtype: 'float32',
  shape: [1, values.length],
  data: Float32Array.from(values),
});

describe('sampleIndices', () => {
  it('takes every element of a small output and fixed spread indices of a large one, the same each time', () => {
    expect(sampleIndices(5, 32)).toEqual([0, 1, 2, 3, 4]);
    const large = sampleIndices(1_000_000, 32);
    expect(large).toHaveLength(32);
    expect(large).toEqual(sampleIndices(1_000_000, 32));
    expect(large.every((i) => i >= 0 && i < 1_000_000)).toBe(true);
    expect(new Set(large).size).toBeGreaterThan(30);
  });
});

describe('summarizeOutput', () => {
  it('keeps the hash, the statistics over finite elements, the non-finite count and the sample', async () => {
    const summary = await summarizeOutput(node(), node().outputs[0], tensor([1, -3, NaN, 2, Infinity]));
    expect(summary).toMatchObject({
      name: 'conv1',
      op: 'Conv',
      output: 'y',
      inputs: ['x'],
      shape: [1, 5],
      dtype: 'float32',
      min: -3,
      max: 2,
      mean: 0,
      nonFinite: 2,
      sample: [1, -3, null, 2, null],
    });
    expect(summary.std).toBeCloseTo(Math.sqrt(14 / 3), 6);
    expect(summary.l2).toBeCloseTo(Math.sqrt(14), 6);
    expect(summary.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('dequantizes a quantized output: its statistics and sample are real values', async () => {
    const q = { scale: 0.5, zeroPoint: 128 };
    const quantized: NamedTensor = {
      name: 'y',
      dtype: 'uint8',
      shape: [3],
      data: Uint8Array.from([126, 128, 132]),
    };
    const summary = await summarizeOutput(node(q), node(q).outputs[0], quantized);
    expect(summary).toMatchObject({ min: -1, max: 2, sample: [-1, 0, 2], quantization: q });
  });
});

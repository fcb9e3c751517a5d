import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NamedTensor } from '../core/tensor';
import { compareTraces, type CapturedTrace } from './compare-traces';
import type { GraphNode } from './expose-outputs';
import { summarizeCapture } from './trace-summary';

/** A chain x → n0 → n1 → … each reading the one before. */
function chain(length: number): GraphNode[] {
  return Array.from({ length }, (_, i) => ({
    name: `n${i}`,
    opType: 'Conv',
    domain: '',
    attributes: {},
    inputs: [i ? `o${i - 1}` : 'x'],
    outputs: [{ name: `o${i}`, dtype: 'float32', quantization: null }],
  }));
}

async function trace(nodes: GraphNode[], values: number[][], backend = 'wasm'): Promise<CapturedTrace> {
  const outputs = new Map<string, NamedTensor>(
    values.map((v, i) => [
      `o${i}`,
      { name: `o${i}`, dtype: 'float32', shape: [v.length], data: Float32Array.from(v) },
    ]),
  );
  return {
    configId: 'tfjs-cpu',
    backend,
    halfFloat: false,
    method: 'exposed-outputs',
    elapsedMs: 1,
    nodes: await summarizeCapture(nodes, outputs),
  };
}

const layer = fc.array(fc.float({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }), {
  minLength: 1,
  maxLength: 300,
});
const layers = fc.array(layer, { minLength: 1, maxLength: 8 });

describe('compareTraces', () => {
  it('never finds a divergence between two traces of identical tensors', async () => {
    await fc.assert(
      fc.asyncProperty(layers, async (values) => {
        const nodes = chain(values.length);
        const result = compareTraces(await trace(nodes, values), await trace(nodes, values, 'webgl'));
        expect(result.firstDivergent).toBeNull();
        expect(result.diffs.every((d) => d.maxAbsDiff === 0 && d.cosine === 1)).toBe(true);
      }),
    );
  });

  it('names node k when every output from node k on moves beyond the tolerance', async () => {
    await fc.assert(
      fc.asyncProperty(
        layers.chain((values) =>
          fc.tuple(
            fc.constant(values),
            fc.nat(values.length - 1),
            fc.double({ min: 0.01, max: 10, noNaN: true }),
          ),
        ),
        async ([values, k, delta]) => {
          const nodes = chain(values.length);
          // Each element moves by delta times a sign of its own, so neither hash nor sample can agree.
          const moved = values.map((v, i) =>
            i < k ? v : v.map((x, j) => x + (j % 2 ? delta : -delta) * (1 + Math.abs(x))),
          );
          const result = compareTraces(await trace(nodes, values), await trace(nodes, moved));
          expect(result.firstDivergent?.node).toBe(`n${k}`);
          expect(result.firstDivergent!.maxAbsDiff).toBeGreaterThanOrEqual(delta * 0.99);
        },
      ),
    );
  });

  it('finds a change the sample misses from the statistics: one element far off in a large output', async () => {
    const nodes = chain(2);
    const values = [Array.from({ length: 10_000 }, (_, i) => Math.sin(i)), [1, 2, 3]];
    const changed = values.map((v) => [...v]);
    // Index 9_999 is not among the sampled ones; it becomes the maximum.
    changed[0][9_999] = 50;
    const result = compareTraces(await trace(nodes, values), await trace(nodes, changed));
    expect(result.firstDivergent?.node).toBe('n0');
    expect(result.firstDivergent!.maxAbsDiff).toBeGreaterThan(48);
  });

  it('holds the pair to the looser backend: a drift within webgl’s bound is no divergence there', async () => {
    const nodes = chain(1);
    const values = [[1, 2, 3, 4]];
    const drifted = [[1.0005, 2.0005, 3.0005, 4.0005]];
    expect(compareTraces(await trace(nodes, values), await trace(nodes, drifted)).firstDivergent?.node).toBe(
      'n0',
    );
    expect(
      compareTraces(await trace(nodes, values), await trace(nodes, drifted, 'webgl')).firstDivergent,
    ).toBeNull();
  });
});

import type { TraceConfig, TraceNode } from '../core/result-schema';
import type { NamedTensor } from '../core/tensor';
import {
  diffOutput,
  policyFor,
  walkGraph,
  type Localization,
  type NodeDiff,
  type TolerancePolicy,
} from './compare-nodes';
import type { GraphNode } from './expose-outputs';

/** A configuration's trace that was captured (not one that failed). */
export type CapturedTrace = Extract<TraceConfig, { nodes: unknown }>;

/** The graph a trace walked, in its order: one node per name, with every output it traced. */
export function traceGraph(entries: readonly TraceNode[]): GraphNode[] {
  const byName = new Map<string, GraphNode>();
  for (const e of entries) {
    const node = byName.get(e.name) ?? {
      name: e.name,
      opType: e.op,
      domain: '',
      attributes: {},
      inputs: e.inputs,
      outputs: [],
    };
    node.outputs.push({ name: e.output, dtype: e.dtype, quantization: e.quantization });
    byName.set(e.name, node);
  }
  return [...byName.values()];
}

const sampleTensor = (e: TraceNode): NamedTensor => ({
  name: e.output,
  dtype: 'float32',
  shape: [e.sample.length],
  data: Float32Array.from(e.sample, (v) => v ?? NaN),
});

/** The per-operator policy of the two traces' backends (the looser of the pair), as in one device. */
export function tracePolicy(reference: CapturedTrace, suspect: CapturedTrace): TolerancePolicy {
  return policyFor([reference.backend, suspect.backend], {
    halfFloat: reference.halfFloat || suspect.halfFloat,
  });
}

/**
 * What the statistics alone prove about the largest element difference: for any two tensors of n
 * elements, max|a−b| ≥ |max a − max b|, |min a − min b|, |mean a − mean b| and | ‖a‖ − ‖b‖ | / √n.
 */
function statsBound(a: TraceNode, b: TraceNode): number {
  const n = Math.max(1, a.shape.reduce((x, y) => x * y, 1) - a.nonFinite);
  const gap = (x: number | null, y: number | null, over = 1) =>
    x === null || y === null ? 0 : Math.abs(x - y) / over;
  return Math.max(gap(a.max, b.max), gap(a.min, b.min), gap(a.mean, b.mean), gap(a.l2, b.l2, Math.sqrt(n)));
}

function identical(node: GraphNode, a: TraceNode): NodeDiff {
  const base = { node: node.name, opType: node.opType, output: a.output, shape: a.shape };
  return {
    ...base,
    ...{ maxAbsDiff: 0, relativeDiff: 0, cosine: 1, nonFinite: 0 },
    maxSteps: a.quantization ? 0 : null,
    divergent: false,
  };
}

/**
 * Localizes one configuration's trace against another's (two devices, or two configurations), node by
 * node in the reference trace's graph order, without tensors: equal hashes are identical outputs;
 * otherwise the sample at the shared hashed indices gives the errors and cosine, and the statistics a
 * lower bound on the largest difference. Divergent when a sampled element leaves the per-operator
 * tolerance of the pair, or when the statistics prove one must (so a change the sample misses still
 * shows when it moves the range, mean or norm). The errors are therefore estimates from below.
 */
export function compareTraces(
  reference: CapturedTrace,
  suspect: CapturedTrace,
  policy = tracePolicy(reference, suspect),
): Localization {
  const theirs = new Map(suspect.nodes.map((e) => [e.output, e]));
  const ours = new Map(reference.nodes.map((e) => [e.output, e]));
  return walkGraph(traceGraph(reference.nodes), (node, output) => {
    const [a, b] = [ours.get(output.name), theirs.get(output.name)];
    if (!a || !b) return null;
    const sameShape = a.shape.join() === b.shape.join();
    if (sameShape && a.sha256 === b.sha256) return identical(node, a);
    const tolerance = policy(node);
    // Values are real already (dequantized when traced): compared as floats, quantization steps below.
    const d = diffOutput(
      node,
      { ...output, quantization: null },
      sampleTensor(a),
      sampleTensor(b),
      tolerance,
    );
    if (!sameShape)
      return { ...d, shape: a.shape, maxAbsDiff: Infinity, relativeDiff: Infinity, divergent: true };
    const scale = Math.max(Math.abs(a.min ?? 0), Math.abs(a.max ?? 0));
    const maxAbsDiff = Math.max(d.maxAbsDiff, statsBound(a, b));
    // Every element within tolerance keeps every difference under this; the statistics' bound above it
    // proves an element outside it.
    const { absolute, relativeRatio } = tolerance.float;
    const allowed = Math.max(absolute, (relativeRatio - 1) * relativeRatio * scale);
    const nonFinite = Math.max(d.nonFinite, b.nonFinite - a.nonFinite);
    const maxSteps = a.quantization ? Math.round(maxAbsDiff / a.quantization.scale) : null;
    const beyond = maxSteps === null ? d.divergent || statsBound(a, b) > allowed : maxSteps > tolerance.steps;
    return {
      ...d,
      shape: a.shape,
      maxAbsDiff,
      relativeDiff: maxAbsDiff / Math.max(scale, 1e-12),
      nonFinite,
      maxSteps,
      divergent: nonFinite > 0 || beyond,
    };
  });
}

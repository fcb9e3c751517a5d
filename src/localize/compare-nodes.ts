import type { NamedTensor } from '../core/tensor';
import { floatsAgree, toleranceBackend, toleranceFor, type Tolerance } from '../core/tolerance/per-operator';
import type { GraphNode, Quantization } from './expose-outputs';

/**
 * How far a node's output may move before it counts as divergent: float outputs by the per-operator
 * policy (src/core/tolerance/per-operator.ts: an element passes when the absolute or the relative bound
 * holds); quantized outputs by at most `steps` quantization steps.
 */
export interface NodeTolerance {
  float: Tolerance;
  steps: number;
}
export type TolerancePolicy = (node: GraphNode) => NodeTolerance;

/**
 * The per-operator policy for a pair of configurations: the looser of the two backends' tolerances (a
 * comparison can be no tighter than its less exact side), and one quantization step (int8 kernels may
 * round either way).
 */
export function policyFor(
  backends: readonly string[],
  options: { halfFloat?: boolean } = {},
): TolerancePolicy {
  return (node) => {
    const [float] = backends
      .map((backend) => toleranceFor(toleranceBackend(backend), { op: node.opType, ...options }))
      .sort((a, b) => b.absolute - a.absolute);
    return { float, steps: 1 };
  };
}

export interface NodeDiff {
  node: string;
  opType: string;
  output: string;
  shape: number[];
  maxAbsDiff: number;
  /** maxAbsDiff over the reference's largest magnitude. */
  relativeDiff: number;
  cosine: number;
  /** Elements that are NaN or ±Inf in the suspect but finite in the reference. */
  nonFinite: number;
  /** For quantized outputs: the largest difference in quantization steps; null for float outputs. */
  maxSteps: number | null;
  divergent: boolean;
}

export interface Localization {
  /** Every compared node output in graph order. */
  diffs: NodeDiff[];
  firstDivergent: NodeDiff | null;
  /** The first divergent output whose relative error is ≥ 10× the largest among the outputs it reads. */
  firstJump: NodeDiff | null;
}

function realValues(tensor: NamedTensor, quantization: Quantization | null): Float64Array {
  const out = new Float64Array(tensor.data.length);
  const { scale, zeroPoint } = quantization ?? { scale: 1, zeroPoint: 0 };
  for (let i = 0; i < out.length; i++) out[i] = (Number(tensor.data[i]) - zeroPoint) * scale;
  return out;
}

/** One output of two runs compared element by element, its divergence by the tolerance given. */
export function diffOutput(
  node: GraphNode,
  output: GraphNode['outputs'][number],
  reference: NamedTensor,
  suspect: NamedTensor,
  tolerance: NodeTolerance,
): NodeDiff {
  const base = { node: node.name, opType: node.opType, output: output.name, shape: reference.shape };
  if (reference.data.length !== suspect.data.length) {
    const rest = { maxAbsDiff: Infinity, relativeDiff: Infinity, cosine: NaN, nonFinite: 0 };
    return { ...base, ...rest, maxSteps: output.quantization ? Infinity : null, divergent: true };
  }
  const a = realValues(reference, output.quantization);
  const b = realValues(suspect, output.quantization);
  let maxAbsDiff = 0;
  let scale = 0;
  let dot = 0;
  let normA = 0;
  let normB = 0;
  let nonFinite = 0;
  let beyond = false;
  for (let i = 0; i < a.length; i++) {
    if (Number.isFinite(a[i]) && !Number.isFinite(b[i])) nonFinite++;
    const d = Math.abs(a[i] - b[i]);
    maxAbsDiff = Math.max(maxAbsDiff, Number.isNaN(d) ? Infinity : d);
    scale = Math.max(scale, Math.abs(a[i]));
    if (!floatsAgree(b[i], a[i], tolerance.float)) beyond = true;
    dot += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  const cosine = normA === 0 && normB === 0 ? 1 : dot / Math.sqrt(normA * normB);
  const maxSteps = output.quantization ? Math.round(maxAbsDiff / output.quantization.scale) : null;
  const divergent = nonFinite > 0 || (maxSteps === null ? beyond : maxSteps > tolerance.steps);
  return {
    ...base,
    maxAbsDiff,
    relativeDiff: maxAbsDiff / Math.max(scale, 1e-12),
    cosine,
    nonFinite,
    maxSteps,
    divergent,
  };
}

/** Compares one node output of two runs; null when either run lacks it (the output is skipped). */
export type OutputComparer = (node: GraphNode, output: GraphNode['outputs'][number]) => NodeDiff | null;

/**
 * Walks the graph in order, comparing every output both runs have, and names the first that leaves the
 * reference and the first where the error grows tenfold over its inputs' (often the culprit when drift
 * accumulates). Tensors (`compareNodes`) and stored summaries (`compareTraces`) share this walk.
 */
export function walkGraph(nodes: readonly GraphNode[], compare: OutputComparer): Localization {
  const diffs: NodeDiff[] = [];
  const errorOf = new Map<string, number>();
  let firstJump: NodeDiff | null = null;
  for (const node of nodes) {
    const inputError = Math.max(0, ...node.inputs.map((name) => errorOf.get(name) ?? 0));
    for (const output of node.outputs) {
      const d = compare(node, output);
      if (!d) continue;
      diffs.push(d);
      errorOf.set(output.name, d.relativeDiff);
      if (!firstJump && d.divergent && !(d.relativeDiff < 10 * inputError)) firstJump = d;
    }
  }
  return { diffs, firstDivergent: diffs.find((d) => d.divergent) ?? null, firstJump };
}

/**
 * Compares every node output the two runs both captured, in graph order (`walkGraph`). Outputs missing
 * from either run are skipped.
 */
export function compareNodes(
  nodes: readonly GraphNode[],
  reference: ReadonlyMap<string, NamedTensor>,
  suspect: ReadonlyMap<string, NamedTensor>,
  policy: TolerancePolicy,
): Localization {
  return walkGraph(nodes, (node, output) => {
    const [a, b] = [reference.get(output.name), suspect.get(output.name)];
    return a && b ? diffOutput(node, output, a, b, policy(node)) : null;
  });
}

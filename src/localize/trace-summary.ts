import { float16ToFloat32 } from '../core/float16';
import { sha256Hex } from '../core/preprocess/sha256';
import type { RunResult, TraceNode } from '../core/result-schema';
import type { NamedTensor } from '../core/tensor';
import type { GraphNode, Quantization } from './expose-outputs';
import { plain } from './localization-record';

/** Values kept per node output: enough to see a changed layer, small enough for 161 layers × 8 configurations. */
export const traceSampleSize = 32;

/** murmur3's 32-bit finalizer: spreads 1, 2, 3… over the tensor, the same way on every device. */
function mix(j: number): number {
  let h = j >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The element indices a trace samples from an output of `length` elements: every one when it is small. */
export function sampleIndices(length: number, size = traceSampleSize): number[] {
  if (length <= size) return Array.from({ length }, (_, i) => i);
  return Array.from({ length: size }, (_, j) => mix(j + 1) % length);
}

/** The tensor's real values: float16 decoded, int64 as numbers, quantized values dequantized. */
function realValues(tensor: NamedTensor, quantization: Quantization | null): Float64Array {
  const { scale, zeroPoint } = quantization ?? { scale: 1, zeroPoint: 0 };
  const raw =
    tensor.dtype === 'float16' ? Array.from(tensor.data as Uint16Array, float16ToFloat32) : tensor.data;
  const out = new Float64Array(raw.length);
  for (let i = 0; i < out.length; i++) out[i] = (Number(raw[i]) - zeroPoint) * scale;
  return out;
}

/** Nine significant digits: a float32 survives the round trip, and the JSON stays short. */
const kept = (x: number) => Number(x.toPrecision(9));
const finiteOrNull = (x: number) => (Number.isFinite(x) ? kept(x) : null);

/**
 * One node output as a trace keeps it: its hash, statistics over its finite elements, and its values at
 * fixed hashed indices, so another device's trace can be compared with it without the tensor.
 */
export async function summarizeOutput(
  node: GraphNode,
  output: GraphNode['outputs'][number],
  tensor: NamedTensor,
  sampleSize = traceSampleSize,
): Promise<TraceNode> {
  const values = realValues(tensor, output.quantization);
  let [min, max, sum, squares, count, nonFinite] = [Infinity, -Infinity, 0, 0, 0, 0];
  for (const v of values) {
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    squares += v * v;
    count++;
  }
  const mean = count ? sum / count : NaN;
  const variance = count ? Math.max(0, squares / count - mean * mean) : NaN;
  return {
    name: plain(node.name, 512),
    op: plain(node.opType, 128),
    output: plain(output.name, 512),
    inputs: node.inputs.slice(0, 256).map((name) => plain(name, 512)),
    shape: tensor.shape,
    dtype: tensor.dtype,
    quantization: output.quantization,
    sha256: await sha256Hex(tensor.data),
    min: finiteOrNull(min),
    max: finiteOrNull(max),
    mean: finiteOrNull(mean),
    std: finiteOrNull(Math.sqrt(variance)),
    l2: count ? finiteOrNull(Math.sqrt(squares)) : null,
    nonFinite,
    sample: sampleIndices(values.length, sampleSize).map((i) => finiteOrNull(values[i])),
  };
}

/** Every captured output of a graph, in graph order, as a trace keeps it; outputs not captured are left out. */
export async function summarizeCapture(
  nodes: readonly GraphNode[],
  outputs: ReadonlyMap<string, NamedTensor>,
): Promise<TraceNode[]> {
  const summaries: TraceNode[] = [];
  for (const node of nodes)
    for (const output of node.outputs) {
      const tensor = outputs.get(output.name);
      if (tensor) summaries.push(await summarizeOutput(node, output, tensor));
    }
  return summaries;
}

/** The CLI's `--trace` report: one line per traced configuration, its nodes, time and share of the record. */
export function traceLines(result: RunResult): string[] {
  if (!result.trace) return ['trace: none'];
  const { image, configs } = result.trace;
  return configs.map((c) =>
    'failed' in c
      ? `trace: ${c.configId} on ${image}: failed (${c.failed})`
      : `trace: ${c.configId} on ${image}: ${c.nodes.length} node outputs in ${(c.elapsedMs / 1000).toFixed(1)} s, ${Math.round(JSON.stringify(c).length / 1024)} KiB of JSON`,
  );
}

import type { OnnxModel } from '../convert/onnx/onnx-model';
import { weightTensors, withInitializerValues } from './weight-tensors';

/**
 * Magnitude pruning, per tensor: in every weight tensor (weight-tensors.ts) the `sparsity` share of values
 * smallest in magnitude is set to zero (ties broken by position, so the result is one set of bytes).
 * Per tensor rather than global: every layer keeps its share, so no thin layer is emptied.
 */
export function pruneWeights(model: OnnxModel, sparsity: number): { model: OnnxModel; detail: string } {
  const weights = weightTensors(model);
  const pruned = new Map<string, Float32Array>();
  let zeros = 0;
  let total = 0;
  for (const { tensor, values } of weights) {
    const order = Array.from(values.keys()).sort(
      (a, b) => Math.abs(values[a]) - Math.abs(values[b]) || a - b,
    );
    const next = Float32Array.from(values);
    for (const index of order.slice(0, Math.floor(sparsity * values.length))) next[index] = 0;
    pruned.set(tensor.name, next);
    zeros += next.filter((v) => v === 0).length;
    total += next.length;
  }
  if (!weights.length)
    throw new Error('prune: the model has no Conv, Gemm or MatMul weight initializer to prune');
  const reached = total ? zeros / total : 0;
  return {
    model: withInitializerValues(model, pruned),
    detail: `per-tensor magnitude pruning of ${weights.length} weight tensors: ${(reached * 100).toFixed(2)} % of ${total} weights are zero`,
  };
}

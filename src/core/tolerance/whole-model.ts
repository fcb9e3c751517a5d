/** Machine epsilon of float32: the relative rounding error of one float32 operation is at most half of it. */
export const FLOAT32_EPSILON = 2 ** -23;

/**
 * How much the error of one output value may grow through a deep network's layers and reductions, in
 * units of √(output size)·ε. 2^7 keeps float32 backends that only order their sums differently (cpu,
 * wasm, webgpu, full-float webgl: ~1e-5..1e-4 apart on ImageNet logits) inside, and half-float arithmetic
 * (~1e-3 relative per operation, so ~1e-2 and more on logits of 10–20) outside.
 */
const DEPTH_GROWTH = 2 ** 7;

export interface WholeModelTolerance {
  /** Largest |candidate − reference| over the output vector that is still float rounding. */
  maxAbsDiff: number;
  /** What it was scaled by: the output's magnitude (at least 1, the scale of a probability vector). */
  scale: number;
}

/**
 * The whole-model policy: how far two runtimes' outputs for the same input may differ and still agree.
 * Default: ε₃₂ × √n × 2^7 × scale, with n the output size and scale the reference output's largest
 * magnitude (≥ 1). A native runtime's own drift on the same input (`nativeMaxAbsDiff`, e.g. TF.js on Node
 * against the browser's reference), when measured, raises the bound: no browser runtime is held tighter
 * than a native one manages.
 */
export function wholeModelTolerance(
  outputSize: number,
  magnitude: number,
  nativeMaxAbsDiff: number | null = null,
): WholeModelTolerance {
  const scale = Math.max(1, Math.abs(magnitude));
  const rounding = FLOAT32_EPSILON * Math.sqrt(Math.max(1, outputSize)) * DEPTH_GROWTH * scale;
  return { maxAbsDiff: Math.max(rounding, nativeMaxAbsDiff ?? 0), scale };
}

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
  /** Whether the measured native drift, not float rounding, set the bound. */
  byNative: boolean;
}

/**
 * The whole-model policy: how far two runtimes' outputs for the same input may differ and still agree.
 * Default: ε₃₂ × √n × 2^7 × scale, with n the output size and scale the reference output's largest
 * magnitude (≥ 1). The drift between native runtimes on the same inputs (`nativeMaxAbsDiff`: the record's
 * `native.driftMaxAbsDiff`, measured by `npm run lab -- --native`), when measured, raises the bound: no
 * browser runtime is held tighter than native ones manage.
 */
export function wholeModelTolerance(
  outputSize: number,
  magnitude: number,
  nativeMaxAbsDiff: number | null = null,
): WholeModelTolerance {
  const scale = Math.max(1, Math.abs(magnitude));
  const rounding = FLOAT32_EPSILON * Math.sqrt(Math.max(1, outputSize)) * DEPTH_GROWTH * scale;
  const native = nativeMaxAbsDiff ?? 0;
  return { maxAbsDiff: Math.max(rounding, native), scale, byNative: native > rounding };
}

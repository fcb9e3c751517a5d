import { float16ToFloat32 } from '../float16';
import type { NamedTensor } from '../tensor';

/** The backends a tolerance is stated for (a configuration's backend part). */
export type ToleranceBackend = 'cpu' | 'wasm' | 'webgl' | 'webgpu' | 'webnn';

/**
 * Two floats agree when |a - b| < `absolute`, or when both have the same sign and each divided by the
 * other is below `relativeRatio` (so 1.00001 allows a relative error of about 1e-5).
 */
export interface Tolerance {
  absolute: number;
  relativeRatio: number;
}

/**
 * onnxruntime-web's operator test runner (js/web/test/test-runner.ts, TensorResultValidator): the
 * thresholds ORT itself holds each backend to. webgl without float32 render targets computes in half
 * floats, hence its own, much looser pair.
 */
const byBackend: Record<ToleranceBackend, Tolerance> = {
  cpu: { absolute: 1e-4, relativeRatio: 1.000001 },
  wasm: { absolute: 1e-4, relativeRatio: 1.000001 },
  webnn: { absolute: 1e-4, relativeRatio: 1.000001 },
  webgl: { absolute: 1e-3, relativeRatio: 1.00001 },
  webgpu: { absolute: 1e-3, relativeRatio: 1.00001 },
};
/** A configuration's backend as the policy knows it: ORT's native WebGPU EP is held to webgpu's bound. */
export function toleranceBackend(backend: string): ToleranceBackend {
  if (backend === 'webgpu-native') return 'webgpu';
  if (backend in byBackend) return backend as ToleranceBackend;
  throw new Error(
    `no tolerance is stated for backend "${backend}" (known: ${Object.keys(byBackend).join(', ')})`,
  );
}

const webglHalfFloat: Tolerance = { absolute: 0.1, relativeRatio: 1.02 };

/**
 * The tolerance an operator's float outputs are held to on a backend. `op` is taken so that an
 * operator whose reference values are themselves approximate can be given its own bound here, in
 * this one place; none needs one yet (see docs/tolerances.md). A value that went through
 * quantization may round to the neighbouring step when an earlier float differs in its last bit, so
 * it is held to one step (`quantizationStep`, the dequantizing scale) at least. Integer and bool
 * outputs are always compared exactly.
 */
export function toleranceFor(
  backend: ToleranceBackend,
  options: { op: string; halfFloat?: boolean; quantizationStep?: number },
): Tolerance {
  const base = backend === 'webgl' && options.halfFloat ? webglHalfFloat : byBackend[backend];
  const step = options.quantizationStep ?? 0;
  return step > base.absolute ? { ...base, absolute: step * 1.0001 } : base;
}

/** NaN matches NaN and equal infinities match; otherwise the absolute or the relative bound. */
export function floatsAgree(actual: number, expected: number, tolerance: Tolerance): boolean {
  if (actual === expected) return true;
  if (Number.isNaN(actual) || Number.isNaN(expected)) return Number.isNaN(actual) && Number.isNaN(expected);
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return false;
  if (Math.abs(actual - expected) < tolerance.absolute) return true;
  // ORT's check omits the sign test, so -1000 would pass as "relatively close" to 1000.
  const ratio = actual / expected;
  return ratio > 0 && ratio < tolerance.relativeRatio && 1 / ratio < tolerance.relativeRatio;
}

export type TensorComparison =
  | { match: true; maxAbsError: number }
  | {
      match: false;
      /** Largest finite |actual - expected|; null when a mismatch involves NaN or an infinity. */
      maxAbsError: number | null;
      mismatches: number;
      /** Why, naming the output: shape, dtype, or the first element out of tolerance. */
      detail: string;
    };

function asNumbers(tensor: NamedTensor): ArrayLike<number> {
  if (tensor.dtype === 'float16') return Array.from(tensor.data as Uint16Array, float16ToFloat32);
  return tensor.data as ArrayLike<number>;
}

/** An output against its reference: floats within `tolerance`, integers and bools exactly. */
export function compareTensors(
  actual: NamedTensor,
  expected: NamedTensor,
  tolerance: Tolerance,
): TensorComparison {
  const name = expected.name;
  if (actual.dtype !== expected.dtype) {
    return {
      match: false,
      maxAbsError: null,
      mismatches: expected.data.length,
      detail: `${name}: dtype ${actual.dtype}, expected ${expected.dtype}`,
    };
  }
  if (actual.shape.join(',') !== expected.shape.join(',')) {
    const shapes = `[${actual.shape.join(',')}], expected [${expected.shape.join(',')}]`;
    return {
      match: false,
      maxAbsError: null,
      mismatches: expected.data.length,
      detail: `${name}: shape ${shapes}`,
    };
  }
  const isFloat = expected.dtype === 'float32' || expected.dtype === 'float16';
  const a = expected.dtype === 'int64' ? (actual.data as BigInt64Array) : asNumbers(actual);
  const b = expected.dtype === 'int64' ? (expected.data as BigInt64Array) : asNumbers(expected);
  let maxAbsError: number | null = 0;
  let mismatches = 0;
  let first = -1;
  for (let i = 0; i < b.length; i++) {
    const agree = isFloat ? floatsAgree(a[i] as number, b[i] as number, tolerance) : a[i] === b[i];
    const error = Math.abs(Number(a[i]) - Number(b[i]));
    if (maxAbsError !== null && !Number.isNaN(error) && Number.isFinite(error))
      maxAbsError = Math.max(maxAbsError, error);
    if (agree) continue;
    if (!Number.isFinite(error)) maxAbsError = null;
    mismatches++;
    if (first < 0) first = i;
  }
  if (!mismatches) return { match: true, maxAbsError: maxAbsError ?? 0 };
  const detail = `${name}: ${mismatches} of ${b.length} values out of tolerance, first at [${first}]: ${String(a[first])} vs ${String(b[first])}`;
  return { match: false, maxAbsError, mismatches, detail };
}

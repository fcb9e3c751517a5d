import type { Quantization } from './read-tflite-signature';

/**
 * Real values of a quantized tensor, real = scale * (q - zeroPoint), so drift between runtimes is measured
 * on the model's own scale (a uint8 softmax step is 1/256) rather than in integer steps.
 */
export function dequantize(
  data: Uint8Array | Int8Array | Int32Array,
  quantization: Quantization,
): Float32Array {
  const { scale, zeroPoint } = quantization;
  if (scale.length !== 1) {
    throw new Error(
      `dequantize: per-channel quantization (${scale.length} scales) is not supported for outputs`,
    );
  }
  const s = scale[0];
  const z = zeroPoint[0] ?? 0;
  return Float32Array.from(data, (q) => s * (q - z));
}

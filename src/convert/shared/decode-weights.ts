import type { WeightSpec } from '../../core/tfjs-model-json';
import { float16ToFloat32 } from '../../core/float16';

export interface Weight {
  shape: number[];
  values: Float32Array;
}

const bytesPer: Record<string, number> = { float32: 4, int32: 4, uint8: 1, uint16: 2, float16: 2 };

/**
 * Decodes the concatenated weight bytes exactly as @tensorflow/tfjs-core io.decodeWeights does:
 * uint8/uint16 quantized values become `q * scale + min` (computed in double, stored as float32),
 * float16 values are widened. Returns the weights by manifest name.
 */
export function decodeWeights(specs: WeightSpec[], data: Uint8Array): Map<string, Weight> {
  const weights = new Map<string, Weight>();
  let offset = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const stored = spec.quantization?.dtype ?? spec.dtype;
    const width = bytesPer[stored];
    if (!width) throw new Error(`weight ${spec.name}: unsupported dtype ${stored}`);
    const byteLength = size * width;
    if (offset + byteLength > data.byteLength) {
      throw new Error(
        `weight ${spec.name}: needs bytes ${offset}..${offset + byteLength}, the shards hold ${data.byteLength}`,
      );
    }
    const bytes = data.slice(offset, offset + byteLength);
    offset += byteLength;
    const values = new Float32Array(size);
    const q = spec.quantization;
    if (q && (q.dtype === 'uint8' || q.dtype === 'uint16')) {
      if (q.min === undefined || q.scale === undefined)
        throw new Error(`weight ${spec.name}: ${q.dtype} quantization without min and scale`);
      const quantized = q.dtype === 'uint8' ? bytes : new Uint16Array(bytes.buffer);
      for (let i = 0; i < size; i++) values[i] = quantized[i] * q.scale + q.min;
    } else if (q?.dtype === 'float16') {
      const halves = new Uint16Array(bytes.buffer);
      for (let i = 0; i < size; i++) values[i] = float16ToFloat32(halves[i]);
    } else if (q) {
      throw new Error(`weight ${spec.name}: unknown quantization dtype ${q.dtype}`);
    } else if (spec.dtype === 'float32') {
      values.set(new Float32Array(bytes.buffer));
    } else if (spec.dtype === 'int32') {
      values.set(new Int32Array(bytes.buffer));
    } else {
      throw new Error(`weight ${spec.name}: unsupported dtype ${spec.dtype}`);
    }
    weights.set(spec.name, { shape: spec.shape, values });
  }
  return weights;
}

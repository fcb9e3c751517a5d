import { float32ToFloat16 } from '../core/float16';
import { weightSpecs, type TfjsModelJson, type WeightSpec } from '../core/tfjs-model-json';
import { decodeWeights } from '../convert/shared/decode-weights';

/** The bytes each stored dtype takes (a quantized weight is stored as its quantization dtype). */
const bytesPer: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

export const tfjsVariantShard = 'variant.bin';

/** float16 storage: TF.js widens it to float32 when it loads the model. */
function half(values: Float32Array): { bytes: Uint8Array; quantization: WeightSpec['quantization'] } {
  return {
    bytes: new Uint8Array(Uint16Array.from(values, float32ToFloat16).buffer),
    quantization: { dtype: 'float16' },
  };
}

/** uint8, affine per tensor (TF.js's only quantization: `q × scale + min` at load). */
function affineUint8(values: Float32Array): { bytes: Uint8Array; quantization: WeightSpec['quantization'] } {
  const min = values.reduce((a, b) => Math.min(a, b), Infinity);
  const max = values.reduce((a, b) => Math.max(a, b), -Infinity);
  const scale = max > min ? (max - min) / 255 : 1;
  return {
    bytes: Uint8Array.from(values, (v) => Math.round((v - min) / scale)),
    quantization: { dtype: 'uint8', min, scale },
  };
}

/**
 * A TF.js model's fp16 or int8 variant in TF.js's own format: every float32 weight stored as float16, or
 * as uint8 with one scale and minimum per tensor (the weights manifest's `quantization`), in one shard.
 * TF.js dequantizes at load, so these vary the weights, not the arithmetic; TF.js has no per-channel form,
 * so its int8 is coarser than the ONNX per-channel one. Other weights keep their bytes.
 */
export function tfjsWeightsVariant(
  json: TfjsModelJson,
  data: Uint8Array,
  kind: 'fp16' | 'int8',
): { json: TfjsModelJson; data: Uint8Array; detail: string } {
  const specs = weightSpecs(json);
  const decoded = decodeWeights(specs, data);
  const parts: Uint8Array[] = [];
  const weights: WeightSpec[] = [];
  let offset = 0;
  let changed = 0;
  for (const spec of specs) {
    const stored = bytesPer[spec.quantization?.dtype ?? spec.dtype] ?? 0;
    const length = spec.shape.reduce((a, b) => a * b, 1) * stored;
    const original = data.subarray(offset, offset + length);
    offset += length;
    if (spec.dtype !== 'float32') {
      parts.push(original);
      weights.push(spec);
      continue;
    }
    const values = decoded.get(spec.name)!.values;
    const { bytes, quantization } = kind === 'fp16' ? half(values) : affineUint8(values);
    parts.push(bytes);
    weights.push({ name: spec.name, shape: spec.shape, dtype: 'float32', quantization });
    changed++;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.byteLength), 0);
  return {
    json: { ...json, weightsManifest: [{ paths: [tfjsVariantShard], weights }] },
    data: out,
    detail:
      kind === 'fp16'
        ? `${changed} float32 weights stored as float16 (TF.js widens them to float32 at load)`
        : `${changed} float32 weights stored as uint8, one scale and minimum per tensor (TF.js quantization, widened to float32 at load)`,
  };
}

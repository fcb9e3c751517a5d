import type { VariantKind } from './variant-spec';

/** What one configuration computed in: which model, its weights' storage type, its arithmetic's. */
export interface ComputedPrecision {
  ran: 'original' | 'variant' | 'none';
  weights: 'float32' | 'float16' | 'int8' | 'uint8' | null;
  arithmetic: 'float32' | 'float16' | 'unknown' | null;
  note: string;
}

/** What the lab knows about one configuration once it has run. */
export interface RanOn {
  runtime: 'tfjs' | 'ort' | 'litert';
  backend: string;
  isReference: boolean;
  status: string;
  reason: string | null;
  /** Whether ORT's WebGPU device had shader-f16 (the adapter's flag `webgpu.shader-f16`); null: not WebGPU or not said. */
  shaderF16: boolean | null;
}

/**
 * The precision a configuration actually computed a variant in, from what each runtime does with it
 * (docs/variants.md). A float16 graph on ORT's CPU (wasm) provider runs through Casts the provider inserts
 * around ops with no float16 kernel, so it tests float16 weights, not float16 arithmetic; WebGPU computes
 * in float16 only on a device with shader-f16.
 */
export function computedPrecision(kind: VariantKind, on: RanOn): ComputedPrecision {
  if (on.isReference)
    return {
      ran: 'original',
      weights: 'float32',
      arithmetic: 'float32',
      note: 'the original, as the reference',
    };
  if (on.status === 'unsupported' || on.status === 'cancelled')
    return { ran: 'none', weights: null, arithmetic: null, note: on.reason ?? on.status };
  const computed = variantPrecision(kind, on);
  // A configuration that failed, hung or crashed computed nothing to judge: it says what it would have.
  if (on.status === 'ok') return computed;
  return { ...computed, arithmetic: null, note: `${on.status}; it would have computed: ${computed.note}` };
}

function variantPrecision(kind: VariantKind, on: RanOn): ComputedPrecision {
  switch (kind) {
    case 'original':
      return { ran: 'original', weights: 'float32', arithmetic: 'float32', note: 'the original' };
    case 'int8':
      if (on.runtime === 'tfjs')
        return {
          ran: 'variant',
          weights: 'uint8',
          arithmetic: 'float32',
          note: 'uint8 weights, one scale per tensor, widened to float32 by TF.js at load: float32 arithmetic',
        };
      return {
        ran: 'variant',
        weights: 'int8',
        arithmetic: 'float32',
        note: 'int8 weights, DequantizeLinear to float32 before each consumer: float32 arithmetic',
      };
    case 'prune':
    case 'mutant':
      return { ran: 'variant', weights: 'float32', arithmetic: 'float32', note: 'a float32 graph' };
    case 'fp16': {
      const { arithmetic, note } = float16Arithmetic(on);
      return { ran: 'variant', weights: 'float16', arithmetic, note };
    }
  }
}

function float16Arithmetic(on: RanOn): { arithmetic: ComputedPrecision['arithmetic']; note: string } {
  if (on.runtime === 'tfjs')
    return {
      arithmetic: 'float32',
      note:
        on.backend === 'webgl'
          ? 'TF.js widens float16 weights to float32 at load; WebGL computes in float32 unless its textures are float16 (WEBGL_RENDER_FLOAT32_ENABLED false, or WEBGL_FORCE_F16_TEXTURES)'
          : 'TF.js widens float16 weights to float32 at load: float16 weights, float32 arithmetic',
    };
  if (on.runtime === 'ort' && on.backend === 'wasm')
    return {
      arithmetic: 'float32',
      note: "ORT's CPU provider casts float16 nodes it has no float16 kernel for to float32: float16 weights, float32 arithmetic",
    };
  if (on.runtime === 'ort' && on.backend.startsWith('webgpu')) {
    if (on.shaderF16 === true)
      return { arithmetic: 'float16', note: 'WebGPU device with shader-f16: float16 arithmetic' };
    if (on.shaderF16 === false)
      return {
        arithmetic: 'unknown',
        note: 'WebGPU device without shader-f16: ORT cannot compute float16 on it (its float16 nodes fall back or fail)',
      };
    return { arithmetic: 'unknown', note: 'whether the WebGPU device had shader-f16 was not reported' };
  }
  if (on.runtime === 'ort' && on.backend === 'webgl')
    return { arithmetic: 'unknown', note: "ORT's WebGL backend has no float16 tensors" };
  return { arithmetic: 'unknown', note: `${on.runtime} ${on.backend}: float16 arithmetic not known` };
}

import type { LayerSpec } from './layers-topology';
import type { Weight } from '../shared/decode-weights';
import { float16ToFloat32 } from '../../core/float16';

/** Conversion faults `--inject` can seed, each with the layer and fault class localization must report. */
export const faultKinds = ['padding', 'layout', 'weights', 'bn-epsilon', 'fp16-weights'] as const;
export type FaultKind = (typeof faultKinds)[number];
export type FaultClass = 'input' | 'parameters' | 'hyperparameters' | 'graph';

export const faultClassOf: Record<FaultKind, FaultClass> = {
  padding: 'hyperparameters',
  layout: 'input',
  weights: 'parameters',
  'bn-epsilon': 'hyperparameters',
  'fp16-weights': 'parameters',
};

export interface FaultPlan {
  kind: FaultKind;
  layer: string;
}

const weighted = new Set(['Conv2D', 'DepthwiseConv2D', 'Dense']);
const padded = new Set(['Conv2D', 'DepthwiseConv2D', 'MaxPooling2D', 'AveragePooling2D']);

/**
 * Where each fault is seeded (stated so tests can check localization against it):
 * layout → the input layer; padding → the first layer whose kernel is larger than 1×1 and that pads
 * (SAME, or a ZeroPadding2D); weights and fp16-weights → the first Conv/Depthwise/Dense layer;
 * bn-epsilon → the BatchNormalization layer where epsilon matters most (largest epsilon / variance),
 * because where variance dwarfs epsilon dropping it is not observable at all.
 */
export function planFault(
  kind: FaultKind,
  layers: LayerSpec[],
  weightOf: (layer: string, key: string) => Weight | undefined,
): FaultPlan {
  const pick = (test: (l: LayerSpec) => boolean): string => {
    const layer = layers.find(test);
    if (!layer) throw new Error(`--inject ${kind}: the model has no layer this fault applies to`);
    return layer.name;
  };
  const kernelOver1 = (l: LayerSpec) =>
    ((l.config.kernel_size ?? l.config.pool_size) as number[] | undefined)?.some((k) => k > 1) ?? false;
  switch (kind) {
    case 'layout':
      return { kind, layer: pick((l) => l.className === 'InputLayer') };
    case 'padding':
      return {
        kind,
        layer: pick(
          (l) =>
            l.className === 'ZeroPadding2D' ||
            (padded.has(l.className) && l.config.padding === 'same' && kernelOver1(l)),
        ),
      };
    case 'weights':
    case 'fp16-weights':
      return { kind, layer: pick((l) => weighted.has(l.className)) };
    case 'bn-epsilon': {
      let best = '';
      let bestRatio = -1;
      for (const l of layers.filter((x) => x.className === 'BatchNormalization')) {
        const variance = weightOf(l.name, 'moving_variance');
        const ratio = variance
          ? Math.max(...Array.from(variance.values, (v) => Number(l.config.epsilon ?? 1e-3) / Math.abs(v)))
          : 0;
        if (ratio > bestRatio) [best, bestRatio] = [l.name, ratio];
      }
      if (!best) throw new Error(`--inject ${kind}: the model has no BatchNormalization layer`);
      return { kind, layer: best };
    }
  }
}

/** Deterministic noise (mulberry32) so an injected weight fault is the same on every run. */
function noise(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

/** float32 → float16 by truncating the mantissa (round toward zero), then back: what a lossy fp16 export does. */
function truncateToHalf(x: number): number {
  const f = new Float32Array([x]);
  const bits = new Uint32Array(f.buffer)[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  if (exponent <= 0) return 0;
  if (exponent >= 0x1f) return float16ToFloat32(sign | 0x7c00);
  return float16ToFloat32(sign | (exponent << 10) | ((bits >>> 13) & 0x3ff));
}

/** The weights a faulty converter would have written for the planned layer. */
export function faultyWeight(kind: FaultKind, weight: Weight): Weight {
  const values = weight.values.slice();
  if (kind === 'fp16-weights') {
    for (let i = 0; i < values.length; i++) values[i] = truncateToHalf(values[i]);
  } else if (kind === 'weights') {
    const spread = Math.max(...Array.from(values, Math.abs)) || 1;
    const random = noise(values.length);
    for (let i = 0; i < values.length; i++) values[i] += 0.2 * spread * random();
  }
  return { shape: weight.shape, values };
}

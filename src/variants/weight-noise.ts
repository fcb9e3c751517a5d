import { seededRandom } from '../core/stats/seeded-random';
import type { OnnxModel } from '../convert/onnx/onnx-model';
import { pickPlaces } from './pick-places';
import { weightTensors, withInitializerValues } from './weight-tensors';

/** Standard normal draws from a seeded uniform source (Box–Muller), so the same seed gives the same noise. */
function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * Weight perturbation: Gaussian noise with standard deviation `scale` × the tensor's RMS added to one
 * weight tensor (chosen by the seed) or to all of them, drawn from the seed.
 */
export function weightNoise(
  model: OnnxModel,
  options: { seed: number; scale: number; nodes: 'one' | 'all' },
): { model: OnnxModel; detail: string } {
  const weights = weightTensors(model);
  if (!weights.length)
    throw new Error('mutant op=weight-noise: the model has no Conv, Gemm or MatMul weight initializer');
  const random = seededRandom(options.seed);
  const chosen = pickPlaces(weights, options.nodes, random);
  const normal = gaussian(random);
  const noisy = new Map<string, Float32Array>();
  for (const { tensor, values } of chosen) {
    const rms = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0) / values.length);
    noisy.set(
      tensor.name,
      values.map((v) => v + normal() * options.scale * rms),
    );
  }
  return {
    model: withInitializerValues(model, noisy),
    detail:
      `Gaussian noise, σ = ${options.scale} × RMS, on ${chosen.length} of ${weights.length} weight tensors: ${chosen.map((w) => w.tensor.name).join(', ')}`.slice(
        0,
        2000,
      ),
  };
}

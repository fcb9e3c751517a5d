import { beforeAll, describe, expect, it } from 'vitest';
import { loadTfjs, predictTfjs, useTfjsBackend, verificationInput } from '../../node-reference/node-runtimes';
import { smallInputShape, smallLayersModel } from '../../test-support/localize-models';
import { weightSpecs } from '../core/tfjs-model-json';
import { tfjsWeightsVariant } from './tfjs-weights-variant';

describe('TF.js-side variants of a small layers model, run in TF.js (Node, cpu)', () => {
  beforeAll(() => useTfjsBackend('cpu'));
  it.each([
    ['fp16', 'float16', 1e-3],
    ['int8', 'uint8', 2e-2],
  ] as const)(
    '%s: weights stored as %s, outputs within its tolerance of the original',
    async (kind, dtype, tolerance) => {
      const original = await smallLayersModel();
      const variant = tfjsWeightsVariant(original.json, original.data, kind);
      const floats = weightSpecs(original.json).filter((s) => s.dtype === 'float32').length;
      expect(weightSpecs(variant.json).filter((s) => s.quantization?.dtype === dtype)).toHaveLength(floats);
      expect(variant.data.byteLength).toBeLessThan(original.data.byteLength);
      // The same call gives the same bytes.
      expect(tfjsWeightsVariant(original.json, original.data, kind).data).toEqual(variant.data);
      const [a, b] = await Promise.all([loadTfjs(original), loadTfjs(variant)]);
      let maxAbs = 0;
      for (const seed of [1, 2, 3, 4]) {
        const input = verificationInput(smallInputShape, seed);
        const [x, y] = await Promise.all([
          predictTfjs(a, input, smallInputShape),
          predictTfjs(b, input, smallInputShape),
        ]);
        x.forEach((v, i) => (maxAbs = Math.max(maxAbs, Math.abs(v - y[i]))));
      }
      a.dispose();
      b.dispose();
      // Softmax outputs, so an absolute tolerance: float16 weights move them by ~1e-4, uint8 by ~1e-3.
      expect(maxAbs).toBeLessThan(tolerance);
      expect(maxAbs).toBeGreaterThan(0);
    },
  );
});

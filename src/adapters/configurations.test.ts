import { describe, expect, it } from 'vitest';
import { configurationsFor, defaultReference } from './configurations';

describe('configurations for a TFLite model', () => {
  it('are the three LiteRT ones, with litert-wasm as the reference', () => {
    expect(configurationsFor('tflite').map((c) => c.id)).toEqual([
      'litert-wasm',
      'litert-webgpu',
      'litert-webnn',
    ]);
    expect(defaultReference('tflite')).toBe('litert-wasm');
  });

  it('are not offered to ONNX or TF.js models, converted or not', () => {
    expect(configurationsFor('onnx').some((c) => c.runtime === 'litert')).toBe(false);
    expect(configurationsFor('tfjs-layers', true).some((c) => c.runtime === 'litert')).toBe(false);
  });
});

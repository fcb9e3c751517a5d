import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTfliteSignature } from './read-tflite-signature';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const modelsDir = path.join(
  process.env.CROSSCHECK_SHARED ?? path.join(repoRoot, '../shared'),
  'models/tflite-coral',
);
const read = (name: string) => readTfliteSignature(readFileSync(path.join(modelsDir, name)), name);

describe('readTfliteSignature on the shared Coral models', () => {
  it('TF-slim MobileNetV2: uint8 NHWC input, uint8 softmax over 1001 classes, with quantization', () => {
    const signature = read('mobilenet_v2_1.0_224_quant.tflite');
    expect(signature.inputs).toEqual([
      {
        name: 'input',
        dtype: 'uint8',
        shape: [1, 224, 224, 3],
        tfliteType: 'UINT8',
        quantization: { scale: [0.0078125], zeroPoint: [128] },
      },
    ]);
    expect(signature.outputs).toEqual([
      {
        name: 'MobilenetV2/Predictions/Softmax',
        dtype: 'uint8',
        shape: [1, 1001],
        tfliteType: 'UINT8',
        quantization: { scale: [0.00390625], zeroPoint: [0] },
      },
    ]);
  });

  it('TF2 Keras MobileNetV2 PTQ: its own names and input zero point', () => {
    const signature = read('tf2_mobilenet_v2_1.0_224_ptq.tflite');
    expect(signature.inputs[0]).toMatchObject({ name: 'input', shape: [1, 224, 224, 3] });
    expect(signature.inputs[0].quantization?.zeroPoint).toEqual([127]);
    expect(signature.outputs[0]).toMatchObject({ name: 'Identity', dtype: 'uint8', shape: [1, 1001] });
  });

  it('MobileNetV1 0.25: 128x128 input', () => {
    const signature = read('mobilenet_v1_0.25_128_quant.tflite');
    expect(signature.inputs[0].shape).toEqual([1, 128, 128, 3]);
    expect(signature.outputs[0].name).toBe('MobilenetV1/Predictions/Reshape_1');
  });
});

describe('readTfliteSignature refuses what is not a TFLite model, naming the file', () => {
  it('an ONNX-like or random file', () => {
    expect(() =>
      readTfliteSignature(new TextEncoder().encode('not a flatbuffer at all'), 'x.tflite'),
    ).toThrow(/x\.tflite: not a TFLite model \(file identifier "a fl/);
  });

  it('a file too short to hold a header', () => {
    expect(() => readTfliteSignature(new Uint8Array(8), 'tiny.tflite')).toThrow(
      /tiny\.tflite: 8 bytes is too short/,
    );
  });

  it('a truncated model', () => {
    const bytes = readFileSync(path.join(modelsDir, 'mobilenet_v1_0.25_128_quant.tflite')).subarray(0, 4096);
    expect(() => readTfliteSignature(bytes, 'cut.tflite')).toThrow(/cut\.tflite: damaged TFLite flatbuffer/);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { modelDefaults } from './model-defaults';
import { pickModelFiles } from './pick-model-files';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const modelPath = path.join(
  process.env.CROSSCHECK_SHARED ?? path.join(repoRoot, '../shared'),
  'models/tflite-coral/mobilenet_v1_0.25_128_quant.tflite',
);

const named = (p: string, bytes: Uint8Array) => ({
  path: p,
  bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
});

describe("a user's own .tflite file", () => {
  it('is picked as tflite and described from the file: size, layout, uint8 input, classes, input name', () => {
    const picked = pickModelFiles([
      named('models/mobilenet_v1_0.25_128_quant.tflite', readFileSync(modelPath)),
    ]);
    expect(picked.format).toBe('tflite');
    expect(picked.files.entry).toBe('mobilenet_v1_0.25_128_quant.tflite');
    expect(modelDefaults(picked.format, picked.files)).toEqual({
      size: [128, 128],
      layout: 'NHWC',
      output: 'probabilities',
      classes: 1001,
      inputName: 'input',
      inputDtype: 'uint8',
    });
  });

  it('is refused, by name, when it is not a TFLite flatbuffer', () => {
    expect(() =>
      pickModelFiles([named('fake.tflite', new TextEncoder().encode('just some text, no model'))]),
    ).toThrow(/^fake\.tflite: not a TFLite model/);
  });

  it('counts as one model among others', () => {
    const bytes = readFileSync(modelPath);
    expect(() => pickModelFiles([named('a.tflite', bytes), named('b.onnx', Uint8Array.of(8))])).toThrow(
      /more than one model among the files \(b\.onnx, a\.tflite\)/,
    );
  });
});

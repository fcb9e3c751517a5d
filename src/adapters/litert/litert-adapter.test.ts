import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { provideLiteRtNodeGlobals } from '../../../node-reference/litert-outputs';
import type { ModelSource } from '../runtime-adapter';
import { LiteRtAdapter } from './litert-adapter';

// The adapter in Node on LiteRT's compat build (Node 20 lacks relaxed SIMD), from public/generated.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const modelName = 'mobilenet_v1_0.25_128_quant.tflite';
const modelPath = path.join(
  process.env.CROSSCHECK_SHARED ?? path.join(repoRoot, '../shared'),
  'models/tflite-coral',
  modelName,
);

function bytesSource(name: string, bytes: Uint8Array): ModelSource {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { kind: 'bytes', model: { entry: name, files: { [name]: buffer } } };
}

const input = { name: 'input', dtype: 'uint8' as const, shape: [1, 128, 128, 3] };

describe('LiteRtAdapter (wasm, in Node)', () => {
  const adapter = new LiteRtAdapter('wasm', `${repoRoot}public/`);
  const source = bytesSource(modelName, readFileSync(modelPath));

  beforeAll(() => provideLiteRtNodeGlobals());

  it('loads a uint8 model, reporting its signature, the build and no fallback', async () => {
    expect(await adapter.probe()).toEqual({ available: true });
    const report = await adapter.load({ format: 'tflite', source, expectedInputs: [input] });
    expect(report.inputs).toEqual([input]);
    expect(report.outputs).toEqual([
      { name: 'MobilenetV1/Predictions/Reshape_1', dtype: 'uint8', shape: [1, 1001] },
    ]);
    expect(report.runtime).toMatchObject({
      library: '@litertjs/core',
      libraryVersion: '2.5.3',
      requestedBackend: 'wasm',
      activeBackend: 'wasm',
      fellBack: false,
      flags: { wasmVariant: 'compat', crossOriginIsolated: false },
    });
  });

  it('runs uint8 in, uint8 out, named, whatever the lone input is called', async () => {
    const pixels = new Uint8Array(128 * 128 * 3).fill(128);
    const { outputs, inferMs } = await adapter.infer({
      inputs: [{ ...input, name: 'pixels', data: pixels }],
    });
    expect(inferMs).toBeGreaterThan(0);
    expect(outputs).toHaveLength(1);
    expect(outputs[0]).toMatchObject({
      name: 'MobilenetV1/Predictions/Reshape_1',
      dtype: 'uint8',
      shape: [1, 1001],
    });
    expect(outputs[0].data).toBeInstanceOf(Uint8Array);
    // A softmax in steps of 1/256: at most about 256, less where 1001 small scores round down (153 here).
    const sum = (outputs[0].data as Uint8Array).reduce((a, b) => a + b, 0);
    expect(sum).toBeGreaterThan(100);
    expect(sum).toBeLessThan(300);
  });

  it('refuses an output the model does not have, and a dtype LiteRT does not take, naming them', async () => {
    const pixels = new Uint8Array(128 * 128 * 3);
    await expect(
      adapter.infer({ inputs: [{ ...input, data: pixels }], outputs: ['logits'] }),
    ).rejects.toThrow('model has no output "logits" (outputs: MobilenetV1/Predictions/Reshape_1)');
    await expect(
      adapter.infer({
        inputs: [{ name: 'input', dtype: 'int8', shape: input.shape, data: new Int8Array(pixels.length) }],
      }),
    ).rejects.toThrow('input "input": LiteRT.js takes no int8 tensors');
  });

  it('refuses at load what the preprocessing would feed wrongly, and a file that is not TFLite', async () => {
    await expect(
      adapter.load({ format: 'tflite', source, expectedInputs: [{ ...input, dtype: 'float32' }] }),
    ).rejects.toThrow(
      'input "input" expects uint8 [1,128,128,3] but the preprocessing makes float32 [1,128,128,3]',
    );
    const notTflite = bytesSource('model.tflite', new TextEncoder().encode('an ONNX file, renamed'));
    await expect(
      adapter.load({ format: 'tflite', source: notTflite, expectedInputs: [input] }),
    ).rejects.toThrow(/^model\.tflite: not a TFLite model/);
  });

  it('frees the model on dispose', async () => {
    await adapter.dispose();
    await expect(adapter.infer({ inputs: [] })).rejects.toThrow('infer called before load');
  });
});

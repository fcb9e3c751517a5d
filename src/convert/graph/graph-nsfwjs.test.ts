import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { OnnxRunner, useTfjsBackend, verificationInput } from '../../../node-reference/node-runtimes';
import { weightSpecs, type TfjsModelJson } from '../../core/tfjs-model-json';
import { convertModel } from '../convert-model';

/**
 * A real graph model, no download: nsfwjs ships MobileNetV2 "mid" as a TF.js graph model (UMD bundles:
 * model JSON as an object, weight shards as base64), with uint8-quantized weights, input scaling
 * (Mul, Sub), _FusedConv2D / FusedDepthwiseConv2dNative with Relu6, AddV2, AvgPool, Squeeze,
 * _FusedMatMul and Softmax.
 */
const require = createRequire(import.meta.url);
const bundleDir = join(dirname(require.resolve('nsfwjs')), '..', '..', 'dist', 'models', 'mobilenet_v2_mid');

function readBundle(): { json: TfjsModelJson; data: Uint8Array } {
  const json = require(join(bundleDir, 'model.min.js')) as TfjsModelJson;
  const shards = json.weightsManifest
    .flatMap((g) => g.paths)
    .map((p) => {
      return Buffer.from(require(join(bundleDir, `${p}.min.js`)) as string, 'base64');
    });
  return { json, data: new Uint8Array(Buffer.concat(shards)) };
}

describe('nsfwjs MobileNetV2 graph model (uint8-quantized) converted to ONNX', () => {
  beforeAll(() => useTfjsBackend('cpu'));

  it('agrees with TF.js (cpu) on the same inputs: max abs diff < 1e-4, same top-1', async () => {
    const { json, data } = readBundle();
    expect(json.format).toBe('graph-model');
    const model = await loadGraphModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: weightSpecs(json),
        weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
      }),
    );
    const runner = await OnnxRunner.create(convertModel(json, data).onnx);
    const shape = [1, 224, 224, 3];
    let worst = 0;
    for (const seed of [1, 2]) {
      const x = verificationInput(shape, seed);
      const output = tf.tidy(() => model.execute(tf.tensor(x, shape)) as tf.Tensor);
      const expected = (await output.data()) as Float32Array;
      output.dispose();
      const actual = await runner.first(x, shape);
      expect(actual.length).toBe(expected.length);
      const diff = Math.max(...Array.from(actual, (v, i) => Math.abs(v - expected[i])));
      expect(diff).toBeLessThan(1e-4);
      worst = Math.max(worst, diff);
      const top1 = (v: Float32Array) => v.indexOf(Math.max(...v));
      expect(top1(actual)).toBe(top1(expected));
    }
    console.log(`nsfwjs mobilenet_v2_mid (graph model): max abs diff ${worst.toExponential(2)} on 2 inputs`);
    await runner.release();
    model.dispose();
  }, 120_000);
});

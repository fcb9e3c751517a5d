import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseModelJson, weightPaths } from '../../src/adapters/fetch-model-files';
import { concatBuffers } from '../../src/adapters/model-hash';
import type { PreprocessSpec } from '../../src/core/model-manifest';
import { weightSpecs, type TfjsModelJson } from '../../src/core/tfjs-model-json';
import { decodeImage } from '../../src/core/preprocess/decode-image';
import { toInputTensor } from '../../src/core/preprocess/to-input-tensor';
import { topK } from '../../src/core/metrics/top-k';

const require = createRequire(import.meta.url);

async function arrayBuffer(path: string): Promise<ArrayBuffer> {
  const bytes = await readFile(path);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/**
 * The same TF.js layers model run in Node on the wasm backend, fed by the same preprocessing code:
 * the independent side of the accuracy check. Returns the top-1 class index per image.
 */
export async function nodeTop1(modelDir: string, imagePaths: string[], preprocess: PreprocessSpec): Promise<number[]> {
  setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('TF.js wasm backend did not start in Node');
  const json = parseModelJson(await arrayBuffer(join(modelDir, 'model.json')), 'model.json') as TfjsModelJson;
  const shards = await Promise.all(weightPaths(json, 'model.json').map((p) => arrayBuffer(join(modelDir, p))));
  const model = await loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: weightSpecs(json),
      weightData: concatBuffers(shards),
    }),
  );
  const top1: number[] = [];
  for (const path of imagePaths) {
    const input = toInputTensor(decodeImage(new Uint8Array(await readFile(path)), path), preprocess);
    const output = tf.tidy(() => model.predict(tf.tensor(input.data, input.shape)) as tf.Tensor);
    top1.push(topK(await output.data(), 1)[0].index);
    output.dispose();
  }
  model.dispose();
  return top1;
}

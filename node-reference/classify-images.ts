import { readFile } from 'node:fs/promises';
import { topK } from '../src/core/metrics/top-k';
import type { PreprocessSpec } from '../src/core/model-manifest';
import { decodeImage } from '../src/core/preprocess/decode-image';
import { toInputTensor } from '../src/core/preprocess/to-input-tensor';
import { loadTfjs, predictTfjs, readTfjsModel, useTfjsBackend } from './node-runtimes';

/**
 * A TF.js layers model run in Node on the wasm backend, fed by the lab's own preprocessing code: the
 * independent side of the browser accuracy checks. Returns the top-1 class index per image.
 */
export async function nodeTop1(
  modelJsonPath: string,
  imagePaths: string[],
  preprocess: PreprocessSpec,
): Promise<number[]> {
  await useTfjsBackend('wasm');
  const model = await loadTfjs(await readTfjsModel(modelJsonPath));
  try {
    const top1: number[] = [];
    for (const path of imagePaths) {
      const input = toInputTensor(await decodeImage(new Uint8Array(await readFile(path)), path), preprocess);
      if (input.dtype !== 'float32')
        throw new Error(`${path}: the TF.js reference takes float32 input, not ${input.dtype}`);
      top1.push(topK(await predictTfjs(model, input.data, [...input.shape]), 1)[0].index);
    }
    return top1;
  } finally {
    model.dispose();
  }
}

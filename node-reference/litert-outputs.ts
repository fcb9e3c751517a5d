import { supportsFeature, type LiteRt } from '@litertjs/core';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { LiteRtWasmVariant } from '../src/adapters/litert/litert-accelerators';
import { loadLiteRtWasm } from '../src/adapters/litert/load-litert-wasm';
import type { PreprocessSpec } from '../src/core/model-manifest';
import { decodeImage } from '../src/core/preprocess/decode-image';
import { toInputTensor } from '../src/core/preprocess/to-input-tensor';

const litertDir = join(import.meta.dirname, '..', 'public', 'generated', 'litert') + '/';

/**
 * Lets LiteRT.js's wasm start in Node: Emscripten's Node path expects the CommonJS globals an ES module
 * lacks, and LiteRT looks for its glue on `self`.
 */
export function provideLiteRtNodeGlobals(): void {
  Object.assign(globalThis, {
    self: globalThis,
    require: createRequire(import.meta.url),
    __dirname: litertDir,
    __filename: join(litertDir, 'litert.js'),
  });
}

// LiteRT.js loads its wasm once per process.
let loaded: Promise<{ variant: LiteRtWasmVariant; runtime: LiteRt }> | undefined;

function loadOnce() {
  loaded ??= (async () => {
    provideLiteRtNodeGlobals();
    const variant: LiteRtWasmVariant = (await supportsFeature('relaxedSimd')) ? 'plain' : 'compat';
    return { variant, runtime: await loadLiteRtWasm(litertDir, variant) };
  })();
  return loaded;
}

/**
 * The same TFLite model run by LiteRT.js in Node, through the adapter's own wasm loader and fed by the
 * same preprocessing code: the independent side of the browser check. Node 20's V8 has no relaxed SIMD, so this is the compat build (plain SIMD XNNPACK) where the browser runs the
 * relaxed-SIMD one. Returns the raw output per image.
 */
export async function nodeLiteRtOutputs(
  modelPath: string,
  imagePaths: string[],
  preprocess: PreprocessSpec,
): Promise<{ variant: string; outputs: Uint8Array[] }> {
  const { variant, runtime } = await loadOnce();
  const model = await runtime.loadAndCompile(new Uint8Array(await readFile(modelPath)), {
    accelerator: 'wasm',
  });
  const { Tensor } = await import('@litertjs/core');
  const outputs: Uint8Array[] = [];
  for (const path of imagePaths) {
    const input = toInputTensor(await decodeImage(new Uint8Array(await readFile(path)), path), preprocess);
    if (input.dtype !== 'uint8') throw new Error(`${modelPath}: expected a uint8 preprocessing`);
    const tensor = new Tensor(input.data as Uint8Array<ArrayBuffer>, input.shape);
    const [output] = await model.run([tensor]);
    outputs.push(Uint8Array.from(await output.data()));
    tensor.delete();
    output.delete();
  }
  model.delete();
  return { variant, outputs };
}

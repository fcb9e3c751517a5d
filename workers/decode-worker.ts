import * as Comlink from 'comlink';
import type { PreprocessSpec } from '../src/core/model-manifest';
import { prepareInput } from '../src/core/preprocess/prepare-input';

/** One of a run's decode workers (src/lab/run/decode-pool.ts): alive only while the run prepares its images. */
const api = {
  /** The file's bytes arrive transferred; the tensor goes back transferred. */
  async prepare(bytes: Uint8Array, fileName: string, preprocess: PreprocessSpec) {
    const prepared = await prepareInput(bytes, fileName, preprocess);
    const buffer = prepared.input?.tensor.data.buffer;
    return buffer instanceof ArrayBuffer ? Comlink.transfer(prepared, [buffer]) : prepared;
  },
};

export type DecodeWorkerApi = typeof api;

Comlink.expose(api);

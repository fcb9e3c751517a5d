import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import type { BareLoopRequest, BareLoopTiming } from './bare-loop-protocol';
import { timeSchedule, wasmThreads } from './bare-loop-timing';

/** Imports only the requested backend package, with the wasm settings the app uses (tfjs-backends.ts). */
async function importBackend(backend: string, assetBaseUrl: string): Promise<void> {
  if (backend === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
  else if (backend === 'webgl') await import('@tensorflow/tfjs-backend-webgl');
  else if (backend === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  else if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(`${assetBaseUrl}generated/tfjs-wasm/`);
    if (self.crossOriginIsolated) wasm.setThreadsCount(wasmThreads());
  } else throw new Error(`unknown TF.js backend "${backend}"`);
}

/** TF.js as a page author would use it: loadLayersModel(url), predict, data(). */
export async function timeTfjs(request: BareLoopRequest): Promise<BareLoopTiming> {
  await importBackend(request.backend, request.assetBaseUrl);
  if (!(await tf.setBackend(request.backend))) throw new Error(`TF.js ${request.backend} did not initialise`);
  await tf.ready();
  const model = await loadLayersModel(request.modelUrl);
  const { input, shape } = request;
  const inferOnce = async () => {
    const start = performance.now();
    const x = tf.tensor(input, shape, 'float32');
    const y = model.predict(x) as tf.Tensor;
    const output = (await y.data()) as Float32Array;
    const ms = performance.now() - start;
    if (output.length === 0) throw new Error('empty output');
    tf.dispose([x, y]);
    return ms;
  };
  const timing = await timeSchedule(inferOnce, request.warmupRuns, request.timedRuns, tf.getBackend());
  model.dispose();
  return timing;
}

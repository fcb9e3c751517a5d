import * as ort from 'onnxruntime-web/all';
import type { BareLoopRequest, BareLoopTiming } from './bare-loop-protocol';
import { timeSchedule } from './bare-loop-timing';

/**
 * onnxruntime-web as a page author would use it: InferenceSession.create(url), run, getData(), with ORT's
 * own thread count, as plain ort-wasm has it. The env and session options are the ones that change the
 * computation in ort-adapter.ts (wasm paths, graph optimisation); its verbose load-time logging is a lab
 * feature and is deliberately left out.
 */
export async function timeOrt(request: BareLoopRequest): Promise<BareLoopTiming> {
  ort.env.wasm.wasmPaths = `${request.assetBaseUrl}generated/ort/`;
  ort.env.logLevel = 'warning';
  const provider =
    request.backend === 'webnn' ? { name: 'webnn', deviceType: 'gpu' as const } : request.backend;
  const session = await ort.InferenceSession.create(request.modelUrl, {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
  });
  const inputName = request.inputName ?? session.inputNames[0];
  const { input, shape } = request;
  const inferOnce = async () => {
    const start = performance.now();
    const results = await session.run({ [inputName]: new ort.Tensor('float32', input, shape) });
    const output = (await results[session.outputNames[0]].getData()) as Float32Array;
    const ms = performance.now() - start;
    if (output.length === 0) throw new Error('empty output');
    for (const tensor of Object.values(results)) tensor.dispose();
    return ms;
  };
  const timing = await timeSchedule(inferOnce, request.warmupRuns, request.timedRuns, request.backend);
  await session.release();
  return timing;
}

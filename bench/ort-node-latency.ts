import * as ort from 'onnxruntime-node';
import type { InputTensor } from '../src/core/preprocess/to-input-tensor';

export interface NodeLatency {
  firstMs: number;
  samplesMs: number[];
  threads: number;
  version: string;
}

/**
 * Native onnxruntime-node on the CPU provider, on the same schedule as the lab (one cold run, warm-up,
 * timed runs) and the same create-tensor → run → read-back step. Intra-op threads are set to what the
 * browser's wasm build gets, so the ratio compares the runtimes, not the thread counts.
 */
export async function ortNodeLatency(
  modelPath: string,
  input: InputTensor,
  options: { inputName?: string; warmupRuns: number; timedRuns: number; threads: number },
): Promise<NodeLatency> {
  const session = await ort.InferenceSession.create(modelPath, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: options.threads,
    interOpNumThreads: 1,
  });
  const inputName = options.inputName ?? session.inputNames[0];
  const inferOnce = async () => {
    const start = performance.now();
    const results = await session.run({
      [inputName]: new ort.Tensor('float32', input.data, [...input.shape]),
    });
    const output = (await results[session.outputNames[0]].getData()) as Float32Array;
    const ms = performance.now() - start;
    if (output.length === 0) throw new Error('empty output');
    return ms;
  };
  const firstMs = await inferOnce();
  for (let i = 0; i < options.warmupRuns; i++) await inferOnce();
  const samplesMs: number[] = [];
  for (let i = 0; i < options.timedRuns; i++) samplesMs.push(await inferOnce());
  await session.release();
  return {
    firstMs,
    samplesMs,
    threads: options.threads,
    version: ort.env.versions.node ?? ort.env.versions.common,
  };
}

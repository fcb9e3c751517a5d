import type { InferResult } from './runtime-adapter';

/** `runs` inferences one after another; the mean of their inferMs (the profiling pass's wall time). */
export async function meanInferMs(infer: () => Promise<InferResult>, runs: number): Promise<number> {
  let total = 0;
  for (let i = 0; i < runs; i++) total += (await infer()).inferMs;
  return runs > 0 ? total / runs : 0;
}

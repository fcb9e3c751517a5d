import * as tf from '@tensorflow/tfjs-core';
import {
  aggregateKernels,
  unprofiled,
  type ConfigProfile,
  type KernelTime,
} from '../../core/profile/op-profile';
import { meanInferMs } from '../mean-infer-ms';
import type { InferResult } from '../runtime-adapter';

/**
 * `runs` inferences under tf.profile: every kernel TF.js dispatches, timed by the backend (wall clock on
 * cpu and wasm, GPU timer queries on webgl and webgpu), aggregated per kernel name. A backend without
 * timers gives `{ error }` for each kernel: then the time is not broken down, and the error says why.
 */
export async function profileTfjs(infer: () => Promise<InferResult>, runs: number): Promise<ConfigProfile> {
  let wallMs = 0;
  const info = await tf.profile(async () => {
    wallMs = await meanInferMs(infer, runs);
  });
  const kernels: KernelTime[] = [];
  let error: string | null = null;
  for (const kernel of info.kernels) {
    // An op with a custom gradient ("fusedConv2d__op") is recorded around the kernel it runs
    // ("FusedConv2D"): counting both would count that time twice.
    if (kernel.name.endsWith('__op')) continue;
    const time = kernel.kernelTimeMs as number | { error: string };
    if (typeof time === 'number') kernels.push({ op: kernel.name, ms: time });
    else error ??= time.error;
  }
  if (error && !kernels.length) return unprofiled(`TF.js ${tf.getBackend()}: ${error}`, runs, wallMs);
  return aggregateKernels(kernels, runs, wallMs, `tf.profile (${tf.getBackend()})`);
}

import type * as Ort from 'onnxruntime-web';
import {
  aggregateKernels,
  unprofiled,
  type ConfigProfile,
  type KernelTime,
} from '../../core/profile/op-profile';
import { meanInferMs } from '../mean-infer-ms';
import type { InferResult } from '../runtime-adapter';
import type { OrtProvider } from './ort-providers';

/** Why a provider's time cannot be broken down by op from the page. */
const cannot: Partial<Record<OrtProvider, string>> = {
  wasm:
    "onnxruntime-web's wasm build writes its session profile (enableProfiling) to a file in the module's " +
    'in-memory file system, and its JavaScript API never returns it (endProfiling() frees the name)',
  'webgpu-native':
    'the native WebGPU EP (onnxruntime-web/webgpu) reports no kernel timings to JavaScript (env.webgpu.profiling is JSEP only)',
  webgl:
    "ORT's webgl backend times nodes on the CPU side only, through its own verbose logger; not read here",
  webnn: 'WebNN exposes no per-operator timings',
};

/** Until the timestamp queries of the last run have been read back (they resolve after it). */
async function settle(count: () => number): Promise<void> {
  let last = -1;
  for (let i = 0; i < 20 && count() !== last; i++) {
    last = count();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * `runs` inferences with ORT's kernel profiling: on the JSEP WebGPU backend, `env.webgpu.profiling`
 * (timestamp queries, where the adapter has `timestamp-query`), each kernel named by its op type.
 */
export async function profileOrt(
  ort: typeof Ort,
  provider: OrtProvider,
  infer: () => Promise<InferResult>,
  runs: number,
): Promise<ConfigProfile> {
  const time = () => meanInferMs(infer, runs);
  if (provider !== 'webgpu')
    return unprofiled(cannot[provider] ?? `${provider}: no profiler`, runs, await time());
  const kernels: KernelTime[] = [];
  const previous = ort.env.webgpu.profiling;
  ort.env.webgpu.profiling = {
    mode: 'default',
    ondata: (d) => kernels.push({ op: d.kernelType, ms: (d.endTime - d.startTime) / 1e6 }),
  };
  try {
    const totalMs = await time();
    await settle(() => kernels.length);
    if (!kernels.length)
      return unprofiled(
        'the WebGPU adapter has no timestamp-query feature: ORT records no kernel times',
        runs,
        totalMs,
      );
    return aggregateKernels(kernels, runs, totalMs, 'ORT webgpu timestamp queries');
  } finally {
    ort.env.webgpu.profiling = previous ?? { mode: 'off' };
  }
}

import type { ProbeResult } from './runtime-adapter';

/** Whether this context can get a WebGPU adapter, in the platform's own words when it cannot. */
export async function probeWebGpu(): Promise<ProbeResult> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return { available: false, reason: 'WebGPU: navigator.gpu is missing in this browser' };
  const adapter = await gpu.requestAdapter();
  return adapter
    ? { available: true }
    : { available: false, reason: 'WebGPU: requestAdapter() gave no adapter' };
}

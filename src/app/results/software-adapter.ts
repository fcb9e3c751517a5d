import type { RunResult } from '../../core/result-schema';

/** Renderers that draw on the CPU: their WebGL/WebGPU latencies are not a GPU's. */
const software = /swiftshader|llvmpipe|softpipe|lavapipe|microsoft basic render/i;

export interface SoftwareGpu {
  /** The adapter or renderer as the browser named it. */
  adapter: string;
  /** The GPU configurations that ran on it. */
  configIds: string[];
}

/** Which GPU configurations of a run ran on a software adapter (from the run's environment and runtimes). */
export function softwareGpu(result: RunResult): SoftwareGpu | null {
  const { gpuAdapter, webglRenderer } = result.environment;
  const names = (adapter: typeof gpuAdapter, renderer: string | null) =>
    [
      adapter ? `${adapter.vendor} ${adapter.architecture} ${adapter.device} ${adapter.description}` : '',
      renderer ?? '',
    ]
      .map((n) => n.trim())
      .filter((n) => software.test(n));
  const environmentHit = names(gpuAdapter, webglRenderer);
  const configIds: string[] = [];
  let adapter = environmentHit[0] ?? '';
  for (const c of result.configs) {
    const backend = c.runtime?.activeBackend ?? '';
    if (c.status !== 'ok' || !/webgl|webgpu/.test(backend)) continue;
    const own = c.runtime ? names(c.runtime.gpuAdapter, c.runtime.webglRenderer) : [];
    // A runtime's own adapter is the better witness; without one, the page's environment speaks for it.
    const hit = own.length ? own : c.runtime?.gpuAdapter || c.runtime?.webglRenderer ? [] : environmentHit;
    if (!hit.length) continue;
    adapter ||= hit[0];
    configIds.push(c.configId);
  }
  return configIds.length ? { adapter, configIds } : null;
}

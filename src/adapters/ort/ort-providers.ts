import type { ProbeResult } from '../runtime-adapter';

export type OrtProvider = 'wasm' | 'webgpu' | 'webgl' | 'webnn';

/**
 * Asks the browser for what each execution provider needs, so an absent one is reported with the
 * platform's own reason instead of ORT's generic "no available backend".
 */
export async function probeProvider(provider: OrtProvider): Promise<ProbeResult> {
  switch (provider) {
    case 'wasm':
      return typeof WebAssembly === 'object'
        ? { available: true }
        : { available: false, reason: 'WebAssembly is not available' };
    case 'webgl': {
      const canvas = typeof OffscreenCanvas === 'undefined' ? null : new OffscreenCanvas(1, 1);
      return canvas?.getContext('webgl2') || canvas?.getContext('webgl')
        ? { available: true }
        : { available: false, reason: 'WebGL: no context could be created in a worker (OffscreenCanvas)' };
    }
    case 'webgpu': {
      const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
      if (!gpu) return { available: false, reason: 'WebGPU: navigator.gpu is missing in this browser' };
      const adapter = await gpu.requestAdapter();
      return adapter ? { available: true } : { available: false, reason: 'WebGPU: requestAdapter() gave no adapter' };
    }
    case 'webnn': {
      const ml = (navigator as Navigator & { ml?: { createContext(options?: object): Promise<unknown> } }).ml;
      if (!ml) return { available: false, reason: 'WebNN: navigator.ml is missing (not supported on this platform)' };
      try {
        await ml.createContext({ deviceType: 'gpu' });
        return { available: true };
      } catch (error) {
        return { available: false, reason: `WebNN: createContext failed (${(error as Error).message})` };
      }
    }
  }
}

/** What to hand ORT for a provider; WebNN needs the device named. */
export function executionProvider(provider: OrtProvider): string | { name: 'webnn'; deviceType: 'gpu' } {
  return provider === 'webnn' ? { name: 'webnn', deviceType: 'gpu' } : provider;
}

import type { OptionValues } from '../configuration-options';
import { probeWebGpu } from '../probe-webgpu';
import type { ProbeResult } from '../runtime-adapter';

/** `webgpu` is the JavaScript-kernel backend (JSEP) of `onnxruntime-web/all`; `webgpu-native` is the
 * native WebGPU execution provider of the package's `onnxruntime-web/webgpu` entry. */
export type OrtProvider = 'wasm' | 'webgpu' | 'webgpu-native' | 'webgl' | 'webnn';

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
    case 'webgpu':
    case 'webgpu-native':
      return probeWebGpu();
    case 'webnn': {
      const ml = (navigator as Navigator & { ml?: { createContext(options?: object): Promise<unknown> } }).ml;
      if (!ml)
        return {
          available: false,
          reason: 'WebNN: navigator.ml is missing (not supported on this platform)',
        };
      try {
        await ml.createContext({ deviceType: 'gpu' });
        return { available: true };
      } catch (error) {
        return { available: false, reason: `WebNN: createContext failed (${(error as Error).message})` };
      }
    }
  }
}

/**
 * What to hand ORT for a provider; WebNN needs the device named; both WebGPU builds call theirs `webgpu`
 * and take the configuration's preferredLayout.
 */
export function executionProvider(
  provider: OrtProvider,
  options: OptionValues = {},
): string | { name: 'webnn'; deviceType: 'gpu' } | { name: 'webgpu'; preferredLayout: 'NCHW' | 'NHWC' } {
  if (provider === 'webnn') return { name: 'webnn', deviceType: 'gpu' };
  const name = provider === 'webgpu-native' ? 'webgpu' : provider;
  const layout = options.preferredLayout;
  if (name === 'webgpu' && (layout === 'NCHW' || layout === 'NHWC')) return { name, preferredLayout: layout };
  return name;
}

/** Which build of onnxruntime-web serves a provider, as recorded with every run. */
export function ortEntry(provider: OrtProvider): 'onnxruntime-web/all' | 'onnxruntime-web/webgpu' {
  return provider === 'webgpu-native' ? 'onnxruntime-web/webgpu' : 'onnxruntime-web/all';
}

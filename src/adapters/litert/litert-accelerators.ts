import { probeWebGpu } from '../probe-webgpu';
import { supportsFeature } from '@litertjs/core';
import type { ProbeResult } from '../runtime-adapter';

export type LiteRtAccelerator = 'wasm' | 'webgpu' | 'webnn';

/** LiteRT.js's four wasm builds; each is `<file>.wasm` with its glue `<file>.mjs` in public/generated/litert/. */
export type LiteRtWasmVariant = 'plain' | 'threaded' | 'jspi' | 'compat';

export const wasmVariantFile: Record<LiteRtWasmVariant, string> = {
  plain: 'litert_wasm_internal',
  threaded: 'litert_wasm_threaded_internal',
  jspi: 'litert_wasm_jspi_internal',
  compat: 'litert_wasm_compat_internal',
};

/**
 * The build this configuration loads, chosen here with LiteRT.js's own feature checks rather than left to
 * it, so the report says which ran: WebGPU and WebNN need JSPI (without it their async calls fail with
 * "Asyncify is not defined"); wasm takes threads when the page is cross-origin isolated; a browser
 * without relaxed SIMD gets compat (single-threaded, no JSPI).
 */
export async function chooseWasmVariant(accelerator: LiteRtAccelerator): Promise<LiteRtWasmVariant> {
  if (!(await supportsFeature('relaxedSimd'))) return 'compat';
  if (accelerator !== 'wasm') return 'jspi';
  return globalThis.crossOriginIsolated && (await supportsFeature('threads')) ? 'threaded' : 'plain';
}

/** Says why an accelerator cannot run here, in the platform's own terms, before LiteRT's wasm is loaded. */
export async function probeAccelerator(accelerator: LiteRtAccelerator): Promise<ProbeResult> {
  if (typeof WebAssembly !== 'object') return { available: false, reason: 'WebAssembly is not available' };
  if (accelerator === 'wasm') return { available: true };
  if (!(await supportsFeature('jspi'))) {
    return {
      available: false,
      reason: `LiteRT ${accelerator} needs JSPI (WebAssembly.Suspending), missing here`,
    };
  }
  if (!(await supportsFeature('relaxedSimd'))) {
    return { available: false, reason: `LiteRT ${accelerator} needs wasm relaxed SIMD, missing here` };
  }
  if (accelerator === 'webnn') {
    return (await supportsFeature('webnn'))
      ? { available: true }
      : { available: false, reason: 'WebNN: navigator.ml is missing (not supported on this platform)' };
  }
  return probeWebGpu();
}

import type { RuntimeDetails } from '../../core/result-schema';

export type TfjsBackendName = 'cpu' | 'wasm' | 'webgl' | 'webgpu';

/** TF.js environment flags set before the backend starts, e.g. `{ WEBGL_FORCE_F16_TEXTURES: true }`. */
export type TfjsFlags = Record<string, boolean | number>;

/**
 * Registers one TF.js backend by importing only its package (each worker carries one backend), and
 * returns what is specific to it: thread count, SIMD, adapter. The wasm backend's binaries are served
 * from public/generated/tfjs-wasm.
 */
export async function registerBackend(
  backend: TfjsBackendName,
  assetBaseUrl: string,
): Promise<() => Promise<Partial<RuntimeDetails>>> {
  switch (backend) {
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return async () => ({ threads: 1, simd: null });
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      return async () => ({ threads: null, simd: null });
    case 'webgpu': {
      await import('@tensorflow/tfjs-backend-webgpu');
      return async () => ({ threads: null, simd: null });
    }
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(`${assetBaseUrl}generated/tfjs-wasm/`);
      // Threads need SharedArrayBuffer, which browsers only give a cross-origin isolated page.
      if (self.crossOriginIsolated) wasm.setThreadsCount(Math.min(4, navigator.hardwareConcurrency || 1));
      return async () => {
        const tf = await import('@tensorflow/tfjs-core');
        return {
          threads: wasm.getThreadsCount(),
          simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
        };
      };
    }
  }
}

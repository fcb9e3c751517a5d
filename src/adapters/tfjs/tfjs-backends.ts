import type { RuntimeDetails } from '../../core/result-schema';
import { backendOptions, type OptionValue, type OptionValues } from '../configuration-options';

export type TfjsBackendName = 'cpu' | 'wasm' | 'webgl' | 'webgpu';

/**
 * Sets TF.js environment flags (`WEBGL_FORCE_F16_TEXTURES`…) before a backend initialises, which is when
 * the WebGL backend reads its texture precision. The one place TF.js flags are applied: a configuration's
 * options (localization asks for flags the same way, through the suspect's configuration id).
 * An unregistered flag throws TF.js's own error naming it.
 */
export async function applyTfjsFlags(flags: OptionValues): Promise<void> {
  const tf = await import('@tensorflow/tfjs-core');
  for (const [name, value] of Object.entries(flags)) tf.env().set(name, value);
}

/** Every tfjs-webgl option's value as the backend runs with it, asked for or TF.js's own default. */
async function webglFlags(): Promise<Record<string, OptionValue>> {
  const tf = await import('@tensorflow/tfjs-core');
  const names = Object.keys(backendOptions['tfjs-webgl'].options);
  return Object.fromEntries(names.map((name) => [name, tf.env().get(name)]));
}

/** The slice of the wasm backend's Emscripten module the lab reads back after initialisation. */
interface WasmModuleThreads {
  PThread?: { runningWorkers: unknown[] };
}

export interface RegisteredBackend {
  /** To call once the backend has initialised (tf.setBackend resolved). */
  initialised(): void;
  /** What is specific to the backend, read back after initialisation. */
  details(): Promise<Partial<RuntimeDetails>>;
}

/**
 * TF.js's wasm build caps its pthreadpool at navigator.hardwareConcurrency / 2 ("many x86-64 processors
 * have 2 threads per core", tfjs-backend-wasm/src/cc/backend.cc), whatever setThreadsCount asks: on a
 * 2-core device every run had 1 thread. An explicit `threads=N` shows this worker's module at least 2·N
 * cores while it initialises (the cap is read once, then), and the real count is read back afterwards.
 * Returns what puts navigator back.
 */
function showCoresFor(threads: number): () => void {
  const cores = navigator.hardwareConcurrency || 1;
  if (cores >= 2 * threads) return () => {};
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  return () => delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
}

/**
 * Registers one TF.js backend by importing only its package (each worker carries one backend), applies the
 * configuration's options, and returns what is specific to it as read back after initialisation: thread
 * count, pthread workers, SIMD, which binary loaded. The wasm backend's binaries are served from
 * public/generated/tfjs-wasm.
 */
export async function registerBackend(
  backend: TfjsBackendName,
  assetBaseUrl: string,
  options: OptionValues = {},
): Promise<RegisteredBackend> {
  const none = () => {};
  switch (backend) {
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return { initialised: none, details: async () => ({ threads: 1, simd: null }) };
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      // Every option of tfjs-webgl is a flag of the same name (configuration-options.ts).
      await applyTfjsFlags(options);
      return {
        initialised: none,
        details: async () => ({ threads: null, simd: null, flags: await webglFlags() }),
      };
    case 'webgpu': {
      await import('@tensorflow/tfjs-backend-webgpu');
      return { initialised: none, details: async () => ({ threads: null, simd: null }) };
    }
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(`${assetBaseUrl}generated/tfjs-wasm/`);
      const asked = typeof options.threads === 'number' ? options.threads : undefined;
      // Threads need SharedArrayBuffer, which browsers only give a cross-origin isolated context.
      if (asked !== undefined && asked > 1 && !globalThis.crossOriginIsolated)
        throw new Error(`threads=${asked} needs cross-origin isolation, which this worker does not have`);
      if (globalThis.crossOriginIsolated)
        wasm.setThreadsCount(asked ?? Math.min(4, navigator.hardwareConcurrency || 1));
      const restore = asked === undefined ? () => {} : showCoresFor(asked);
      return {
        initialised: restore,
        details: async () => {
          const tf = await import('@tensorflow/tfjs-core');
          const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
          const multithread = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
          const module = (tf.backend() as unknown as { wasm: WasmModuleThreads }).wasm;
          return {
            // Read back from the initialised pthreadpool: what really runs, not what was asked.
            threads: wasm.getThreadsCount(),
            simd,
            flags: {
              'wasm.binary': multithread && simd ? 'threaded-simd' : simd ? 'simd' : 'plain',
              'wasm.threadsAsked': asked ?? null,
              'wasm.pthreadWorkers': module.PThread ? module.PThread.runningWorkers.length : 0,
            },
          };
        },
      };
    }
  }
}

import { join } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { mountFolders, mountsFromEnv } from './cli/mount-folders-plugin.ts';

/** Cross-origin isolation gives SharedArrayBuffer, hence wasm threads in TF.js and ORT. */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * TF.js's threaded wasm backend starts its pthread workers from the source text of a factory that
 * refers to itself by name and guards its outer variables with typeof; mangling that name, or compressing
 * the guards away, breaks every thread ("e is not defined").
 */
const minify = {
  compress: false,
  mangle: { reserved: ['WasmBackendModuleThreadedSimd', 'WasmBackendModule'] },
};

export default defineConfig({
  plugins: [svelte(), mountFolders(mountsFromEnv(process.env, import.meta.dirname))],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  // ORT's wasm lives in public/generated/ort (prepare-assets); this condition keeps it out of the bundle.
  resolve: { conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions] },
  worker: { format: 'es', rolldownOptions: { output: { minify } } },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      // bench/bare-loop.html is the page `npm run bench` drives: built beside the app so it is served from
      // the same origin, with the same headers and assets; the app itself never loads it.
      input: { index: join(import.meta.dirname, 'index.html'), bench: join(import.meta.dirname, 'bench/bare-loop.html') },
      output: { minify },
    },
  },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  test: {
    include: ['src/**/*.test.ts', 'server/**/*.test.ts'],
    environment: 'node',
  },
});

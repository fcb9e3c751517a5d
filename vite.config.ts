import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defaultClientConditions } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';
import { labMounts, mountFolders } from './server/folder-mounts.ts';
import { isolationHeaders } from './src/core/isolation-headers.ts';
import { modelManifestSchema } from './src/core/model-manifest.ts';
import { precacheGlobs } from './src/core/offline-assets.ts';

/**
 * TF.js's threaded wasm backend starts its pthread workers from the source text of a factory that
 * refers to itself by name and guards its outer variables with typeof; mangling that name, or compressing
 * the guards away, breaks every thread ("e is not defined").
 */
const minify = {
  compress: false,
  mangle: { reserved: ['WasmBackendModuleThreadedSimd', 'WasmBackendModule'] },
};

/**
 * The service worker (src/sw/sw.ts) precaches the app shell, the samples, and the models and runtime
 * binaries marked `precache` (each model's manifest, src/core/offline-assets.ts), so a second visit starts
 * and runs with the network off. The rest is cached on first use by the app (after a quota check).
 */
const modelsDir = join(import.meta.dirname, 'models');
const offline = precacheGlobs(
  readdirSync(modelsDir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => modelManifestSchema.parse(JSON.parse(readFileSync(join(modelsDir, name), 'utf8')))),
);
const pwa = VitePWA({
  strategies: 'injectManifest',
  srcDir: 'src/sw',
  filename: 'sw.ts',
  registerType: 'prompt',
  injectRegister: false,
  injectManifest: {
    // assets/*.wasm: the JPEG decoder's, which Vite emits beside the bundle that imports it.
    globPatterns: ['**/*.{js,mjs,css,html,json,png,jpg,webmanifest}', 'assets/*.wasm', ...offline.include],
    // The plugin adds the manifest and its icons itself; models and runtime binaries follow their policy;
    // the conformance cases (about 25 MB) are fetched when the suite runs, never precached.
    globIgnores: [
      'bench/**',
      'e2e/**',
      'generated/icons/**',
      'generated/conformance/**',
      'manifest.webmanifest',
      ...offline.ignore,
    ],
    // ORT's jsep wasm is 28 MB.
    maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
    rollupFormat: 'es',
  },
  manifest: {
    name: 'Crosscheck — ML runtime lab',
    short_name: 'Crosscheck',
    description:
      'One image classifier on every browser runtime this device has: labels, drift and latency compared.',
    start_url: '.',
    scope: '.',
    display: 'standalone',
    background_color: '#161b22',
    theme_color: '#161b22',
    icons: [
      { src: 'generated/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: 'generated/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      {
        src: 'generated/icons/icon-maskable-512.png',
        sizes: '512x512',
        type: 'image/png',
        purpose: 'maskable',
      },
    ],
  },
});

export default defineConfig({
  plugins: [svelte(), mountFolders(labMounts()), pwa],
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
      input: {
        index: join(import.meta.dirname, 'index.html'),
        bench: join(import.meta.dirname, 'bench/bare-loop.html'),
        // e2e/litert.spec.ts drives one LiteRT configuration from this page, without the lab's run.
        litertCheck: join(import.meta.dirname, 'e2e/pages/litert-check.html'),
      },
      output: { minify },
    },
  },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  test: {
    include: [
      'src/**/*.test.ts',
      'server/**/*.test.ts',
      'scripts/**/*.test.ts',
      'test-support/**/*.test.ts',
      'cli/**/*.test.ts',
      'node-reference/**/*.test.ts',
      'bench/**/*.test.ts',
      'workers/**/*.test.ts',
    ],
    environment: 'node',
    // Many tests start an embedded database or run a whole model; on 2 shared cores that can take
    // several seconds, so the 5 s / 10 s defaults fail them for the machine's load, not the code's.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

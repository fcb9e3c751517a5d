import type { ModelManifest } from './model-manifest';

/**
 * Whether a file comes with the app (`precache`: installed with the service worker, works offline from
 * the first visit) or is fetched when first used (`on-demand`: kept offline only once the person keeps it).
 * A small device must not be made to download every runtime's binaries and every model up front.
 */
export type OfflinePolicy = 'precache' | 'on-demand';

/** One runtime's binaries, as prepare-assets copies them under public/. */
export interface RuntimeAssets {
  runtime: string;
  label: string;
  /** Folder under the app's base URL. */
  folder: string;
  precache: readonly string[];
  onDemand: readonly string[];
}

/** The runtime binaries each runtime loads; a new runtime adds its entry here. */
export const runtimeAssets: readonly RuntimeAssets[] = [
  {
    runtime: 'ort',
    label: 'onnxruntime-web',
    folder: 'generated/ort/',
    // onnxruntime-web/all (what the ORT adapter imports) loads only the JSEP build, for every backend.
    precache: ['ort-wasm-simd-threaded.jsep.mjs', 'ort-wasm-simd-threaded.jsep.wasm'],
    onDemand: ['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'],
  },
  {
    runtime: 'tfjs',
    label: 'TF.js wasm',
    folder: 'generated/tfjs-wasm/',
    precache: [
      'tfjs-backend-wasm.wasm',
      'tfjs-backend-wasm-simd.wasm',
      'tfjs-backend-wasm-threaded-simd.wasm',
    ],
    onDemand: [],
  },
  {
    runtime: 'litert',
    label: 'LiteRT.js',
    folder: 'generated/litert/',
    // Every .tflite model of the zoo is on demand (the shared folder), so its runtime is too.
    precache: [],
    onDemand: [
      'litert_wasm_internal',
      'litert_wasm_threaded_internal',
      'litert_wasm_jspi_internal',
      'litert_wasm_compat_internal',
    ].flatMap((build) => [`${build}.wasm`, `${build}.mjs`]),
  },
];

/** The folders under the app (`generated:` roots) that hold a model's files: its own and its converted sibling's. */
export function generatedFolders(manifest: ModelManifest): string[] {
  return [manifest.base, manifest.converted?.base]
    .filter((root): root is string => root?.startsWith('generated:') === true)
    .map((root) => `generated/${root.slice('generated:'.length)}`.replace(/\/?$/, '/'));
}

/** Workbox globs for vite.config.ts: what the service worker precaches and what it must leave out. */
export function precacheGlobs(models: readonly ModelManifest[]): { include: string[]; ignore: string[] } {
  const folders = (policy: OfflinePolicy) =>
    [...new Set(models.filter((m) => m.offline === policy).flatMap(generatedFolders))].map((f) => `${f}**`);
  const files = (pick: (r: RuntimeAssets) => readonly string[]) =>
    runtimeAssets.flatMap((r) => pick(r).map((file) => r.folder + file));
  return {
    include: [...folders('precache'), ...files((r) => r.precache)],
    ignore: [
      ...folders('on-demand').filter((f) => !folders('precache').includes(f)),
      ...files((r) => r.onDemand),
    ],
  };
}

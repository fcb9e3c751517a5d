import { configuration, type ConfigId } from '../../adapters/configurations';
import { ortEntry, type OrtProvider } from '../../adapters/ort/ort-providers';
import type { RuntimeDetails } from '../../core/result-schema';
import type { ReproManifest, ReproSide } from '../../repro/repro-manifest';

/** Where the divergence was seen: the run's model and image. */
export interface ReproSource {
  modelId: string;
  image: string;
  inputSha256: string;
}

export interface ReproBundle {
  zip: Uint8Array;
  fileName: string;
  manifest: ReproManifest;
}

/** TF.js's browser script that serves each backend: cpu and webgl are in the union build itself. */
const tfjsScript = {
  cpu: 'tf.min.js',
  webgl: 'tf.min.js',
  wasm: 'tf-backend-wasm.min.js',
  webgpu: 'tf-backend-webgpu.min.js',
} as const;

/** How the runtime names a configuration's execution provider or backend, and which of its builds serves it. */
export function reproSide(id: ConfigId, runtime: RuntimeDetails | null): ReproSide {
  const info = configuration(id);
  const options = { ...info.options };
  if (info.runtime === 'tfjs') {
    const backend = info.backend as keyof typeof tfjsScript;
    return {
      configId: id,
      library: 'tfjs',
      executionProvider: backend,
      ortFile: tfjsScript[backend],
      options,
      runtime,
    };
  }
  if (info.runtime !== 'ort')
    throw new Error(`${id}: repro bundles of ${info.runtime} configurations are not available in this build`);
  const provider = info.backend as OrtProvider;
  return {
    configId: id,
    library: 'onnxruntime-web',
    executionProvider: provider === 'webgpu-native' ? 'webgpu' : provider,
    ortFile: ortEntry(provider) === 'onnxruntime-web/webgpu' ? 'ort.webgpu.min.mjs' : 'ort.all.min.mjs',
    options,
    runtime,
  };
}

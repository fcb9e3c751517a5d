import { configuration, type ConfigId } from '../../adapters/configurations';
import { ortEntry, type OrtProvider } from '../../adapters/ort/ort-providers';
import type { Environment, RuntimeDetails } from '../../core/result-schema';
import { sha256Hex } from '../../core/preprocess/sha256';
import type { NodeTolerance } from '../../localize/compare-nodes';
import type { BundleParts } from '../../repro/pack-bundle';
import { version } from '../../../package.json';
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

/** What both kinds of bundle say about where they came from: source, sides, tolerance, verdict, environment. */
export async function bundleAbout(parts: {
  source: ReproSource;
  /** The original model's entry file, hashed so the bundle names the model it was cut from. */
  original: Uint8Array;
  node: { name: string; opType: string };
  referenceId: ConfigId;
  suspectId: ConfigId;
  reference: { runtime: RuntimeDetails };
  suspect: { runtime: RuntimeDetails };
  tolerance: NodeTolerance;
  reproduced: boolean;
  environment: Promise<Environment>;
}): Promise<BundleParts['about']> {
  const runtimes = [parts.reference.runtime, parts.suspect.runtime];
  return {
    createdAt: new Date().toISOString(),
    crosscheckVersion: version,
    source: {
      ...parts.source,
      modelSha256: await sha256Hex(parts.original),
      firstDivergent: parts.node.name,
      op: parts.node.opType,
    },
    reference: reproSide(parts.referenceId, parts.reference.runtime),
    suspect: reproSide(parts.suspectId, parts.suspect.runtime),
    tolerance: { ...parts.tolerance.float, steps: parts.tolerance.steps },
    reproduced: parts.reproduced,
    environment: await parts.environment,
    libraries: Object.fromEntries(runtimes.map((r) => [r.library, r.libraryVersion])),
  };
}

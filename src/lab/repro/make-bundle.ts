import { configuration, type ConfigId } from '../../adapters/configurations';
import { ortEntry, type OrtProvider } from '../../adapters/ort/ort-providers';
import type { Environment, RuntimeDetails } from '../../core/result-schema';
import { sha256Hex } from '../../core/preprocess/sha256';
import { compareNodes } from '../../localize/compare-nodes';
import type { LocalizationResult } from '../../localize/localization-record';
import { bundleFileName, packBundle } from '../../repro/pack-bundle';
import { reproCandidates } from '../../repro/repro-candidates';
import type { ReproManifest, ReproSide } from '../../repro/repro-manifest';
import { pairPolicy, type LocalizationRequest } from '../localize/localization-types';
import { captureOnnx } from '../localize/localize-onnx';
import { collectEnvironment } from '../run/collect-environment';
import { version } from '../../../package.json';

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

/** How onnxruntime-web names a configuration's provider, and which of its builds serves it. */
export function reproSide(id: ConfigId, runtime: RuntimeDetails | null): ReproSide {
  const info = configuration(id);
  if (info.runtime !== 'ort')
    throw new Error(`${id}: repro bundles of ${info.runtime} configurations are not available in this build`);
  const provider = info.backend as OrtProvider;
  return {
    configId: id,
    library: 'onnxruntime-web',
    executionProvider: provider === 'webgpu-native' ? 'webgpu' : provider,
    ortFile: ortEntry(provider) === 'onnxruntime-web/webgpu' ? 'ort.webgpu.min.mjs' : 'ort.all.min.mjs',
    options: { ...info.options },
    runtime,
  };
}

/**
 * The repro bundle of a localization (docs/repro-bundles.md): the first divergent node alone as an ONNX
 * model fed the reference's values, run again on both configurations in fresh workers; when the suspect
 * no longer diverges there, the node with the 2, 4, 8 … nodes before it, until it does. Both sides'
 * outputs are those of the bundle's own model. TF.js localizations are refused (not yet available).
 */
export async function makeReproBundle(
  request: LocalizationRequest,
  result: LocalizationResult,
  source: ReproSource,
  environment: Promise<Environment> = collectEnvironment(),
): Promise<ReproBundle> {
  if (result.method === 'layer-outputs' || result.method === 'graph-nodes')
    throw new Error('repro bundles of TF.js models (the single op call): not available in this build');
  const first = result.localization.firstDivergent;
  if (!first)
    throw new Error(
      `${request.suspectId}: no node leaves ${request.referenceId}, so there is nothing to reproduce`,
    );
  const index = result.nodes.findIndex((n) => n.name === first.node);
  const node = result.nodes[index];
  const response = await fetch(request.modelUrl);
  if (!response.ok) throw new Error(`${request.modelUrl}: HTTP ${response.status}`);
  const original = new Uint8Array(await response.arrayBuffer());
  const values = new Map([[request.input.name, request.input], ...result.captures.reference]);
  const policy = request.policy ?? pairPolicy(request);
  const names = node.outputs.map((o) => o.name);
  const ids = [request.referenceId, request.suspectId];
  const tried = [];
  for (const candidate of reproCandidates(original, values, index)) {
    const [reference, suspect] = await Promise.all(
      ids.map((id) => captureOnnx(id, candidate.model, candidate.inputs, names, request)),
    );
    const diverges = compareNodes([node], reference.outputs, suspect.outputs, policy).firstDivergent !== null;
    tried.push({ candidate, reference, suspect, diverges });
    if (diverges) break;
  }
  // The candidates end with every node from the input: the last one tried is kept, diverging or not.
  const { candidate, reference, suspect, diverges } = tried[tried.length - 1];
  const tolerance = policy(node);
  const runtimes = [reference.runtime, suspect.runtime];
  const { zip, manifest } = await packBundle({
    about: {
      createdAt: new Date().toISOString(),
      crosscheckVersion: version,
      source: {
        ...source,
        modelSha256: await sha256Hex(original),
        firstDivergent: node.name,
        op: node.opType,
      },
      reference: reproSide(request.referenceId, reference.runtime),
      suspect: reproSide(request.suspectId, suspect.runtime),
      tolerance: { ...tolerance.float, steps: tolerance.steps },
      reproduced: diverges,
      environment: await environment,
      libraries: Object.fromEntries(runtimes.map((r) => [r.library, r.libraryVersion])),
    },
    model: {
      files: { 'model.onnx': candidate.model },
      entry: 'model.onnx',
      format: 'onnx',
      whyWhole: null,
      kind: candidate.end - candidate.start === 1 ? 'single-node' : 'subgraph',
      nodes: result.nodes.slice(candidate.start, candidate.end).map((n) => n.name),
    },
    inputs: candidate.inputs,
    outputs: node.outputs.map((o) => ({
      name: o.name,
      quantization: o.quantization,
      reference: reference.outputs.get(o.name)!,
      suspect: suspect.outputs.get(o.name)!,
    })),
  });
  return { zip, manifest, fileName: bundleFileName(manifest) };
}

import type { Environment } from '../../core/result-schema';
import { compareNodes } from '../../localize/compare-nodes';
import type { LocalizationResult } from '../../localize/localization-record';
import { bundleFileName, packBundle } from '../../repro/pack-bundle';
import { reproCandidates } from '../../repro/repro-candidates';
import { pairPolicy, type LocalizationRequest } from '../localize/localization-types';
import { captureOnnx } from '../localize/localize-onnx';
import { collectEnvironment } from '../run/collect-environment';
import { makeTfjsBundle } from './make-tfjs-bundle';
import { bundleAbout, type ReproBundle, type ReproSource } from './repro-side';

export type { ReproBundle, ReproSource };

/**
 * The repro bundle of a localization (docs/repro-bundles.md): the first divergent node alone as an ONNX
 * model fed the reference's values, run again on both configurations in fresh workers; when the suspect
 * no longer diverges there, the node with the 2, 4, 8 … nodes before it, until it does. Both sides'
 * outputs are those of the bundle's own model. A TF.js localization gets its layer alone (`makeTfjsBundle`).
 */
export async function makeReproBundle(
  request: LocalizationRequest,
  result: LocalizationResult,
  source: ReproSource,
  environment: Promise<Environment> = collectEnvironment(),
): Promise<ReproBundle> {
  if (result.method === 'layer-outputs' || result.method === 'graph-nodes')
    return makeTfjsBundle(request, result, source, environment);
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
  const { zip, manifest } = await packBundle({
    about: await bundleAbout({
      source,
      original,
      node,
      referenceId: request.referenceId,
      suspectId: request.suspectId,
      reference,
      suspect,
      tolerance: policy(node),
      reproduced: diverges,
      environment,
    }),
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

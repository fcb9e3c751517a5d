import { gatherModelFiles } from '../../adapters/fetch-model-files';
import type { Environment } from '../../core/result-schema';
import type { NamedTensor } from '../../core/tensor';
import { parseTfjsModelJson } from '../../core/tfjs-model-json';
import { compareNodes } from '../../localize/compare-nodes';
import type { LocalizationResult } from '../../localize/localization-record';
import type { TfjsModelBytes } from '../../localize/tfjs-faults';
import { bundleFileName, packBundle } from '../../repro/pack-bundle';
import {
  singleGraphNodeModel,
  singleLayerModel,
  wholeTfjsModel,
  type BundledTfjsModel,
} from '../../repro/tfjs-call-model';
import { pairPolicy, type LocalizationRequest } from '../localize/localization-types';
import { urlSource } from '../localize/localize-tfjs';
import { errorText } from '../run/config-lane';
import { captureTfjsBundle } from './capture-tfjs-bundle';
import { bundleAbout, type ReproBundle, type ReproSource } from './repro-side';

/** A TF.js model.json and its weight shards concatenated in manifest order, fetched as a worker would. */
async function fetchTfjsModel(url: string): Promise<TfjsModelBytes & { entry: Uint8Array }> {
  const { entry, files } = await gatherModelFiles('tfjs-layers', urlSource(url));
  const bytes = new Uint8Array(files[entry]);
  const json = parseTfjsModelJson(JSON.parse(new TextDecoder().decode(bytes)), url);
  const shards = json.weightsManifest.flatMap((g) => g.paths).map((p) => new Uint8Array(files[p]));
  const data = new Uint8Array(shards.reduce((n, s) => n + s.length, 0));
  shards.reduce((at, s) => (data.set(s, at), at + s.length), 0);
  return { json, data, entry: bytes };
}

/** One model to try: what it is and its input (its output, named `model.output`, is compared). */
interface Candidate {
  model: BundledTfjsModel;
  kind: 'single-layer' | 'single-node' | 'whole-model';
  input: NamedTensor;
}

/**
 * The repro bundle of a TF.js localization (docs/repro-bundles.md): the first divergent layer alone (an
 * InputLayer of its input's shape, then the layer with its class name, config and weights), or a graph
 * model's node alone (a Placeholder, its Consts, the node), fed what the reference gave the tensor it
 * reads, run again on both configurations in fresh lab workers. When the call cannot run alone (it reads
 * several tensors, its class is not in TF.js) or no longer diverges alone, the whole model on the
 * localized input, with the reason in `whyWhole`.
 */
export async function makeTfjsBundle(
  request: LocalizationRequest,
  result: LocalizationResult,
  source: ReproSource,
  environment: Promise<Environment>,
): Promise<ReproBundle> {
  if (request.suspectModelUrl && request.suspectModelUrl !== request.modelUrl)
    throw new Error(
      `${request.suspectId} runs another model (${request.suspectModelUrl}): a repro bundle reruns one model on both configurations`,
    );
  const first = result.localization.firstDivergent;
  if (!first)
    throw new Error(
      `${request.suspectId}: no layer leaves ${request.referenceId}, so there is nothing to reproduce`,
    );
  const node = result.nodes.find((n) => n.name === first.node)!;
  const original = await fetchTfjsModel(request.modelUrl);
  const policy = request.policy ?? pairPolicy(request);
  const ids = [request.referenceId, request.suspectId];

  const graph = result.method === 'graph-nodes';
  const format = graph ? ('tfjs-graph' as const) : ('tfjs-layers' as const);
  const candidates: Candidate[] = [];
  let whyWhole: string | null = null;
  // What the reference gave each tensor the call reads; the model's input is not captured but given.
  const valueOf = (name: string) => result.captures.reference.get(name) ?? request.input;
  try {
    const single = graph
      ? singleGraphNodeModel(original, node.name, (name) => valueOf(name).shape)
      : singleLayerModel(original, node.name, valueOf(node.inputs[0]).shape);
    candidates.push({
      model: single,
      kind: graph ? 'single-node' : 'single-layer',
      input: { ...valueOf(single.reads), name: single.input },
    });
  } catch (error) {
    whyWhole = errorText(error);
  }
  const whole = wholeTfjsModel(original);
  candidates.push({ model: whole, kind: 'whole-model', input: { ...request.input, name: whole.input } });

  const tried = [];
  for (const candidate of candidates) {
    const names = [candidate.model.output];
    const compared = result.nodes.find((n) => n.name === candidate.model.output)!;
    let ran;
    try {
      ran = await Promise.all(
        ids.map((id) =>
          captureTfjsBundle(id, format, candidate.model.files, candidate.input, names, request),
        ),
      );
    } catch (error) {
      // A layer class the runtime cannot build alone: the whole model says the rest.
      if (candidate.kind === 'whole-model') throw error;
      whyWhole = `${node.name} (${node.opType}) could not run alone: ${errorText(error)}`;
      continue;
    }
    const [reference, suspect] = ran;
    const diverges =
      compareNodes([compared], reference.outputs, suspect.outputs, policy).firstDivergent !== null;
    tried.push({ candidate, compared, reference, suspect, diverges });
    if (diverges) break;
    if (candidate.kind !== 'whole-model')
      whyWhole = `${node.name} (${node.opType}) alone, fed the reference's input, stays within the tolerance on ${request.suspectId}`;
  }
  // The whole model is always tried last, and throws when it cannot run: the last one tried is kept.
  const { candidate, compared, reference, suspect, diverges } = tried[tried.length - 1];
  const output = compared.outputs[0].name;
  const { zip, manifest } = await packBundle({
    about: await bundleAbout({
      source,
      original: original.entry,
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
      files: candidate.model.files,
      entry: 'model.json',
      format,
      kind: candidate.kind,
      whyWhole: candidate.kind === 'whole-model' ? whyWhole : null,
      nodes: candidate.kind === 'whole-model' ? result.nodes.map((n) => n.name) : [node.name],
    },
    inputs: [candidate.input],
    outputs: [
      {
        name: output,
        quantization: null,
        reference: reference.outputs.get(output)!,
        suspect: suspect.outputs.get(output)!,
      },
    ],
  });
  return { zip, manifest, fileName: bundleFileName(manifest) };
}

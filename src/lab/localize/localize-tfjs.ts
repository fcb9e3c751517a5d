import { parseModelJson } from '../../adapters/fetch-model-files';
import { parseTfjsModelJson } from '../../core/tfjs-model-json';
import { compareNodes } from '../../localize/compare-nodes';
import type { LocalizationResult } from '../../localize/localization-record';
import { tfjsNodes } from '../../localize/tfjs-nodes';
import { captureInWorker } from './capture-in-worker';
import { pairPolicy, type LocalizationRequest } from './localization-types';

/** `…/folder/model.json` → the source a worker fetches it from, as a run's. */
export function urlSource(url: string) {
  const absolute = new URL(url, location.href);
  const entry = absolute.pathname.split('/').pop() ?? '';
  return { kind: 'url' as const, baseUrl: new URL('./', absolute).href, entry };
}

/** A TF.js model's nodes to capture, in order, read from its model.json. */
export async function tfjsCapturePlan(modelUrl: string) {
  const response = await fetch(modelUrl);
  if (!response.ok) throw new Error(`${modelUrl}: HTTP ${response.status}`);
  const json = parseTfjsModelJson(parseModelJson(await response.arrayBuffer(), modelUrl), modelUrl);
  const { nodes, outputs, method } = tfjsNodes(json);
  const format = method === 'graph-nodes' ? ('tfjs-graph' as const) : ('tfjs-layers' as const);
  return { nodes, outputs, method, format, names: nodes.map((n) => n.name) };
}

/**
 * Localizes one input's disagreement between two TF.js configurations (or a model and its faulty copy):
 * both run the model through the lab's own workers and adapter, answering every layer's output (layers
 * model) or every node's (graph model), compared in topological order.
 */
export async function localizeTfjs(request: LocalizationRequest): Promise<LocalizationResult> {
  const started = performance.now();
  const { nodes, outputs, method, format, names } = await tfjsCapturePlan(request.modelUrl);
  const policy = request.policy ?? pairPolicy(request);
  // Each side in its own worker, at the same time: loads and runs overlap.
  const [reference, suspect] = await Promise.all([
    captureInWorker(request.referenceId, { format, source: urlSource(request.modelUrl) }, names, request),
    captureInWorker(
      request.suspectId,
      { format, source: urlSource(request.suspectModelUrl ?? request.modelUrl) },
      names,
      request,
    ),
  ]);
  const localization = compareNodes(nodes, reference.outputs, suspect.outputs, policy);
  return {
    nodes,
    localization,
    reproduced: localization.diffs.some((d) => outputs.includes(d.output) && d.divergent),
    method,
    tolerance: policy(nodes[0]),
    suspectPlacement: suspect.placement,
    captures: { reference: reference.outputs, suspect: suspect.outputs },
    elapsedMs: performance.now() - started,
  };
}

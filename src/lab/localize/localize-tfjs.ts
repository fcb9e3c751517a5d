import type { ConfigId } from '../../adapters/configurations';
import { parseModelJson } from '../../adapters/fetch-model-files';
import type { TfjsFlags } from '../../adapters/tfjs/tfjs-backends';
import { parseTfjsModelJson } from '../../core/tfjs-model-json';
import { compareNodes, describeLocalization } from '../../localize/compare-nodes';
import { tfjsNodes } from '../../localize/tfjs-nodes';
import { RuntimeWorkerClient } from '../run/runtime-worker-client';
import type { LocalizationRequest, LocalizationResult } from './localization-types';

/** `…/folder/model.json` → the source a worker fetches it from, as a run's. */
function urlSource(url: string) {
  const absolute = new URL(url, location.href);
  const entry = absolute.pathname.split('/').pop() ?? '';
  return { kind: 'url' as const, baseUrl: new URL('./', absolute).href, entry };
}

/** Loads the model in a fresh worker for one configuration and captures every named node's output. */
async function capture(
  configId: ConfigId,
  modelUrl: string,
  format: 'tfjs-layers' | 'tfjs-graph',
  names: string[],
  request: LocalizationRequest,
  flags?: TfjsFlags,
) {
  const worker = new RuntimeWorkerClient(configId, request.timeoutMs);
  try {
    await worker.init(request.assetBaseUrl, flags);
    const probe = await worker.probe();
    if (!probe.available) throw new Error(`${configId} is not available here: ${probe.reason}`);
    const { name, dtype, shape } = request.input;
    const report = await worker.load({
      format,
      source: urlSource(modelUrl),
      expectedInputs: [{ name, dtype, shape }],
    });
    // A flag TF.js did not keep would make the localization answer a different question: refuse.
    for (const [flag, value] of Object.entries(flags ?? {}))
      if (report.runtime.flags[flag] !== value)
        throw new Error(`${configId}: TF.js flag ${flag} is ${report.runtime.flags[flag]}, not ${value}`);
    // The input buffer is transferred to the worker: each run gets its own copy.
    const input = { ...request.input, data: request.input.data.slice() } as typeof request.input;
    const { outputs } = await worker.infer({ inputs: [input], outputs: names }, 'localize');
    return { outputs: new Map(outputs.map((o) => [o.name, o])), placement: report.runtime.fallbackDetail };
  } finally {
    worker.terminate();
  }
}

/**
 * Localizes one input's disagreement between two TF.js configurations (or a model and its faulty copy):
 * both run the model through the lab's own workers and adapter, answering every layer's output (layers
 * model) or every node's (graph model), compared in topological order.
 */
export async function localizeTfjs(request: LocalizationRequest): Promise<LocalizationResult> {
  const started = performance.now();
  const response = await fetch(request.modelUrl);
  if (!response.ok) throw new Error(`${request.modelUrl}: HTTP ${response.status}`);
  const json = parseTfjsModelJson(
    parseModelJson(await response.arrayBuffer(), request.modelUrl),
    request.modelUrl,
  );
  const { nodes, outputs, method } = tfjsNodes(json);
  const format = method === 'graph-nodes' ? 'tfjs-graph' : 'tfjs-layers';
  const names = nodes.map((n) => n.name);
  const reference = await capture(request.referenceId, request.modelUrl, format, names, request);
  const suspect = await capture(
    request.suspectId,
    request.suspectModelUrl ?? request.modelUrl,
    format,
    names,
    request,
    request.flags,
  );
  const localization = compareNodes(nodes, reference.outputs, suspect.outputs, request.policy);
  return {
    nodes,
    localization,
    line: describeLocalization(request.suspectId, localization, nodes),
    reproduced: localization.diffs.some((d) => outputs.includes(d.output) && d.divergent),
    method,
    suspectPlacement: suspect.placement,
    elapsedMs: performance.now() - started,
  };
}

import type { ConfigId } from '../../adapters/configurations';
import type { NamedTensor } from '../../core/tensor';
import { compareNodes } from '../../localize/compare-nodes';
import { exposeNodeOutputs } from '../../localize/expose-outputs';
import type { LocalizationResult } from '../../localize/localization-record';
import { sliceGraph } from '../../localize/slice-graph';
import { pairPolicy, type LocalizationRequest } from './localization-types';
import { RuntimeWorkerClient } from '../run/runtime-worker-client';

/** Slices when the whole exposed graph does not reproduce: few enough that each load is worth it. */
const SLICES = 8;

/** Loads a model in a fresh worker for one configuration and runs it once, asking for `names`. */
export async function captureOnnx(
  configId: ConfigId,
  model: Uint8Array,
  inputs: readonly NamedTensor[],
  names: string[],
  request: Pick<LocalizationRequest, 'assetBaseUrl' | 'timeoutMs'>,
) {
  const worker = new RuntimeWorkerClient(configId, request.timeoutMs);
  try {
    await worker.init(request.assetBaseUrl);
    const probe = await worker.probe();
    if (!probe.available) throw new Error(`${configId} is not available here: ${probe.reason}`);
    const report = await worker.load({
      format: 'onnx',
      source: {
        kind: 'bytes',
        model: { entry: 'localize.onnx', files: { 'localize.onnx': model.slice().buffer } },
      },
      expectedInputs: inputs.map(({ name, dtype, shape }) => ({ name, dtype, shape })),
    });
    // Inputs are transferred to the worker: each run gets its own copy.
    const copies = inputs.map((t) => ({ ...t, data: t.data.slice() }));
    const { outputs } = await worker.infer({ inputs: copies, outputs: names }, 'localize');
    return { outputs: new Map(outputs.map((o) => [o.name, o])), placement: report.runtime.fallbackDetail };
  } finally {
    worker.terminate();
  }
}

/**
 * Localizes one input's disagreement between two ORT configurations: every node output of the model is
 * exposed, both configurations run the rewritten model through the lab's own workers, and the outputs
 * are compared in graph order with the per-operator tolerance of the pair. When the rewritten model no
 * longer gives the final divergence (exposing outputs changed fusion or placement), the suspect runs the
 * graph in slices, each fed the reference's values at its boundary.
 */
export async function localizeOnnx(request: LocalizationRequest): Promise<LocalizationResult> {
  const started = performance.now();
  const response = await fetch(request.modelUrl);
  if (!response.ok) throw new Error(`${request.modelUrl}: HTTP ${response.status}`);
  const original = new Uint8Array(await response.arrayBuffer());
  const { bytes, nodes, outputs, names } = exposeNodeOutputs(original);
  if (!nodes.length) throw new Error(`${request.modelUrl}: the model has no nodes to localize`);
  const policy = request.policy ?? pairPolicy(request);
  // Each side in its own worker, at the same time: loads and runs overlap.
  const [reference, whole] = await Promise.all(
    [request.referenceId, request.suspectId].map((id) =>
      captureOnnx(id, bytes, [request.input], names, request),
    ),
  );
  let localization = compareNodes(nodes, reference.outputs, whole.outputs, policy);
  const reproduced = localization.diffs.some((d) => d.divergent && outputs.includes(d.output));
  let suspect = whole.outputs;
  const sliced = !reproduced && request.diverged === true;
  if (sliced) {
    const values = new Map([[request.input.name, request.input], ...reference.outputs]);
    const slices = sliceGraph(original, values, Math.ceil(nodes.length / SLICES));
    suspect = new Map();
    for (const slice of slices) {
      const part = await captureOnnx(request.suspectId, slice.model, slice.inputs, slice.outputs, request);
      part.outputs.forEach((tensor, name) => suspect.set(name, tensor));
    }
    localization = compareNodes(nodes, reference.outputs, suspect, policy);
  }
  return {
    nodes,
    localization,
    reproduced,
    method: sliced ? 'slices' : 'exposed-outputs',
    tolerance: policy(nodes[0]),
    suspectPlacement: whole.placement,
    captures: { reference: reference.outputs, suspect },
    elapsedMs: performance.now() - started,
  };
}

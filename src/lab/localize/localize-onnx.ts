import type { ConfigId } from '../../adapters/configurations';
import type { NamedTensor, TensorInfo } from '../../core/tensor';
import { compareNodes, describeLocalization, type Localization } from '../../localize/compare-nodes';
import { exposeNodeOutputs, type GraphNode } from '../../localize/expose-outputs';
import { RuntimeWorkerClient } from '../run/runtime-worker-client';

export interface OnnxLocalizationRequest {
  modelUrl: string;
  input: NamedTensor;
  referenceId: ConfigId;
  suspectId: ConfigId;
  assetBaseUrl: string;
  timeoutMs: number;
}

export interface OnnxLocalization {
  nodes: GraphNode[];
  localization: Localization;
  /** "first divergent node: …", as the CLI prints it. */
  line: string;
  /** Whether the suspect's final outputs still leave the reference once every node output is exposed. */
  reproduced: boolean;
  /** How the intermediate outputs were captured: the whole rewritten graph in one run. */
  method: 'exposed-outputs';
  /** What the suspect's placement log said at session creation (ORT's CPU fallback count). */
  suspectPlacement: string | null;
  elapsedMs: number;
}

/** Loads the rewritten model in a fresh worker for one configuration and captures every node output. */
async function capture(
  configId: ConfigId,
  model: ArrayBuffer,
  names: string[],
  request: OnnxLocalizationRequest,
  expectedInputs: TensorInfo[],
) {
  const worker = new RuntimeWorkerClient(configId, request.timeoutMs);
  try {
    await worker.init(request.assetBaseUrl);
    const probe = await worker.probe();
    if (!probe.available) throw new Error(`${configId} is not available here: ${probe.reason}`);
    const report = await worker.load({
      format: 'onnx',
      source: { kind: 'bytes', model: { entry: 'exposed.onnx', files: { 'exposed.onnx': model } } },
      expectedInputs,
    });
    // The input buffer is transferred to the worker: each run gets its own copy.
    const input = { ...request.input, data: request.input.data.slice() } as NamedTensor;
    const { outputs } = await worker.infer({ inputs: [input], outputs: names }, 'localize');
    return { outputs: new Map(outputs.map((o) => [o.name, o])), placement: report.runtime.fallbackDetail };
  } finally {
    worker.terminate();
  }
}

/**
 * Localizes one input's disagreement between two ORT configurations: every node output of the model is
 * exposed, both configurations run the rewritten model through the lab's own workers, and the outputs
 * are compared in graph order.
 */
export async function localizeOnnx(request: OnnxLocalizationRequest): Promise<OnnxLocalization> {
  const started = performance.now();
  const response = await fetch(request.modelUrl);
  if (!response.ok) throw new Error(`${request.modelUrl}: HTTP ${response.status}`);
  const { bytes, nodes, outputs, names } = exposeNodeOutputs(new Uint8Array(await response.arrayBuffer()));
  const expectedInputs = [
    { name: request.input.name, dtype: request.input.dtype, shape: request.input.shape },
  ];
  const model = bytes.slice().buffer;
  const reference = await capture(request.referenceId, model, names, request, expectedInputs);
  const suspect = await capture(request.suspectId, model, names, request, expectedInputs);
  const localization = compareNodes(nodes, reference.outputs, suspect.outputs);
  const finals = localization.diffs.filter((d) => outputs.includes(d.output));
  return {
    nodes,
    localization,
    line: describeLocalization(request.suspectId, localization, nodes),
    reproduced: finals.some((d) => d.divergent),
    method: 'exposed-outputs',
    suspectPlacement: suspect.placement,
    elapsedMs: performance.now() - started,
  };
}

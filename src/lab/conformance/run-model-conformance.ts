import { decodeModel, toNumber, type OnnxModel } from '../../convert/onnx/onnx-model';
import type { ConfigId } from '../../adapters/configurations';
import type { ModelSource } from '../../adapters/runtime-adapter';
import type { ConformanceRecord } from '../../core/conformance/conformance-schema';
import { decomposeModel } from '../../convert/onnx/decompose-model';
import { exposeNodeOutputs } from '../../localize/expose-outputs';
import type { ModelManifest } from '../../core/model-manifest';
import type { NamedTensor } from '../../core/tensor';
import { zoo } from '../models/zoo';
import { resolveRoot } from '../models/resolve-model';
import { assetBaseUrl } from '../run/start-run';
import {
  chooseConfigIds,
  ConformanceLane,
  runOnLane,
  runSuite,
  type CaseRun,
  type ConformanceOptions,
  type ConformanceProgress,
} from './run-conformance';

/** The ONNX file of a zoo model: the model itself, or a TF.js model's converted sibling. */
async function fetchOnnx(manifest: ModelManifest): Promise<Uint8Array> {
  const where = manifest.format === 'onnx' ? manifest : manifest.converted;
  if (!where)
    throw new Error(`--model ${manifest.id}: a ${manifest.format} model with no converted ONNX sibling`);
  const url = `${resolveRoot(where.base, assetBaseUrl())}${where.entry}`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`--model ${manifest.id}: ${url}: ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** A deterministic float input of the model's declared shape (open dimensions 1), values in [0, 1). */
function syntheticInputs(model: OnnxModel): NamedTensor[] {
  const initialized = new Set(model.graph.initializer.map((t) => t.name));
  let seed = 1;
  return model.graph.input
    .filter((i) => !initialized.has(i.name))
    .map((input) => {
      const shape = (input.type?.tensorType.shape?.dim ?? []).map((d) =>
        'dimValue' in d && toNumber(d.dimValue) > 0 ? toNumber(d.dimValue) : 1,
      );
      const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
      for (let i = 0; i < data.length; i++) data[i] = (seed = (seed * 16807) % 2147483647) / 2147483647;
      return { name: input.name, dtype: 'float32', shape, data };
    });
}

const bytesSource = (bytes: Uint8Array): ModelSource => ({
  kind: 'bytes',
  model: { entry: 'model.onnx', files: { 'model.onnx': bytes.slice().buffer } },
});

const copy = (t: NamedTensor): NamedTensor => ({ ...t, data: t.data.slice() });

/**
 * The operators a zoo model actually uses, with its real shapes: one run of the model on the reference
 * configuration (ort-wasm, first) with every node output exposed gives each node's inputs; each distinct
 * node configuration then runs alone on every configuration and is held to the reference's outputs.
 */
export async function runModelConformance(
  modelId: string,
  options: ConformanceOptions,
  onProgress: (progress: ConformanceProgress) => void = () => {},
): Promise<ConformanceRecord> {
  const manifest = zoo.models.find((m) => m.id === modelId);
  if (!manifest)
    throw new Error(`--model: unknown model "${modelId}" (known: ${zoo.models.map((m) => m.id).join(', ')})`);
  const reference: ConfigId = 'ort-wasm';
  const configIds = [reference, ...chooseConfigIds(options.configIds).filter((id) => id !== reference)];
  const lanes = configIds.map((id) => new ConformanceLane(id, options.timeoutMs ?? 60_000));
  const bytes = await fetchOnnx(manifest);
  const model = decodeModel(bytes);
  const exposed = exposeNodeOutputs(bytes);
  const inputs = syntheticInputs(model);
  const whole = await runOnLane(lanes[0], {
    id: manifest.id,
    op: 'model',
    source: bytesSource(exposed.bytes),
    inputs: inputs.map(({ name, dtype, shape }) => ({ name, dtype, shape })),
    feeds: async () => inputs.map(copy),
    outputs: exposed.names,
  });
  if (!whole || 'failed' in whole) {
    throw new Error(
      `--model ${modelId}: the reference ${reference} could not run it: ${whole ? whole.failed.detail : 'unavailable'}`,
    );
  }
  const values = new Map([...inputs, ...whole.outputs].map((t) => [t.name, t]));
  const runs: CaseRun[] = decomposeModel(model, values)
    .filter(
      (node) => !options.ops?.length || options.ops.some((op) => op.toLowerCase() === node.op.toLowerCase()),
    )
    .slice(0, options.limit)
    .map((node) => ({
      id: node.id,
      op: node.op,
      source: bytesSource(node.model),
      inputs: node.inputs.map(({ name, dtype, shape }) => ({ name, dtype, shape })),
      feeds: async () => node.inputs.map(copy),
      outputs: node.outputs,
    }))
    .filter(
      (run) => !options.ops?.length || options.ops.some((op) => op.toLowerCase() === run.op.toLowerCase()),
    );
  return runSuite(
    {
      name: `model:${modelId}`,
      referenceConfigId: reference,
      runs,
      expected: async (_, first) =>
        first && !('failed' in first)
          ? first.outputs
          : `not compared: the reference ${reference} could not run it`,
    },
    lanes,
    onProgress,
  );
}

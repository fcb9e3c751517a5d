import { configuration, type ConfigId } from '../../adapters/configurations';
import type { LoadReport, ModelSource, ProbeResult } from '../../adapters/runtime-adapter';
import { groundTruthFromFileName } from '../../core/labels';
import { decodeImage } from '../../core/preprocess/decode-image';
import { sha256Hex } from '../../core/preprocess/sha256';
import { toInputTensor, type InputTensor } from '../../core/preprocess/to-input-tensor';
import { aggregateAccuracy, aggregateAgreement, collectFindings, compareLatency } from '../../core/report/aggregate';
import { compareOutput, failedOutcome } from '../../core/report/compare-output';
import {
  RESULT_SCHEMA_VERSION,
  runResultSchema,
  type ConfigResult,
  type Environment,
  type ImageResult,
  type RunResult,
} from '../../core/result-schema';
import { summarizeLatency } from '../../core/stats/summary';
import type { ResolvedModel } from '../models/resolve-model';
import { RuntimeWorkerClient, WorkerTimeoutError } from './runtime-worker-client';

export interface ImageSource {
  name: string;
  read(): Promise<Uint8Array>;
}

export interface LabPlan {
  model: ResolvedModel;
  imageSetName: string;
  images: ImageSource[];
  configIds: ConfigId[];
  referenceConfigId: ConfigId;
  warmupRuns: number;
  timedRuns: number;
  /** Longest any one worker step may take before the worker is declared hung and terminated. */
  timeoutMs: number;
  assetBaseUrl: string;
  environment: Environment;
  crosscheckVersion: string;
}

export interface LabProgress {
  phase: 'load' | 'timing' | 'images' | 'done';
  configId: ConfigId | null;
  done: number;
  total: number;
  message: string;
}

interface PreparedImage {
  result: ImageResult;
  tensor: InputTensor | null;
}

/** A configuration being run: its worker, and everything measured so far (kept even if it dies later). */
interface Lane {
  configId: ConfigId;
  client: RuntimeWorkerClient | null;
  result: ConfigResult;
  tensorsAfterLoad: number | null;
  bytesAfterLoad: number | null;
}

function emptyConfigResult(configId: ConfigId, warmupRuns: number): ConfigResult {
  return {
    configId,
    status: 'ok',
    reason: null,
    runtime: null,
    fetchMs: null,
    compileMs: null,
    firstInferMs: null,
    warmupRuns,
    warm: null,
    warmSamplesMs: [],
    memory: null,
    agreement: null,
    accuracy: null,
    latencyVsReference: null,
  };
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/[<>]/g, '').slice(0, 4000);
}

function failLane(lane: Lane, error: unknown, step: string): void {
  const timedOut = error instanceof WorkerTimeoutError;
  lane.result.status = timedOut ? 'timeout' : lane.client && !lane.client.alive ? 'crashed' : 'failed';
  lane.result.reason = `${lane.configId}: ${step}: ${errorText(error)}`;
  lane.client?.terminate();
  lane.client = null;
}

async function prepareImage(source: ImageSource, model: ResolvedModel): Promise<PreparedImage> {
  const result: ImageResult = {
    name: source.name.replace(/[<>]/g, ''),
    fileSha256: null,
    inputSha256: null,
    width: null,
    height: null,
    groundTruth: groundTruthFromFileName(source.name),
    decodeError: null,
    outcomes: [],
  };
  try {
    const bytes = await source.read();
    result.fileSha256 = await sha256Hex(bytes);
    const image = decodeImage(bytes, source.name);
    result.width = image.width;
    result.height = image.height;
    const tensor = toInputTensor(image, model.manifest.preprocess);
    result.inputSha256 = await sha256Hex(tensor.data);
    return { result, tensor };
  } catch (error) {
    result.decodeError = errorText(error);
    return { result, tensor: null };
  }
}

/** Each worker gets its own copy: transferring hands the buffer over, so it cannot be shared. */
function copyOf(tensor: InputTensor): Float32Array {
  return tensor.data.slice();
}

async function openLane(lane: Lane, plan: LabPlan, first: InputTensor | null): Promise<void> {
  const { timeoutMs } = plan;
  const client = new RuntimeWorkerClient(lane.configId);
  lane.client = client;
  try {
    await client.call('init', timeoutMs, (w) => w.init(lane.configId, plan.assetBaseUrl));
    const probe = await client.call<ProbeResult>('probe', timeoutMs, (w) => w.probe());
    if (!probe.available) {
      lane.result.status = 'unsupported';
      lane.result.reason = `unsupported: ${probe.reason}`;
      client.terminate();
      lane.client = null;
      return;
    }
  } catch (error) {
    return failLane(lane, error, 'start');
  }
  // An ORT configuration runs a TF.js model through its converted ONNX sibling, fed the same NHWC tensor.
  const { manifest, converted } = plan.model;
  const viaConversion = configuration(lane.configId).runtime === 'ort' && manifest.format !== 'onnx';
  if (viaConversion && !(converted && 'source' in converted)) {
    lane.result.status = 'unsupported';
    lane.result.reason = `unsupported: ${converted && 'missing' in converted ? converted.missing : 'the model has no converted ONNX sibling'}`;
    client.terminate();
    lane.client = null;
    return;
  }
  const request = viaConversion
    ? { format: 'onnx' as const, source: (converted as { source: ModelSource }).source, entry: manifest.converted!.entry, inputName: undefined }
    : { format: manifest.format, source: plan.model.source, entry: manifest.entry, inputName: manifest.inputName };
  let load: LoadReport;
  try {
    const shape = first?.shape ?? [];
    load = await client.call('load', timeoutMs, (w) =>
      w.load({ format: request.format, source: request.source, inputShape: shape, inputName: request.inputName }),
    );
  } catch (error) {
    return failLane(lane, error, `loading ${request.entry}`);
  }
  Object.assign(lane.result, { runtime: load.runtime, fetchMs: load.fetchMs, compileMs: load.compileMs });
  const memory = await client.call('memory', timeoutMs, (w) => w.memory());
  lane.tensorsAfterLoad = memory.tensors;
  lane.bytesAfterLoad = memory.bytes;
}

/** Cold first inference, warm-up kept apart, then the timed steady state, all on the first image. */
async function timeLane(lane: Lane, plan: LabPlan, first: InputTensor): Promise<void> {
  const client = lane.client!;
  const infer = (step: string) =>
    client.call(step, plan.timeoutMs, (w) => w.infer(copyOf(first), [...first.shape]));
  try {
    lane.result.firstInferMs = (await infer('first inference')).inferMs;
    for (let i = 0; i < plan.warmupRuns; i++) await infer(`warm-up run ${i + 1}`);
    for (let i = 0; i < plan.timedRuns; i++) lane.result.warmSamplesMs.push((await infer(`timed run ${i + 1}`)).inferMs);
    lane.result.warm = summarizeLatency(lane.result.warmSamplesMs);
  } catch (error) {
    failLane(lane, error, 'timing');
  }
}

async function closeLane(lane: Lane, plan: LabPlan): Promise<void> {
  const client = lane.client;
  if (!client) return;
  try {
    const memory = await client.call('memory', plan.timeoutMs, (w) => w.memory());
    lane.result.memory = {
      tensorsAfterLoad: lane.tensorsAfterLoad,
      tensorsAfterRun: memory.tensors,
      bytesAfterLoad: lane.bytesAfterLoad,
      bytesAfterRun: memory.bytes,
      leakedTensors:
        memory.tensors !== null && lane.tensorsAfterLoad !== null ? memory.tensors - lane.tensorsAfterLoad : null,
      jsHeapBytes: memory.jsHeapBytes,
    };
    await client.call('dispose', plan.timeoutMs, (w) => w.dispose());
  } catch (error) {
    lane.result.reason = `${lane.configId}: dispose: ${errorText(error)}`;
  } finally {
    client.terminate();
    lane.client = null;
  }
}

async function imageSetSha256(images: ImageResult[]): Promise<string> {
  const listing = images.map((i) => `${i.name}\t${i.fileSha256 ?? 'unreadable'}\n`).join('');
  return sha256Hex(new TextEncoder().encode(listing));
}

/**
 * Runs one model over a set of images on every chosen configuration. Each image is decoded and
 * preprocessed once; every configuration receives the same Float32 bytes. Nothing measured is lost
 * when a configuration fails, hangs or crashes: its status says why and the others carry on.
 */
export async function runLab(
  plan: LabPlan,
  onProgress: (progress: LabProgress) => void = () => {},
  signal?: AbortSignal,
  /** Awaited between steps: a paused run waits here, never inside a measurement. */
  betweenSteps: () => Promise<void> = async () => {},
): Promise<RunResult> {
  const startedAt = new Date().toISOString();
  const { model } = plan;
  const lanes: Lane[] = plan.configIds.map((configId) => ({
    configId,
    client: null,
    result: emptyConfigResult(configId, plan.warmupRuns),
    tensorsAfterLoad: null,
    bytesAfterLoad: null,
  }));
  const images: ImageResult[] = [];
  const abort = () => lanes.forEach((lane) => lane.client?.terminate());
  signal?.addEventListener('abort', abort);

  try {
    // The first decodable image drives load checks and timing.
    let first: PreparedImage | null = null;
    let nextImage = 0;
    const prepared: PreparedImage[] = [];
    while (!first && nextImage < plan.images.length) {
      const candidate = await prepareImage(plan.images[nextImage++], model);
      prepared.push(candidate);
      if (candidate.tensor) first = candidate;
    }

    for (const [i, lane] of lanes.entries()) {
      await betweenSteps();
      signal?.throwIfAborted();
      onProgress({ phase: 'load', configId: lane.configId, done: i, total: lanes.length, message: `loading ${lane.configId}` });
      await openLane(lane, plan, first?.tensor ?? null);
      if (lane.client && first?.tensor) {
        onProgress({ phase: 'timing', configId: lane.configId, done: i, total: lanes.length, message: `timing ${lane.configId}` });
        await timeLane(lane, plan, first.tensor);
      }
    }

    const referenceLane = lanes.find((l) => l.configId === plan.referenceConfigId);
    for (let index = 0; index < plan.images.length; index++) {
      await betweenSteps();
      signal?.throwIfAborted();
      const image = prepared[index] ?? (await prepareImage(plan.images[index], model));
      prepared[index] = { result: image.result, tensor: null };
      images.push(image.result);
      onProgress({ phase: 'images', configId: null, done: index, total: plan.images.length, message: image.result.name });
      if (!image.tensor) continue;
      const outputs = new Map<ConfigId, { output: Float32Array; inferMs: number }>();
      for (const lane of lanes) {
        if (!lane.client) {
          if (lane.result.status !== 'unsupported') {
            image.result.outcomes.push(failedOutcome(lane.configId, 'skipped', lane.result.reason ?? lane.result.status));
          }
          continue;
        }
        try {
          const tensor = image.tensor;
          outputs.set(lane.configId, await lane.client.call(`inference on ${image.result.name}`, plan.timeoutMs, (w) => w.infer(copyOf(tensor), [...tensor.shape])));
        } catch (error) {
          image.result.outcomes.push(failedOutcome(lane.configId, 'failed', `${image.result.name}: ${errorText(error)}`));
          if (!lane.client.alive) failLane(lane, error, `inference on ${image.result.name}`);
        }
      }
      const reference = referenceLane ? outputs.get(referenceLane.configId)?.output ?? null : null;
      for (const [configId, { output, inferMs }] of outputs) {
        image.result.outcomes.push(compareOutput(configId, output, reference, model.manifest.output, model.labels, inferMs));
      }
    }
  } finally {
    signal?.removeEventListener('abort', abort);
    for (const lane of lanes) await closeLane(lane, plan);
  }

  const referenceSamples = lanes.find((l) => l.configId === plan.referenceConfigId)?.result.warmSamplesMs ?? [];
  const configs = lanes.map(({ configId, result }) => ({
    ...result,
    agreement: aggregateAgreement(images, configId),
    accuracy: aggregateAccuracy(images, configId, model.labels),
    latencyVsReference: configId === plan.referenceConfigId ? null : compareLatency(result.warmSamplesMs, referenceSamples),
  }));
  onProgress({ phase: 'done', configId: null, done: images.length, total: images.length, message: 'done' });

  return runResultSchema.parse({
    schemaVersion: RESULT_SCHEMA_VERSION,
    runId: crypto.randomUUID(),
    startedAt,
    finishedAt: new Date().toISOString(),
    crosscheckVersion: plan.crosscheckVersion,
    model: {
      id: model.manifest.id,
      name: model.manifest.name,
      format: model.manifest.format,
      sha256: model.sha256,
      outputKind: model.manifest.output,
      classes: model.manifest.labels.count,
    },
    imageSet: { name: plan.imageSetName, count: images.length, sha256: await imageSetSha256(images) },
    settings: {
      referenceConfigId: plan.referenceConfigId,
      warmupRuns: plan.warmupRuns,
      timedRuns: plan.timedRuns,
      timeoutMs: plan.timeoutMs,
    },
    environment: plan.environment,
    configs,
    images,
    findings: collectFindings(images, configs, plan.referenceConfigId),
  } satisfies RunResult);
}

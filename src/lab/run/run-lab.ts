import type { ConfigId } from '../../adapters/configurations';
import { groundTruthFromFileName } from '../../core/labels';
import { decodeImage } from '../../core/preprocess/decode-image';
import { sha256Hex } from '../../core/preprocess/sha256';
import { toInputTensor, type InputTensor } from '../../core/preprocess/to-input-tensor';
import {
  aggregateAccuracy,
  aggregateAgreement,
  collectFindings,
  compareLatency,
} from '../../core/report/aggregate';
import { compareOutput } from '../../core/report/compare-output';
import {
  RESULT_SCHEMA_VERSION,
  runResultSchema,
  type Environment,
  type ImageResult,
  type RunResult,
} from '../../core/result-schema';
import type { ImageSource } from '../images/image-sources';
import type { ResolvedModel } from '../models/resolve-model';
import { ConfigLane, errorText, type LaneOutput } from './config-lane';
import { RuntimeWorkerClient, type RuntimeWorker } from './runtime-worker-client';

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

/** Why a run could not start: every chosen image failed to decode, each named with its reason. */
export function noImageDecoded(images: ImageResult[]): string {
  const reasons = images.slice(0, 3).map((i) => i.decodeError);
  const more = images.length > 3 ? `; and ${images.length - 3} more` : '';
  return `no image could be decoded (${images.length} tried): ${reasons.join('; ')}${more}`;
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
  const startWorker = (configId: ConfigId): RuntimeWorker =>
    new RuntimeWorkerClient(configId, plan.timeoutMs);
  const lanes = plan.configIds.map((configId) => new ConfigLane(configId, model, plan, startWorker));
  const images: ImageResult[] = [];
  const abort = () => lanes.forEach((lane) => lane.abort());
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
    // Without one decoded image there is nothing to load a model for: say so, not a shape mismatch.
    if (!first) throw new Error(noImageDecoded(prepared.map((p) => p.result)));

    for (const [i, lane] of lanes.entries()) {
      await betweenSteps();
      signal?.throwIfAborted();
      onProgress({
        phase: 'load',
        configId: lane.configId,
        done: i,
        total: lanes.length,
        message: `loading ${lane.configId}`,
      });
      await lane.load(first?.tensor ?? null);
      if (lane.open && first?.tensor) {
        onProgress({
          phase: 'timing',
          configId: lane.configId,
          done: i,
          total: lanes.length,
          message: `timing ${lane.configId}`,
        });
        await lane.time(first.tensor);
      }
    }

    const referenceLane = lanes.find((l) => l.configId === plan.referenceConfigId);
    for (let index = 0; index < plan.images.length; index++) {
      await betweenSteps();
      signal?.throwIfAborted();
      const image = prepared[index] ?? (await prepareImage(plan.images[index], model));
      prepared[index] = { result: image.result, tensor: null };
      images.push(image.result);
      onProgress({
        phase: 'images',
        configId: null,
        done: index,
        total: plan.images.length,
        message: image.result.name,
      });
      if (!image.tensor) continue;
      const outputs = new Map<ConfigId, LaneOutput>();
      for (const lane of lanes) {
        const answer = await lane.classify(image.result.name, image.tensor);
        if (answer && 'output' in answer) outputs.set(lane.configId, answer);
        else if (answer) image.result.outcomes.push(answer);
      }
      const reference = referenceLane ? (outputs.get(referenceLane.configId)?.output ?? null) : null;
      for (const [configId, { output, inferMs }] of outputs) {
        image.result.outcomes.push(
          compareOutput(configId, output, reference, model.manifest.output, model.labels, inferMs),
        );
      }
    }
  } finally {
    signal?.removeEventListener('abort', abort);
    for (const lane of lanes) await lane.close();
  }

  const referenceSamples =
    lanes.find((l) => l.configId === plan.referenceConfigId)?.result.warmSamplesMs ?? [];
  const configs = lanes.map(({ configId, result }) => ({
    ...result,
    agreement: aggregateAgreement(images, configId),
    accuracy: aggregateAccuracy(images, configId, model.labels),
    latencyVsReference:
      configId === plan.referenceConfigId ? null : compareLatency(result.warmSamplesMs, referenceSamples),
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

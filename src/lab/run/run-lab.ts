import type { ConfigId } from '../../adapters/configurations';
import { sha256Hex } from '../../core/preprocess/sha256';
import {
  aggregateAccuracy,
  aggregateAgreement,
  collectFindings,
  compareLatency,
} from '../../core/report/aggregate';
import { compareOutput, topLabels } from '../../core/report/compare-output';
import { recommend } from '../../core/recommend/recommend';
import {
  RESULT_SCHEMA_VERSION,
  runResultSchema,
  type ConfigResult,
  type Environment,
  type ImageConfigOutcome,
  type ImageResult,
  type RankedLabel,
  type RunResult,
} from '../../core/result-schema';
import type { ImageSource } from '../images/image-sources';
import type { ResolvedModel } from '../models/resolve-model';
import type { ResolvedVariant } from '../models/resolve-variant';
import { variantRecord } from './variant-record';
import { ConfigLane, emptyConfigResult } from './config-lane';
import type { RunProfile } from '../../core/profile/op-profile';
import { openPageDecoder } from './decode-pool';
import type { OpenDecoder } from './input-decoder';
import { DEFAULT_KEEP_BYTES, InputStore, type OnPrepared } from './input-store';
import type { RestoredRun, RunJournal } from './run-journal';
import { RuntimeWorkerClient, type RuntimeWorker } from './runtime-worker-client';

export interface LabPlan {
  model: ResolvedModel;
  imageSetName: string;
  images: ImageSource[];
  configIds: ConfigId[];
  referenceConfigId: ConfigId;
  /** The most warm-up runs before timing; warm-up stops earlier once the samples are steady. */
  warmupRuns: number;
  /** A cap reached in less warm-up time than this is extended (TimingPlan.warmupMinMs); absent: none. */
  warmupMinMs?: number;
  timedRuns: number;
  /** Longest any one worker step may take before the worker is declared hung and terminated. */
  timeoutMs: number;
  /** Inferences in the profiling pass after a configuration's images (0: no pass), kept apart from timing. */
  profileRuns?: number;
  assetBaseUrl: string;
  /**
   * The device facts; may still be being collected (GPU probes take a while on some devices): the run
   * starts loading without them and waits for them before it times anything.
   */
  environment: Environment | Promise<Environment>;
  crosscheckVersion: string;
  /** A variant of the model: every configuration but the reference runs it (docs/variants.md). */
  variant?: ResolvedVariant;
  /** Where the run checkpoints as it goes, and what an interrupted attempt already measured. */
  journal?: RunJournal;
  /** Starts one configuration's worker; tests give a fake. */
  startWorker?: (configId: ConfigId, timeoutMs: number) => RuntimeWorker;
  /** Where the images are first decoded: the page's decode workers unless given (Node tests: in-thread). */
  openDecoder?: OpenDecoder;
}

export interface LabProgress {
  phase: 'load' | 'timing' | 'images' | 'done';
  configId: ConfigId | null;
  /** The configuration's place in the run order (the reference first) and how many there are. */
  configIndex: number;
  configCount: number;
  /** Images this configuration has been through, of `total`. */
  done: number;
  total: number;
  message: string;
  /** The first image's top labels on this configuration, sent as soon as its cold inference answers. */
  firstLabels?: { image: string; labels: RankedLabel[] };
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

/** The reference runs first: every later configuration is compared with its outputs as it goes. */
function runOrder(plan: LabPlan): ConfigId[] {
  const others = plan.configIds.filter((id) => id !== plan.referenceConfigId);
  return plan.configIds.includes(plan.referenceConfigId) ? [plan.referenceConfigId, ...others] : others;
}

/** A resumed run must feed exactly the inputs it fed before it stopped, starting with their number. */
function checkSameCount(restored: RestoredRun, imageCount: number): void {
  if (restored.imageCount !== imageCount) {
    throw new Error(
      `cannot resume: the run had ${restored.imageCount} images, the image set now has ${imageCount}`,
    );
  }
}

/**
 * Each image as it is prepared: written down for a resume, or, one an interrupted attempt already wrote
 * down, checked against it (name and input hash) and given back the outcomes measured on it.
 */
function onPrepared(restored: RestoredRun | null, journal: RunJournal | undefined): OnPrepared {
  return (index, image) => {
    const before = restored?.images.get(index);
    if (!before) {
      journal?.image(index, image);
      return;
    }
    if (before.inputSha256 !== image.inputSha256 || before.name !== image.name) {
      throw new Error(
        `cannot resume: ${image.name} is not the input the run started with (image ${index + 1})`,
      );
    }
    image.outcomes.push(...before.outcomes);
  };
}

/**
 * Runs one model over a set of images, configuration by configuration (the reference first): load one,
 * time it, run every image through it, keep only what the comparison needs, close it, then the next — so
 * at most one runtime is loaded and nothing else computes while one is timed. Each image is decoded once
 * and every configuration receives the same Float32 bytes. Nothing measured is lost when a configuration
 * fails, hangs or crashes: its status says why and the others carry on; with a journal, nothing measured
 * is lost when the page itself goes away either.
 */
export async function runLab(
  plan: LabPlan,
  onProgress: (progress: LabProgress) => void = () => {},
  signal?: AbortSignal,
  /** Awaited between steps: a paused run waits here, never inside a measurement. */
  betweenSteps: () => Promise<void> = async () => {},
): Promise<RunResult> {
  const { model, journal } = plan;
  const restored = journal?.restored ?? null;
  const runId = restored?.runId ?? crypto.randomUUID();
  const startedAt = restored?.startedAt ?? new Date().toISOString();
  const startWorker = plan.startWorker ?? ((id, timeoutMs) => new RuntimeWorkerClient(id, timeoutMs));
  const finished = new Map<ConfigId, ConfigResult>(
    (restored?.configs ?? []).map((c) => [c.configId as ConfigId, c]),
  );
  const order = runOrder(plan);
  // The reference runs the original: a variant is measured against the model it was made from.
  const laneFor = (configId: ConfigId) => {
    const laneModel = plan.variant && configId !== plan.referenceConfigId ? plan.variant.model : model;
    return new ConfigLane(configId, laneModel, plan, (id) => startWorker(id, plan.timeoutMs));
  };
  const firstToRun = order.find((id) => !finished.has(id));
  let current: ConfigLane | null = firstToRun ? laneFor(firstToRun) : null;
  // Cancel ends the worker in flight at once; what was measured is kept as a cancelled run.
  const abort = () => current?.abort();
  signal?.addEventListener('abort', abort);
  // The first configuration's worker starts its runtime while the first image decodes: the first labels
  // come sooner, and nothing is measured before its model loads, after the decoding.
  void current?.start();
  const inputs = new InputStore(
    plan.images,
    model.manifest.preprocess,
    DEFAULT_KEEP_BYTES,
    plan.openDecoder ?? openPageDecoder,
    onPrepared(restored, journal),
  );
  let first: number;
  try {
    if (restored) checkSameCount(restored, plan.images.length);
    first = await inputs.prepareFirst();
    // Without one decoded image there is nothing to load a model for: say so, not a shape mismatch.
    if (first < 0) throw new Error(noImageDecoded(inputs.images));
    await journal?.begin(runId, startedAt, plan.images.length);
  } catch (error) {
    current?.abort();
    signal?.removeEventListener('abort', abort);
    throw error;
  }
  const referenceOutputs = new Map(restored?.referenceOutputs ?? []);
  const profile: RunProfile = {};
  const imageCount = plan.images.length;
  // Measured before a resume: skipped, and not reported as being measured again.
  const measuredBefore = (index: number, configId: ConfigId) =>
    restored?.images.get(index)?.outcomes.some((o) => o.configId === configId) ?? false;
  let cancelled = false;

  try {
    for (const [configIndex, configId] of order.entries()) {
      if (finished.has(configId)) continue;
      const step = { configId, configIndex, configCount: order.length, total: imageCount };
      await betweenSteps();
      signal?.throwIfAborted();
      const isReference = configId === plan.referenceConfigId;
      const lane = current?.configId === configId ? current : laneFor(configId);
      current = lane;
      try {
        onProgress({ ...step, phase: 'load', done: 0, message: `loading ${configId}` });
        const firstTensor = await inputs.tensor(first);
        await lane.load(firstTensor);
        // Before any timing: the environment's GPU probes must not compete with a timed loop.
        await plan.environment;
        if (lane.open && firstTensor) {
          onProgress({ ...step, phase: 'timing', done: 0, message: `timing ${configId}` });
          const image = inputs.images[first].name;
          await lane.time(firstTensor, (output) => {
            const labels = topLabels(output, model.labels);
            onProgress({
              ...step,
              phase: 'timing',
              done: 0,
              message: `timing ${configId}`,
              firstLabels: { image, labels },
            });
          });
        }
        const toMeasure = [...plan.images.keys()].filter((index) => !measuredBefore(index, configId));
        // The rest of the images decode beside the first configuration to run, once it is timed: on idle
        // cores beside its images rather than before its load (docs/timing.md). Later ones find them ready.
        inputs.decodeRest(lane.open);
        const send = async (index: number) => {
          const tensor = await inputs.tensor(index);
          return tensor ? lane.classify(inputs.images[index].name, tensor) : null;
        };
        // Each image's checkpoint is written while the next image infers (awaiting it first added an
        // IndexedDB round trip to every image), and an image is announced only once the one before it is
        // written: whatever progress has shown as measured survives a crash. The next image is sent
        // before this one answers, so the worker goes from one inference straight into the next instead of
        // waiting on the page (2.5–3.5 ms an image here).
        let written: Promise<void> = Promise.resolve();
        let sent: ReturnType<typeof send> | null = null;
        for (const [turn, index] of toMeasure.entries()) {
          await betweenSteps();
          signal?.throwIfAborted();
          const answering = sent ?? send(index);
          sent = turn + 1 < toMeasure.length ? send(toMeasure[turn + 1]) : null;
          // Each is awaited below, once the checkpoint before it is in.
          answering.catch(() => {});
          sent?.catch(() => {});
          await written;
          const image = await inputs.image(index);
          onProgress({ ...step, phase: 'images', done: index, message: `${configId}: ${image.name}` });
          const answer = await answering;
          signal?.throwIfAborted(); // the answer of a worker stopped by Cancel is no measurement
          if (!answer) continue;
          let outcome: ImageConfigOutcome;
          let referenceOutput: Float32Array | null = null;
          if ('output' in answer) {
            if (isReference) referenceOutputs.set(index, (referenceOutput = answer.output));
            const reference = referenceOutputs.get(index) ?? null;
            const { output: kind } = model.manifest;
            outcome = compareOutput(configId, answer.output, reference, kind, model.labels, answer.inferMs);
          } else {
            outcome = answer;
          }
          image.outcomes.push(outcome);
          if (journal) {
            written = journal.outcome(index, outcome, referenceOutput);
            written.catch(() => {}); // awaited before the next image is announced
          }
        }
        await written;
        // The decode workers end here, before profiling and the memory reading: a resumed configuration
        // may have skipped images that are still decoding.
        await inputs.prepareAll();
        // Last, so the profiler's overhead touches neither the timed samples nor the outputs.
        if (plan.profileRuns && lane.open && firstTensor) {
          onProgress({ ...step, phase: 'timing', done: 0, message: `profiling ${configId}` });
          profile[configId] = await lane.profile(firstTensor, plan.profileRuns);
        }
      } catch (error) {
        if (!signal?.aborted) throw error;
        cancelled = true;
      } finally {
        await lane.close();
        current = null;
      }
      finished.set(configId, lane.result);
      if (cancelled) {
        // After close, which may have noted the stopped worker: the reason is the cancel.
        Object.assign(lane.result, { status: 'cancelled', reason: `${configId}: cancelled by the user` });
        break;
      }
      await journal?.configDone(lane.result);
    }
  } catch (error) {
    // Cancelled between two configurations.
    if (!signal?.aborted) throw error;
    cancelled = true;
  } finally {
    signal?.removeEventListener('abort', abort);
    inputs.close();
  }
  for (const configId of order) {
    if (finished.has(configId)) continue;
    const reason = `${configId}: cancelled before it ran`;
    finished.set(configId, { ...emptyConfigResult(configId), status: 'cancelled', reason });
  }

  // A cancelled run keeps the images prepared before the cancel; a finished one has every image.
  const { images } = inputs;
  // Outcomes in run order, however many attempts it took to measure them.
  for (const image of images) {
    image.outcomes.sort(
      (a, b) => order.indexOf(a.configId as ConfigId) - order.indexOf(b.configId as ConfigId),
    );
  }
  const referenceSamples = finished.get(plan.referenceConfigId)?.warmSamplesMs ?? [];
  const configs = plan.configIds.map((configId) => {
    const result = finished.get(configId)!;
    return {
      ...result,
      agreement: aggregateAgreement(images, configId),
      accuracy: aggregateAccuracy(images, configId, model.labels),
      latencyVsReference:
        configId === plan.referenceConfigId ? null : compareLatency(result.warmSamplesMs, referenceSamples),
    };
  });
  onProgress({
    phase: 'done',
    configId: null,
    configIndex: order.length,
    configCount: order.length,
    done: images.length,
    total: images.length,
    message: 'done',
  });

  const record: RunResult = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    status: cancelled ? 'cancelled' : 'complete',
    runId,
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
      warmupMinMs: plan.warmupMinMs ?? 0,
      timedRuns: plan.timedRuns,
      timeoutMs: plan.timeoutMs,
    },
    environment: await plan.environment,
    configs,
    images,
    findings: collectFindings(images, configs, plan.referenceConfigId),
    ...(Object.keys(profile).length ? { profile } : {}),
    ...(plan.variant ? { variant: variantRecord(plan.variant, configs, plan.referenceConfigId) } : {}),
    recommendation: null,
  };
  return runResultSchema.parse({ ...record, recommendation: recommend(record) } satisfies RunResult);
}

import { configuration, parseConfigId, type ConfigId } from '../../adapters/configurations';
import type { InferRequest, InferResult } from '../../adapters/runtime-adapter';
import type { InputTensor } from '../../core/preprocess/to-input-tensor';
import { checkDeclaredOutput } from '../../core/metrics/output-kind';
import { failedOutcome } from '../../core/report/compare-output';
import type { ConfigResult, ImageConfigOutcome } from '../../core/result-schema';
import { isBimodal } from '../../core/stats/bimodality';
import { medianInterval } from '../../core/stats/bootstrap';
import { maxLoopRuns, type TimingPlan } from '../../core/stats/steady-state';
import { summarizeLatency } from '../../core/stats/summary';
import type { NamedTensor } from '../../core/tensor';
import { mergeProfiles, unprofiled, type ConfigProfile } from '../../core/profile/op-profile';
import { dequantize } from '../../core/tflite/dequantize';
import type { ResolvedModel } from '../models/resolve-model';
import { unmeasured } from '../../core/memory/user-agent-memory';
import { measureUserAgentMemory, unmeasurableRuntime } from './measure-user-agent-memory';
import { WorkerTimeoutError, type RuntimeWorker } from './runtime-worker-client';

export interface LaneSettings {
  /** The most warm-up runs: warm-up ends as soon as the times are steady. */
  warmupRuns: number;
  /** A cap reached in less warm-up time than this is extended (TimingPlan.warmupMinMs). */
  warmupMinMs?: number;
  timedRuns: number;
  /** Longest one worker step may take; the timing loop gets one per run at most. */
  timeoutMs: number;
  assetBaseUrl: string;
}

/** What the comparison needs from one image on one configuration: the output vector and its latency. */
export interface LaneOutput {
  output: Float32Array;
  inferMs: number;
}

/** A configuration's result before anything about it is known. */
export function emptyConfigResult(configId: ConfigId): ConfigResult {
  const { base, hash, options } = parseConfigId(configId);
  return {
    configId,
    options: { base, hash, values: { ...options } },
    status: 'ok',
    reason: null,
    runtime: null,
    fetchMs: null,
    compileMs: null,
    firstInferMs: null,
    warmupRuns: 0,
    steadyState: null,
    warm: null,
    p50IntervalMs: null,
    bimodal: null,
    warmSamplesMs: [],
    memory: null,
    agreement: null,
    accuracy: null,
    latencyVsReference: null,
  };
}

export function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/[<>]/g, '').slice(0, 4000);
}

/**
 * One configuration's run, from its worker's start to its dispose: open (start, probe, load) → time
 * (cold first inference, warm-up, timed runs) → classify every image → close (memory, dispose). Nothing
 * measured is lost when it fails, hangs or crashes: `result.status` says which, `result.reason` says why.
 */
export class ConfigLane {
  readonly result: ConfigResult;
  #worker: RuntimeWorker | null = null;
  #started: Promise<void> | null = null;
  #inputName = '';
  #outputName: string | undefined;
  #tensorsAfterLoad: number | null = null;
  #bytesAfterLoad: number | null = null;
  /** Images sent to the worker and not yet answered, oldest first; the one a dying worker was running. */
  readonly #unanswered: { imageName: string }[] = [];
  #blamed: { imageName: string } | null = null;

  constructor(
    readonly configId: ConfigId,
    private readonly model: ResolvedModel,
    private readonly settings: LaneSettings,
    private readonly startWorker: (configId: ConfigId) => RuntimeWorker,
  ) {
    this.result = emptyConfigResult(configId);
  }

  /** Whether it still has a worker to run images on. */
  get open(): boolean {
    return this.#worker !== null;
  }

  /**
   * Starts the worker and its runtime and asks whether it can run here; once, however often it is called.
   * Nothing is measured yet, so it may run while the page does other work (decoding the images).
   */
  start(): Promise<void> {
    this.#started ??= this.#start();
    return this.#started;
  }

  async #start(): Promise<void> {
    try {
      const worker = this.startWorker(this.configId);
      this.#worker = worker;
      await worker.init(this.settings.assetBaseUrl);
      const probe = await worker.probe();
      if (!probe.available) return this.#unsupported(`unsupported: ${probe.reason}`);
    } catch (error) {
      return this.#fail(error, 'start');
    }
  }

  /** Loads the model, starting the worker first unless `start` did; `first` is what the preprocessing will feed. */
  async load(first: InputTensor | null): Promise<void> {
    await this.start();
    const worker = this.#worker;
    if (!worker) return;
    this.#inputName = this.model.manifest.inputName ?? 'input';
    const expected = {
      name: this.#inputName,
      dtype: first?.dtype ?? this.model.manifest.preprocess.inputDtype,
      shape: first ? [...first.shape] : [],
    };
    const choice = this.model.loadRequestFor(configuration(this.configId).runtime, [expected]);
    if ('unsupported' in choice) return this.#unsupported(choice.unsupported);
    try {
      const report = await worker.load(choice.request);
      Object.assign(this.result, {
        runtime: report.runtime,
        fetchMs: report.fetchMs,
        compileMs: report.compileMs,
      });
      // A manifest need not name a model's only input: feed it under the model's own name.
      if (report.inputs.length === 1) this.#inputName = report.inputs[0].name;
      this.#outputName = report.outputs[0]?.name;
    } catch (error) {
      return this.#fail(error, `loading ${choice.entry}`);
    }
    try {
      const memory = await worker.memory();
      this.#tensorsAfterLoad = memory.tensors;
      this.#bytesAfterLoad = memory.bytes;
    } catch (error) {
      // A worker that dies or hangs here ends this configuration, not the run.
      return this.#fail(error, 'memory after load');
    }
  }

  /**
   * Cold first inference (its output handed to `onFirstOutput` at once); warm-up until the times are
   * steady (or the cap), counted; then the timed runs, all on the first image. Nothing else computes meanwhile: run-lab loads one configuration at a time.
   */
  async time(first: InputTensor, onFirstOutput?: (output: Float32Array) => void): Promise<void> {
    if (!this.#worker) return;
    const { result } = this;
    try {
      const cold = await this.#infer(first, 'first inference');
      result.firstInferMs = cold.inferMs;
      // A manifest that misdescribes the output (class count, probabilities vs logits) spoils every comparison.
      const data = cold.outputs[0]?.data;
      const wrong = data instanceof Float32Array && checkDeclaredOutput(data, this.model.manifest);
      if (wrong) throw new Error(`${this.model.manifest.id}: ${wrong}`);
      // The first image's answer exists now: a person sees labels before the timing loops, not after.
      onFirstOutput?.(this.#comparable(cold.outputs[0]));
      // One call: the worker runs warm-up and timed runs back to back, as a bare loop would.
      const { warmupRuns: warmupCap, timedRuns, warmupMinMs } = this.settings;
      const plan = { warmupCap, timedRuns, warmupMinMs };
      const loop = await this.#worker.timeLoop(
        this.#request(first),
        plan,
        this.#loopLimitMs(plan, cold.inferMs),
      );
      result.warmupRuns = loop.warmupRuns;
      result.steadyState = loop.steady;
      result.warmSamplesMs.push(...loop.samplesMs);
      result.warm = summarizeLatency(result.warmSamplesMs);
      result.p50IntervalMs = medianInterval(result.warmSamplesMs);
      result.bimodal = isBimodal(result.warmSamplesMs);
    } catch (error) {
      this.#fail(error, 'timing');
    }
  }

  /**
   * One image: its output for the comparison, or its outcome when there is none (skipped after the lane
   * failed, or failed on this image), or null for an unsupported configuration, which has no outcomes.
   * The next image may be sent before this one answers; the worker runs them in order.
   */
  async classify(imageName: string, tensor: InputTensor): Promise<LaneOutput | ImageConfigOutcome | null> {
    const worker = this.#worker;
    if (!worker) {
      if (this.result.status === 'unsupported') return null;
      return failedOutcome(this.configId, 'skipped', this.result.reason ?? this.result.status);
    }
    const call = { imageName };
    this.#unanswered.push(call);
    try {
      const { outputs, inferMs } = await this.#infer(tensor, `inference on ${imageName}`);
      return { output: this.#comparable(outputs[0]), inferMs };
    } catch (error) {
      if (!worker.alive) {
        // The next image may already be waiting in the worker: a worker that dies fails every call sent
        // to it, and the image it was running is the oldest unanswered one. That one fails the lane.
        if (this.#worker === worker) {
          this.#blamed = this.#unanswered[0];
          this.#fail(error, `inference on ${this.#blamed.imageName}`);
        }
        if (call !== this.#blamed) {
          return failedOutcome(this.configId, 'skipped', this.result.reason ?? this.result.status);
        }
      }
      return failedOutcome(this.configId, 'failed', `${imageName}: ${errorText(error)}`);
    } finally {
      this.#unanswered.splice(this.#unanswered.indexOf(call), 1);
    }
  }

  /**
   * The profiling pass: `runs` inferences on the first image with the runtime's kernel profiler on, one
   * per worker call so each has the time limit a timed inference has. A failure here is the profile's,
   * not the configuration's: what was measured stands.
   */
  async profile(first: InputTensor, runs: number): Promise<ConfigProfile> {
    const passes: ConfigProfile[] = [];
    try {
      for (let i = 0; i < runs; i++) passes.push(await this.#worker!.profile(this.#request(first), 1));
      return mergeProfiles(passes);
    } catch (error) {
      return unprofiled(`profiling failed after ${passes.length} runs: ${errorText(error)}`.slice(0, 1024));
    }
  }

  /** Records memory after the run and disposes the model; the worker ends whatever happens. */
  async close(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    try {
      const memory = await worker.memory();
      // From the page: Chromium has no measureUserAgentSpecificMemory in workers; the model is still loaded.
      const unmeasurable = unmeasurableRuntime(this.result.runtime);
      const userAgent = unmeasurable
        ? unmeasured('unavailable', unmeasurable)
        : await measureUserAgentMemory();
      this.result.memory = {
        tensorsAfterLoad: this.#tensorsAfterLoad,
        tensorsAfterRun: memory.tensors,
        bytesAfterLoad: this.#bytesAfterLoad,
        bytesAfterRun: memory.bytes,
        leakedTensors:
          memory.tensors !== null && this.#tensorsAfterLoad !== null
            ? memory.tensors - this.#tensorsAfterLoad
            : null,
        jsHeapBytes: memory.jsHeapBytes,
        userAgent,
      };
      await worker.dispose();
    } catch (error) {
      this.result.reason = `${this.configId}: dispose: ${errorText(error)}`;
    } finally {
      this.#end();
    }
  }

  /** Cancel: ends the worker at once, even inside a call; `close` still records what it can. */
  abort(): void {
    this.#worker?.terminate();
  }

  /** The output on the model's real scale: a quantized one is dequantized with the model's own parameters. */
  #comparable(output: NamedTensor): Float32Array {
    if (output.dtype === 'float32') return output.data as Float32Array;
    const quantization = this.model.outputQuantization;
    if (quantization && (output.dtype === 'uint8' || output.dtype === 'int8' || output.dtype === 'int32')) {
      return dequantize(output.data as Uint8Array | Int8Array | Int32Array, quantization);
    }
    throw new Error(
      `output "${output.name}" is ${output.dtype}; the comparison needs float32 or a quantized output`,
    );
  }

  /** Each call gets its own copy of the input: transferring hands the buffer over to the worker. */
  #request(tensor: InputTensor): InferRequest {
    const input = {
      name: this.#inputName,
      ...tensor,
      shape: [...tensor.shape],
      data: tensor.data.slice(),
    } as NamedTensor;
    const outputs = this.#outputName === undefined ? undefined : [this.#outputName];
    return { inputs: [input], outputs };
  }

  #infer(tensor: InputTensor, step: string): Promise<InferResult> {
    return this.#worker!.infer(this.#request(tensor), step);
  }

  /**
   * A hang inside the loop is caught within 20 times the cold inference per run (the cold one is the
   * slowest: it compiles), never sooner than one step's limit nor later than every run's limit together.
   */
  #loopLimitMs(plan: TimingPlan, coldMs: number): number {
    const runs = maxLoopRuns(plan);
    return Math.min(this.settings.timeoutMs * runs, Math.max(this.settings.timeoutMs, 20 * coldMs * runs));
  }

  #unsupported(reason: string): void {
    this.result.status = 'unsupported';
    this.result.reason = reason;
    this.#end();
  }

  #fail(error: unknown, step: string): void {
    const timedOut = error instanceof WorkerTimeoutError;
    this.result.status = timedOut ? 'timeout' : this.#worker && !this.#worker.alive ? 'crashed' : 'failed';
    this.result.reason = `${this.configId}: ${step}: ${errorText(error)}`;
    this.#end();
  }

  #end(): void {
    this.#worker?.terminate();
    this.#worker = null;
  }
}

import * as Comlink from 'comlink';
import type { ConfigId } from '../../adapters/configurations';
import type {
  InferRequest,
  InferResult,
  LoadReport,
  LoadRequest,
  MemorySnapshot,
  ProbeResult,
} from '../../adapters/runtime-adapter';
import type { TimedLoop, TimingPlan } from '../../core/stats/steady-state';
import type { RuntimeWorkerApi } from '../../../workers/runtime-worker-api';
import type { ConfigProfile } from '../../core/profile/op-profile';

/** The worker stopped answering within the time limit and was terminated. */
export class WorkerTimeoutError extends Error {
  override name = 'WorkerTimeoutError';
}
/** The worker died (uncaught error, out of memory, lost GPU process). */
export class WorkerCrashError extends Error {
  override name = 'WorkerCrashError';
}

/**
 * One configuration's worker as the lab sees it. Every call either answers, or throws: a
 * `WorkerTimeoutError` or `WorkerCrashError` ends the worker for good (`alive` turns false), any other
 * error is the runtime's own and leaves the worker usable. `step` names the call in those errors.
 */
export interface RuntimeWorker {
  readonly configId: ConfigId;
  readonly alive: boolean;
  init(assetBaseUrl: string): Promise<void>;
  probe(): Promise<ProbeResult>;
  load(request: LoadRequest): Promise<LoadReport>;
  /** The request's buffers are transferred: the caller gives each worker its own copy. */
  infer(request: InferRequest, step: string): Promise<InferResult>;
  /** Warm-up and timed runs inside the worker, within `limitMs` in all; the request's buffers are transferred. */
  timeLoop(request: InferRequest, plan: TimingPlan, limitMs: number): Promise<TimedLoop>;
  /** A profiling pass of `runs` inferences (the request's buffers are transferred). */
  profile(request: InferRequest, runs: number): Promise<ConfigProfile>;
  memory(): Promise<MemorySnapshot>;
  dispose(): Promise<void>;
  /** Safe to call more than once. */
  terminate(): void;
}

/**
 * Owns one runtime worker. Every call is raced against a time limit and against the worker dying;
 * either ends the worker for good, so a hung runtime cannot hold the lab.
 */
export class RuntimeWorkerClient implements RuntimeWorker {
  readonly #worker: Worker;
  readonly #remote: Comlink.Remote<RuntimeWorkerApi>;
  /** Rejects when the worker ends for any reason (crash, time limit, terminate), releasing any call in flight. */
  readonly #ended: Promise<never>;
  #end: (error: Error) => void = () => {};
  #dead: Error | null = null;
  #terminated = false;
  /** Settles when the last call sent has answered or failed. */
  #lastCall: Promise<unknown> = Promise.resolve();

  constructor(
    readonly configId: ConfigId,
    /** Longest any one call may take before the worker is declared hung and terminated. */
    private readonly timeoutMs: number,
  ) {
    this.#worker = new Worker(new URL('../../../workers/runtime-worker.ts', import.meta.url), {
      type: 'module',
      name: configId,
    });
    this.#remote = Comlink.wrap<RuntimeWorkerApi>(this.#worker);
    this.#ended = new Promise<never>((_, reject) => (this.#end = reject));
    this.#ended.catch(() => {});
    this.#worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.#dead = new WorkerCrashError(`${configId} worker crashed: ${event.message || 'no message'}`);
      this.terminate();
    });
  }

  get alive(): boolean {
    return this.#dead === null;
  }

  init(assetBaseUrl: string): Promise<void> {
    return this.#call('init', (w) => w.init(this.configId, assetBaseUrl));
  }

  probe(): Promise<ProbeResult> {
    return this.#call<ProbeResult>('probe', (w) => w.probe());
  }

  load(request: LoadRequest): Promise<LoadReport> {
    return this.#call('load', (w) => w.load(request));
  }

  infer(request: InferRequest, step: string): Promise<InferResult> {
    const buffers = request.inputs.map((input) => input.data.buffer as ArrayBuffer);
    return this.#call(step, (w) => w.infer(Comlink.transfer(request, buffers)));
  }

  timeLoop(request: InferRequest, plan: TimingPlan, limitMs: number): Promise<TimedLoop> {
    const buffers = request.inputs.map((input) => input.data.buffer as ArrayBuffer);
    return this.#call(
      'warm-up and timed runs',
      (w) => w.timeLoop(Comlink.transfer(request, buffers), plan),
      limitMs,
    );
  }

  profile(request: InferRequest, runs: number): Promise<ConfigProfile> {
    const buffers = request.inputs.map((input) => input.data.buffer as ArrayBuffer);
    return this.#call('profiling', (w) => w.profile(Comlink.transfer(request, buffers), runs));
  }

  memory(): Promise<MemorySnapshot> {
    return this.#call('memory', (w) => w.memory());
  }

  dispose(): Promise<void> {
    return this.#call('dispose', (w) => w.dispose());
  }

  async #call<T>(
    step: string,
    run: (remote: Comlink.Remote<RuntimeWorkerApi>) => Promise<T>,
    limitMs = this.timeoutMs,
  ): Promise<T> {
    this.#throwIfEnded();
    // The worker takes calls one at a time: a call sent while another runs starts its clock once that
    // one has answered (or the worker has ended), so waiting its turn never counts as hanging.
    const before = this.#lastCall;
    const answer = run(this.#remote);
    this.#lastCall = answer.catch(() => {});
    await Promise.race([before, this.#ended]).catch(() => {});
    this.#throwIfEnded();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.#dead = new WorkerTimeoutError(`${this.configId}: ${step} did not finish within ${limitMs} ms`);
        this.terminate();
        reject(this.#dead);
      }, limitMs);
    });
    try {
      return await Promise.race([answer, timeout, this.#ended]);
    } finally {
      clearTimeout(timer);
    }
  }

  #throwIfEnded(): void {
    if (this.#dead) throw this.#dead;
  }

  /**
   * Safe to call more than once: a timeout, a crash and the lab's clean-up may all end the same worker.
   * A call in flight is released at once (Comlink would otherwise wait for an answer that never comes).
   */
  terminate(): void {
    if (this.#terminated) return;
    this.#terminated = true;
    this.#dead ??= new WorkerCrashError(`${this.configId} worker was stopped`);
    this.#end(this.#dead);
    this.#remote[Comlink.releaseProxy]();
    this.#worker.terminate();
  }
}

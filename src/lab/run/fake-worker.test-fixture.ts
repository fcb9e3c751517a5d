import { encode } from 'fast-png';
import type { ConfigId } from '../../adapters/configurations';
import type {
  InferRequest,
  InferResult,
  LoadReport,
  LoadRequest,
  MemorySnapshot,
  ProbeResult,
} from '../../adapters/runtime-adapter';
import { modelManifestSchema } from '../../core/model-manifest';
import { timeLoop, type TimedLoop, type TimingPlan } from '../../core/stats/steady-state';
import type { RuntimeDetails } from '../../core/result-schema';
import type { NamedTensor } from '../../core/tensor';
import { aggregateKernels, type ConfigProfile } from '../../core/profile/op-profile';
import manifestJson from '../../../models/nsfw-mobilenet-v2.json';
import type { ImageSource } from '../images/image-sources';
import type { ResolvedModel } from '../models/resolve-model';
import { WorkerCrashError, WorkerTimeoutError, type RuntimeWorker } from './runtime-worker-client';

/** Fakes for the lab's run units: a resolved model and a scripted runtime worker. */
export const manifest = modelManifestSchema.parse(manifestJson);

/** The model as run-lab sees it; ORT gets the converted sibling unless `convertedMissing` says why not. */
export function model(convertedMissing?: string): ResolvedModel {
  return {
    manifest,
    sha256: 'a'.repeat(64),
    outputQuantization: null,
    labels: { names: manifest.labels.names ?? [], wnids: null },
    source: { kind: 'url', baseUrl: 'http://127.0.0.1/m/', entry: 'model.json' },
    loadRequestFor(runtime, expectedInputs) {
      if (runtime === 'tfjs') {
        return {
          request: { format: 'tfjs-layers', source: this.source, expectedInputs },
          entry: 'model.json',
        };
      }
      if (convertedMissing) return { unsupported: `unsupported: ${convertedMissing}` };
      const source = { kind: 'url' as const, baseUrl: 'http://127.0.0.1/m/', entry: 'model.onnx' };
      return { request: { format: 'onnx', source, expectedInputs }, entry: 'model.onnx' };
    },
  };
}

const runtime: RuntimeDetails = {
  library: 'fake',
  libraryVersion: '0',
  requestedBackend: 'cpu',
  activeBackend: 'cpu',
  fellBack: false,
  fallbackDetail: null,
  threads: 1,
  simd: null,
  flags: {},
  gpuAdapter: null,
  webglRenderer: null,
};

/** A scripted worker: each call answers from `script` or throws what it names; `alive` as a real one. */
export class FakeWorker implements RuntimeWorker {
  alive = true;
  readonly loads: LoadRequest[] = [];
  readonly infers: InferRequest[] = [];
  terminated = false;
  #release: () => void = () => {};

  constructor(
    readonly configId: ConfigId,
    private readonly script: {
      probe?: ProbeResult;
      load?: Error;
      /** Throws this when asked for memory. */
      memory?: Error;
      /** Throws this on the inference with this (0-based) index. */
      inferFailure?: { at: number; error: Error };
      /** The time each inference reports, by its (0-based) index; index + 1 ms by default. */
      inferMs?: (index: number) => number;
      /** The inference with this (0-based) index never answers, until the worker is terminated. */
      hangAt?: number;
      /** Every inference answers this: a vector (float32) or a whole tensor; a 5-class softmax-like default. */
      output?: number[] | NamedTensor;
      /** What the load reports as having run, over a single-threaded fake runtime. */
      runtime?: Partial<RuntimeDetails>;
    } = {},
  ) {}

  async init(): Promise<void> {}

  async probe(): Promise<ProbeResult> {
    return this.script.probe ?? { available: true };
  }

  async load(request: LoadRequest): Promise<LoadReport> {
    this.loads.push(request);
    if (this.script.load) throw this.#maybeDying(this.script.load);
    return {
      fetchMs: 5,
      compileMs: 7,
      modelSha256: 'a'.repeat(64),
      runtime: { ...runtime, ...this.script.runtime },
      inputs: [{ name: 'input_1', dtype: 'float32', shape: [null, 2, 2, 3] }],
      outputs: [{ name: 'dense_3', dtype: 'float32', shape: [null, 5] }],
    };
  }

  async infer(request: InferRequest): Promise<InferResult> {
    const index = this.infers.push(request) - 1;
    const failure = this.script.inferFailure;
    if (failure && failure.at === index) throw this.#maybeDying(failure.error);
    if (this.script.hangAt === index) {
      // As the real client: terminating releases the call in flight.
      return new Promise((_, reject) => (this.#release = () => reject(new WorkerCrashError('stopped'))));
    }
    const given = this.script.output ?? [0.1, 0.6, 0.1, 0.1, 0.1];
    const output: NamedTensor = Array.isArray(given)
      ? { name: 'dense_3', dtype: 'float32', shape: [1, given.length], data: Float32Array.from(given) }
      : given;
    return {
      outputs: [output],
      inferMs: this.script.inferMs?.(index) ?? index + 1,
    };
  }

  /** The real worker's loop over this fake's own inferences (scripted times, hangs and failures apply). */
  readonly loops: { plan: TimingPlan; limitMs: number }[] = [];
  async timeLoop(request: InferRequest, plan: TimingPlan, limitMs: number): Promise<TimedLoop> {
    this.loops.push({ plan, limitMs });
    return timeLoop(async () => (await this.infer(request)).inferMs, plan);
  }

  /** Each profiling pass's run count, in order. */
  readonly profiles: number[] = [];

  async profile(_: InferRequest, runs: number): Promise<ConfigProfile> {
    this.profiles.push(runs);
    // One 2 ms Conv2D kernel per inference, of 2.5 ms each.
    return aggregateKernels(Array(runs).fill({ op: 'Conv2D', ms: 2 }), runs, 2.5, 'fake');
  }

  async memory(): Promise<MemorySnapshot> {
    if (this.script.memory) throw this.#maybeDying(this.script.memory);
    return { tensors: 10, bytes: 100, jsHeapBytes: null };
  }

  async dispose(): Promise<void> {}

  terminate(): void {
    this.terminated = true;
    this.alive = false;
    this.#release();
  }

  /** A timeout or crash ends the worker, as the real client does. */
  #maybeDying(error: Error): Error {
    if (error instanceof WorkerTimeoutError || error instanceof WorkerCrashError) this.terminate();
    return error;
  }
}

/** A tiny PNG of one grey shade, as an image source. */
export function png(name: string, shade: number): ImageSource {
  const data = new Uint8Array(4 * 4 * 3).fill(shade);
  const bytes = encode({ width: 4, height: 4, data, channels: 3, depth: 8 });
  return { name, read: async () => bytes };
}

/** Two decodable images and one that is not an image. */
export const sampleSources: ImageSource[] = [
  png('a.png', 10),
  png('b.png', 200),
  { name: 'bad.png', read: async () => new Uint8Array(3) },
];

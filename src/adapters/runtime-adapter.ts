import type { ModelFormat } from '../core/model-manifest';
import type { RuntimeDetails } from '../core/result-schema';
import type { ConfigProfile } from '../core/profile/op-profile';
import type { NamedTensor, TensorInfo } from '../core/tensor';

/** The bytes of a model: the entry file plus whatever it references (weight shards), by relative path. */
export interface ModelFiles {
  entry: string;
  files: Record<string, ArrayBuffer>;
}

/** Where a worker gets the model from: a URL folder to fetch (timed), or bytes the user handed over. */
export type ModelSource =
  { kind: 'url'; baseUrl: string; entry: string; sha256?: string } | { kind: 'bytes'; model: ModelFiles };

export interface LoadRequest {
  format: ModelFormat;
  source: ModelSource;
  /**
   * What the lab will feed, so a model that cannot take it is refused at load, naming the input and both
   * shapes and dtypes. Matched by name; a one-input model takes a lone expected input whatever it is
   * called (manifests need not name their only input), and `LoadReport.inputs` gives the name to feed.
   */
  expectedInputs: TensorInfo[];
}

export type ProbeResult = { available: true } | { available: false; reason: string };

export interface LoadReport {
  fetchMs: number;
  compileMs: number;
  modelSha256: string;
  runtime: RuntimeDetails;
  /** The model's own signature, as the runtime reports it (dtype or dimensions null where it does not say). */
  inputs: TensorInfo[];
  outputs: TensorInfo[];
}

export interface InferRequest {
  inputs: NamedTensor[];
  /** Outputs wanted, by name; omitted = the model's own outputs. */
  outputs?: string[];
}

export interface InferResult {
  /** In the order requested (or the model's order). */
  outputs: NamedTensor[];
  /** Upload, execution and read-back of every requested output, measured inside the worker. */
  inferMs: number;
}

export interface MemorySnapshot {
  tensors: number | null;
  bytes: number | null;
  jsHeapBytes: number | null;
}

/**
 * The contract every runtime configuration meets (see README.md beside this file). One instance lives
 * in one dedicated worker; the lab calls probe → load → infer* → dispose, in that order.
 */
export interface RuntimeAdapter {
  probe(): Promise<ProbeResult>;
  load(request: LoadRequest): Promise<LoadReport>;
  infer(request: InferRequest): Promise<InferResult>;
  /** `runs` inferences with the runtime's kernel profiler on: time per op type (docs/fuzzing-and-profiling.md). */
  profile(request: InferRequest, runs: number): Promise<ConfigProfile>;
  memory(): MemorySnapshot;
  dispose(): Promise<void>;
}

export class UnsupportedError extends Error {
  override name = 'UnsupportedError';
}

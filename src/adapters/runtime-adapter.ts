import type { ModelFormat } from '../core/model-manifest';
import type { RuntimeDetails } from '../core/result-schema';

/** The bytes of a model: the entry file plus whatever it references (weight shards), by relative path. */
export interface ModelFiles {
  entry: string;
  files: Record<string, ArrayBuffer>;
}

/** Where a worker gets the model from: a URL folder to fetch (timed), or bytes the user handed over. */
export type ModelSource =
  | { kind: 'url'; baseUrl: string; entry: string; sha256?: string }
  | { kind: 'bytes'; model: ModelFiles };

export interface LoadRequest {
  format: ModelFormat;
  source: ModelSource;
  /** The tensor shape the preprocessing produces, so a mismatch is reported at load, naming the input. */
  inputShape: readonly number[];
  inputName?: string;
}

export type ProbeResult = { available: true } | { available: false; reason: string };

export interface LoadReport {
  fetchMs: number;
  compileMs: number;
  modelSha256: string;
  runtime: RuntimeDetails;
}

export interface InferResult {
  output: Float32Array;
  /** Upload, execution and read-back of the output, measured inside the worker. */
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
  infer(input: Float32Array, shape: readonly number[]): Promise<InferResult>;
  memory(): MemorySnapshot;
  dispose(): Promise<void>;
}

export class UnsupportedError extends Error {
  override name = 'UnsupportedError';
}

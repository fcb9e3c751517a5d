/**
 * The messages of the bare loop, kept as plain data: the bench page posts a BareLoopRequest to its own
 * worker with postMessage (no Comlink, no adapter), and the worker answers with one BareLoopReply.
 */
export interface BareLoopRequest {
  runtime: 'tfjs' | 'ort';
  /** TF.js backend (cpu, wasm, webgl, webgpu) or ORT execution provider (wasm, webgpu, webgl, webnn). */
  backend: string;
  /** model.json for TF.js layers, the .onnx file for ORT: each runtime fetches it itself. */
  modelUrl: string;
  /** Where the wasm binaries are served from, as the app does (public/generated). */
  assetBaseUrl: string;
  inputName?: string;
  input: Float32Array;
  shape: number[];
  /** The most warm-up runs: warm-up ends once the times are steady, by the lab's rule. */
  warmupRuns: number;
  timedRuns: number;
}

export interface BareLoopTiming {
  firstMs: number;
  /** The whole schedule's wall time: the cold run, warm-up and timed runs, and freeing between them. */
  scheduleMs: number;
  samplesMs: number[];
  /** Warm-up runs taken, and whether the times became steady before the cap. */
  warmupRuns: number;
  steady: boolean;
  /** The backend the runtime says it ended on, so a silent fallback shows in the table. */
  activeBackend: string;
}

export type BareLoopReply = ({ ok: true } & BareLoopTiming) | { ok: false; error: string };

/** What Node asks the bench page for: which configuration, and how to find the lab's first image. */
export interface BareLoopPageRequest {
  configId: string;
  modelId: string;
  /** A folder URL the server lists (the lab's `folder` images); the embedded samples when absent. */
  imagesUrl?: string;
  warmupRuns: number;
  timedRuns: number;
  timeoutMs: number;
}

/** The page's answer: the worker's reply plus the hash of the input bytes it fed, to check against the lab's. */
export type BareLoopPageReply = BareLoopReply & { inputSha256: string | null };

import { configuration, isConfigId, type ConfigId } from '../../adapters/configurations';
import type { ModelSource, ProbeResult } from '../../adapters/runtime-adapter';
import type { NamedTensor, TensorInfo } from '../../core/tensor';
import { classifyError, classifyOutputs, type CaseVerdict } from '../../core/conformance/classify-case';
import type { ConformanceCase } from '../../core/conformance/case-index';
import {
  CONFORMANCE_SCHEMA_VERSION,
  countStatuses,
  type CaseResult,
  type ConformanceConfig,
  type ConformanceRecord,
} from '../../core/conformance/conformance-schema';
import { toleranceBackend, toleranceFor } from '../../core/tolerance/per-operator';
import { collectEnvironment } from '../run/collect-environment';
import { RuntimeWorkerClient } from '../run/runtime-worker-client';
import { assetBaseUrl } from '../run/start-run';
import { CaseData, casesUrl, chooseCases, fetchCaseIndex } from './case-source';

/** ORT's configurations: the ONNX node tests are ONNX models. */
export const conformanceConfigIds: readonly ConfigId[] = ['ort-wasm', 'ort-webgpu', 'ort-webgl', 'ort-webnn'];

export interface ConformanceOptions {
  /** Defaults to every ORT configuration this device has. */
  configIds?: string[];
  /** Operators to test, as ONNX names them (Conv, Resize); all when absent. */
  ops?: string[];
  limit?: number;
  /** A zoo model whose own operators to test (run-model-conformance.ts) instead of the ONNX node tests. */
  modelId?: string;
  /** Longest one session creation or inference may take before its worker is replaced. */
  timeoutMs?: number;
}

export interface ConformanceProgress {
  done: number;
  total: number;
  result: CaseResult;
}

export function chooseConfigIds(
  ids: string[] | undefined,
  allowed: readonly ConfigId[] = conformanceConfigIds,
): ConfigId[] {
  if (!ids?.length) return [...allowed];
  const wrong = ids.filter((id) => !isConfigId(id) || !allowed.includes(id));
  if (wrong.length)
    throw new Error(`--configs: ${wrong.join(', ')} (this suite runs on ${allowed.join(', ')})`);
  return ids as ConfigId[];
}

/** ORT's webgl backend computes in half floats where float32 render targets are missing. */
export function webglHalfFloat(): boolean {
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  const halfFloat = !gl?.getExtension('EXT_color_buffer_float');
  // Browsers cap live WebGL contexts; the runtimes' own need the room.
  gl?.getExtension('WEBGL_lose_context')?.loseContext();
  return halfFloat;
}

/** One configuration's worker; replaced by a fresh one after a case hangs or kills it. */
export class ConformanceLane {
  #worker: RuntimeWorkerClient | null = null;
  probe: ProbeResult | null = null;
  libraryVersion: string | null = null;
  ms = 0;
  readonly results: CaseResult[] = [];

  constructor(
    readonly configId: ConfigId,
    private readonly timeoutMs: number,
  ) {}

  /** A live, probed worker, or null when the configuration is unavailable on this device. */
  async worker(): Promise<RuntimeWorkerClient | null> {
    if (this.#worker?.alive) return this.#worker;
    if (this.probe && !this.probe.available) return null;
    const worker = new RuntimeWorkerClient(this.configId, this.timeoutMs);
    try {
      await worker.init(assetBaseUrl());
      this.probe = await worker.probe();
    } catch (error) {
      this.probe = { available: false, reason: (error as Error).message };
    }
    if (!this.probe.available) {
      worker.terminate();
      return null;
    }
    this.#worker = worker;
    return worker;
  }

  /** Ends the worker; the next case starts a fresh one. Safe to call more than once. */
  retire(): void {
    this.#worker?.terminate();
    this.#worker = null;
  }
}

/** What one case asks of a configuration: a model, the values to feed, the outputs to read. */
export interface CaseRun {
  id: string;
  op: string;
  source: ModelSource;
  inputs: TensorInfo[];
  /** Fresh tensors on each call: they are transferred to the worker. */
  feeds(): Promise<NamedTensor[]>;
  outputs: string[];
  /** Outputs that went through quantization are held to one step of it at least (toleranceFor). */
  quantizationStep?: number;
}

export type CaseOutcome = { outputs: NamedTensor[]; fallbackDetail: string | null } | { failed: CaseVerdict };

/** Loads, runs once and releases a case on a lane; null when the configuration is unavailable. */
export async function runOnLane(lane: ConformanceLane, run: CaseRun): Promise<CaseOutcome | null> {
  const worker = await lane.worker();
  if (!worker) return null;
  let step: 'load' | 'infer' = 'load';
  try {
    const report = await worker.load({ format: 'onnx', source: run.source, expectedInputs: run.inputs });
    lane.libraryVersion = report.runtime.libraryVersion;
    step = 'infer';
    const result = await worker.infer({ inputs: await run.feeds(), outputs: run.outputs }, `infer ${run.id}`);
    return { outputs: result.outputs, fallbackDetail: report.runtime.fallbackDetail };
  } catch (error) {
    // ORT's WebGPU backend is left mid-kernel by a failed run ("kernel ... is not allowed to be called
    // recursively" from then on): the next case gets a fresh worker.
    if (step === 'infer') lane.retire();
    return { failed: classifyError(step, error) };
  } finally {
    // A refused session leaves nothing to release; a dead worker has nothing either.
    if (worker.alive) await worker.dispose().catch(() => {});
  }
}

/** An outcome against reference outputs, within the tolerance of the lane's backend for the operator. */
export function judge(
  lane: ConformanceLane,
  run: Pick<CaseRun, 'op' | 'quantizationStep'>,
  outcome: CaseOutcome,
  expected: NamedTensor[],
  halfFloat: boolean,
): CaseVerdict {
  if ('failed' in outcome) return outcome.failed;
  const backend = toleranceBackend(configuration(lane.configId).backend);
  const tolerance = toleranceFor(backend, {
    op: run.op,
    halfFloat: backend === 'webgl' && halfFloat,
    quantizationStep: run.quantizationStep,
  });
  return classifyOutputs(outcome.outputs, expected, tolerance, outcome.fallbackDetail);
}

/** The lanes' results as the record's per-configuration summaries. */
export function summarize(lanes: readonly ConformanceLane[]): ConformanceConfig[] {
  return lanes.map((lane) => ({
    configId: lane.configId,
    unavailable: lane.probe && !lane.probe.available ? lane.probe.reason.slice(0, 1024) : null,
    libraryVersion: lane.libraryVersion,
    counts: countStatuses(lane.results),
    durationMs: lane.ms,
  }));
}

function nodeTestRun(testCase: ConformanceCase, data: CaseData): CaseRun {
  return {
    id: testCase.id,
    op: testCase.op,
    source: { kind: 'url', baseUrl: `${casesUrl(assetBaseUrl())}${testCase.id}/`, entry: 'model.onnx' },
    inputs: testCase.inputs.map(({ name, dtype, shape }) => ({ name, dtype, shape })),
    feeds: () => data.tensors(testCase, 'inputs'),
    outputs: testCase.outputs.map((o) => o.name),
  };
}

/** What a suite is made of: the cases, and how each case's reference outputs are found. */
export interface Suite {
  name: string;
  referenceConfigId: ConfigId | null;
  runs: CaseRun[];
  /**
   * The outputs a case is held to. `first` is the first lane's outcome (the reference configuration's,
   * where the suite has one); null when nothing can be compared, with the reason.
   */
  expected(run: CaseRun, first: CaseOutcome | null): Promise<NamedTensor[] | string>;
}

/**
 * Runs a suite on each lane, each configuration in its own worker as a lab run does, one case at a
 * time across configurations, and returns the versioned record.
 */
export async function runSuite(
  suite: Suite,
  lanes: ConformanceLane[],
  onProgress: (progress: ConformanceProgress) => void,
): Promise<ConformanceRecord> {
  const startedAt = new Date();
  const start = performance.now();
  const halfFloat = webglHalfFloat();
  const total = suite.runs.length * lanes.length;
  let done = 0;
  try {
    for (const run of suite.runs) {
      let first: CaseOutcome | null = null;
      let expected: NamedTensor[] | string | undefined;
      for (const [i, lane] of lanes.entries()) {
        const caseStart = performance.now();
        const outcome = await runOnLane(lane, run);
        if (i === 0) first = outcome;
        const ms = performance.now() - caseStart;
        lane.ms += ms;
        done++;
        if (!outcome) continue;
        expected ??= await suite.expected(run, first);
        const verdict: CaseVerdict =
          typeof expected === 'string' && !('failed' in outcome)
            ? { status: 'unsupported', maxAbsError: null, detail: expected }
            : judge(lane, run, outcome, typeof expected === 'string' ? [] : expected, halfFloat);
        const result: CaseResult = { caseId: run.id, op: run.op, configId: lane.configId, ...verdict, ms };
        lane.results.push(result);
        onProgress({ done, total, result });
      }
    }
  } finally {
    for (const lane of lanes) lane.retire();
  }
  return {
    schemaVersion: CONFORMANCE_SCHEMA_VERSION,
    suiteId: crypto.randomUUID(),
    suite: suite.name,
    referenceConfigId: suite.referenceConfigId,
    startedAt: startedAt.toISOString(),
    durationMs: performance.now() - start,
    environment: await collectEnvironment(),
    configs: summarize(lanes),
    cases: lanes.flatMap((lane) => lane.results),
  };
}

/** The ONNX node tests (Debian's libonnx-testdata), held to their stored reference outputs. */
export async function runConformance(
  options: ConformanceOptions,
  onProgress: (progress: ConformanceProgress) => void = () => {},
): Promise<ConformanceRecord> {
  const configIds = chooseConfigIds(options.configIds);
  const index = await fetchCaseIndex(assetBaseUrl());
  const cases = chooseCases(index, options.ops, options.limit);
  const data = new CaseData(assetBaseUrl());
  const byId = new Map(cases.map((c) => [c.id, c]));
  const suite: Suite = {
    name: 'onnx-node-tests',
    referenceConfigId: null,
    runs: cases.map((c) => nodeTestRun(c, data)),
    expected: (run) => data.tensors(byId.get(run.id)!, 'outputs'),
  };
  return runSuite(
    suite,
    configIds.map((id) => new ConformanceLane(id, options.timeoutMs ?? 30_000)),
    onProgress,
  );
}

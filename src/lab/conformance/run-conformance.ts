import { configuration, isConfigId, type ConfigId } from '../../adapters/configurations';
import type { ProbeResult } from '../../adapters/runtime-adapter';
import { classifyError, classifyOutputs, type CaseVerdict } from '../../core/conformance/classify-case';
import type { ConformanceCase } from '../../core/conformance/case-index';
import {
  CONFORMANCE_SCHEMA_VERSION,
  countStatuses,
  type CaseResult,
  type ConformanceConfig,
  type ConformanceRecord,
} from '../../core/conformance/conformance-schema';
import { toleranceFor, type ToleranceBackend } from '../../core/tolerance/per-operator';
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
  /** Longest one session creation or inference may take before its worker is replaced. */
  timeoutMs?: number;
}

export interface ConformanceProgress {
  done: number;
  total: number;
  result: CaseResult;
}

function chooseConfigIds(ids: string[] | undefined): ConfigId[] {
  if (!ids?.length) return [...conformanceConfigIds];
  const wrong = ids.filter((id) => !isConfigId(id) || !conformanceConfigIds.includes(id));
  if (wrong.length)
    throw new Error(
      `--configs: ${wrong.join(', ')} (conformance runs on ${conformanceConfigIds.join(', ')})`,
    );
  return ids as ConfigId[];
}

/** ORT's webgl backend computes in half floats where float32 render targets are missing. */
function webglHalfFloat(): boolean {
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  return !gl?.getExtension('EXT_color_buffer_float');
}

/** One configuration's worker; replaced by a fresh one after a case hangs or kills it. */
class ConfigLane {
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

  terminate(): void {
    this.#worker?.terminate();
  }
}

async function runCase(
  lane: ConfigLane,
  testCase: ConformanceCase,
  data: CaseData,
  halfFloat: boolean,
): Promise<CaseVerdict | null> {
  const worker = await lane.worker();
  if (!worker) return null;
  const backend = configuration(lane.configId).backend as ToleranceBackend;
  let step: 'load' | 'infer' = 'load';
  try {
    const report = await worker.load({
      format: 'onnx',
      source: { kind: 'url', baseUrl: `${casesUrl(assetBaseUrl())}${testCase.id}/`, entry: 'model.onnx' },
      expectedInputs: testCase.inputs.map(({ name, dtype, shape }) => ({ name, dtype, shape })),
    });
    lane.libraryVersion = report.runtime.libraryVersion;
    step = 'infer';
    const inputs = await data.tensors(testCase, 'inputs');
    const outputs = testCase.outputs.map((o) => o.name);
    const result = await worker.infer({ inputs, outputs }, `infer ${testCase.id}`);
    const expected = await data.tensors(testCase, 'outputs');
    const tolerance = toleranceFor(backend, { op: testCase.op, halfFloat: backend === 'webgl' && halfFloat });
    return classifyOutputs(result.outputs, expected, tolerance, report.runtime.fallbackDetail);
  } catch (error) {
    return classifyError(step, error);
  } finally {
    // A refused session leaves nothing to release; a dead worker has nothing either.
    if (worker.alive) await worker.dispose().catch(() => {});
  }
}

/**
 * Runs the ONNX node tests on each chosen configuration, each in its own worker as a lab run does,
 * one case at a time across configurations, and returns the versioned record.
 */
export async function runConformance(
  options: ConformanceOptions,
  onProgress: (progress: ConformanceProgress) => void = () => {},
): Promise<ConformanceRecord> {
  const configIds = chooseConfigIds(options.configIds);
  const index = await fetchCaseIndex(assetBaseUrl());
  const cases = chooseCases(index, options.ops, options.limit);
  const startedAt = new Date();
  const start = performance.now();
  const lanes = configIds.map((id) => new ConfigLane(id, options.timeoutMs ?? 30_000));
  const data = new CaseData(assetBaseUrl());
  const halfFloat = webglHalfFloat();
  const total = cases.length * lanes.length;
  let done = 0;
  try {
    for (const testCase of cases) {
      for (const lane of lanes) {
        const caseStart = performance.now();
        const verdict = await runCase(lane, testCase, data, halfFloat);
        const ms = performance.now() - caseStart;
        lane.ms += ms;
        done++;
        if (!verdict) continue;
        const result: CaseResult = {
          caseId: testCase.id,
          op: testCase.op,
          configId: lane.configId,
          ...verdict,
          ms,
        };
        lane.results.push(result);
        onProgress({ done, total, result });
      }
      data.forget(testCase.id);
    }
  } finally {
    for (const lane of lanes) lane.terminate();
  }
  const configs: ConformanceConfig[] = lanes.map((lane) => ({
    configId: lane.configId,
    unavailable: lane.probe && !lane.probe.available ? lane.probe.reason.slice(0, 1024) : null,
    libraryVersion: lane.libraryVersion,
    counts: countStatuses(lane.results),
    durationMs: lane.ms,
  }));
  return {
    schemaVersion: CONFORMANCE_SCHEMA_VERSION,
    suiteId: crypto.randomUUID(),
    suite: 'onnx-node-tests',
    referenceConfigId: null,
    startedAt: startedAt.toISOString(),
    durationMs: performance.now() - start,
    environment: await collectEnvironment(),
    configs,
    cases: lanes.flatMap((lane) => lane.results),
  };
}

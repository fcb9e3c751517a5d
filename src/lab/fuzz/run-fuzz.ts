import type { ConfigId } from '../../adapters/configurations';
import type { ModelSource } from '../../adapters/runtime-adapter';
import type { ConformanceRecord } from '../../core/conformance/conformance-schema';
import type { NamedTensor } from '../../core/tensor';
import { caseHash } from '../../fuzz/case-hash';
import { fuzzCoverage, type FuzzCoverage } from '../../fuzz/fuzz-coverage';
import { generateCase, type FuzzCase } from '../../fuzz/generate-case';
import {
  chooseConfigIds,
  ConformanceLane,
  runOnLane,
  runSuite,
  type CaseOutcome,
  type CaseRun,
  type ConformanceProgress,
} from '../conformance/run-conformance';

/** Every ORT configuration: generated graphs are ONNX models. The reference, ort-wasm, runs first. */
export const fuzzConfigIds: readonly ConfigId[] = [
  'ort-wasm',
  'ort-webgpu',
  'ort-webgpu-native',
  'ort-webgl',
  'ort-webnn',
];
const reference: ConfigId = 'ort-wasm';

export interface FuzzOptions {
  /** Graph i of the run is generated from seed + i, so any one case is reproduced by its own seed. */
  seed: number;
  count: number;
  /** Defaults to every ORT configuration; ort-wasm, the reference, is always run. */
  configIds?: string[];
  timeoutMs?: number;
}

/** A fuzz run: the record (a conformance record, suite "fuzz:<seed>+<count>") and what it exercised. */
export interface FuzzReport {
  record: ConformanceRecord;
  coverage: FuzzCoverage;
  /** Each graph's seed, operators and fingerprint (caseHash), in run order. */
  graphs: { seed: number; ops: string[]; hash: string }[];
}

function checkOptions({ seed, count }: FuzzOptions): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1)
    throw new Error(`--seed must be a whole number from 0 to 2^32 - 1, got ${seed}`);
  if (!Number.isInteger(count) || count < 1 || count > 100_000)
    throw new Error(`--count must be a whole number from 1 to 100000, got ${count}`);
}

/** The cases of a run, generated here exactly as `generateCase` does in Node. */
export function fuzzCases({ seed, count }: Pick<FuzzOptions, 'seed' | 'count'>): FuzzCase[] {
  return Array.from({ length: count }, (_, i) => generateCase((seed + i) >>> 0));
}

/** The fingerprints of a run's cases: the same in every browser and in Node (e2e/fuzz.spec.ts). */
export async function fuzzHashes(options: Pick<FuzzOptions, 'seed' | 'count'>): Promise<string[]> {
  checkOptions(options);
  return Promise.all(fuzzCases(options).map(caseHash));
}

const copy = (t: NamedTensor): NamedTensor => ({ ...t, data: t.data.slice() });

function caseRun(c: FuzzCase): CaseRun {
  return {
    id: `seed ${c.seed}`,
    op: c.ops.join('+').slice(0, 128),
    source: {
      kind: 'bytes',
      model: { entry: 'model.onnx', files: { 'model.onnx': c.bytes.slice().buffer } },
    } satisfies ModelSource,
    inputs: c.inputs.map(({ name, dtype, shape }) => ({ name, dtype, shape })),
    feeds: async () => c.inputs.map(copy),
    outputs: [c.output],
    quantizationStep: c.quantizationStep || undefined,
  };
}

const finite = (t: NamedTensor) =>
  !(t.data instanceof Float32Array) || t.data.every((v) => Number.isFinite(v));

/**
 * Generated graphs (src/fuzz) run differentially: each on every configuration in its own worker, as
 * conformance runs a case, held to ort-wasm's outputs within the per-operator tolerance. A case whose
 * reference output is not finite is not compared (the generator's bound should make that never happen).
 */
export async function runFuzz(
  options: FuzzOptions,
  onProgress: (progress: ConformanceProgress) => void = () => {},
): Promise<FuzzReport> {
  checkOptions(options);
  const chosen = chooseConfigIds(options.configIds, fuzzConfigIds).filter((id) => id !== reference);
  const lanes = [reference, ...chosen].map((id) => new ConformanceLane(id, options.timeoutMs ?? 30_000));
  const cases = fuzzCases(options);
  const record = await runSuite(
    {
      name: `fuzz:${options.seed}+${options.count}`,
      referenceConfigId: reference,
      runs: cases.map(caseRun),
      expected: async (_, first) => {
        if (!first || 'failed' in first) return `not compared: the reference ${reference} could not run it`;
        if (!first.outputs.every(finite))
          return `not compared: the reference ${reference} gave non-finite values`;
        return first.outputs;
      },
    },
    lanes,
    onProgress,
  );
  return {
    record,
    coverage: fuzzCoverage(cases.map((c) => c.model)),
    graphs: await Promise.all(
      cases.map(async (c) => ({ seed: c.seed, ops: c.ops, hash: await caseHash(c) })),
    ),
  };
}

/** One generated case on one configuration, outputs and all: to look at a disagreement (and to test the reference). */
export async function runFuzzCase(
  seed: number,
  configId: string,
): Promise<CaseOutcome | { unavailable: string }> {
  checkOptions({ seed, count: 1 });
  const [id] = chooseConfigIds([configId], fuzzConfigIds);
  const lane = new ConformanceLane(id, 60_000);
  try {
    const outcome = await runOnLane(lane, caseRun(generateCase(seed)));
    return outcome ?? { unavailable: lane.probe && !lane.probe.available ? lane.probe.reason : id };
  } finally {
    lane.retire();
  }
}

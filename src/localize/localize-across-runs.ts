import { deviceLabel } from '../core/device-label';
import type { LocalizationRecord, RunResult } from '../core/result-schema';
import { compareTraces, traceGraph, tracePolicy, type CapturedTrace } from './compare-traces';
import { localizationRecordOf } from './localization-record';
import { byteLength } from '../core/tensor';

/** Two stored runs' traces of one configuration each, localized against each other (issue 16). */
export interface CrossDeviceLocalization {
  modelSha256: string;
  a: { runId: string; device: string; configId: string };
  b: { runId: string; device: string; configId: string };
  /** The localization as the run record keeps one: A is the reference, B the suspect. */
  record: LocalizationRecord;
  /**
   * The full tensors worth having (the first divergent node's outputs and the outputs it reads), their
   * size, and whether each run has stored them (`PUT /api/runs/<id>/tensors`).
   */
  tensors: { output: string; bytes: number; storedA: boolean; storedB: boolean }[];
}

/** A run's captured trace of one configuration; the error says what is missing (`which` names the run). */
export function tracedConfig(run: RunResult, configId: string, which = ''): CapturedTrace {
  const named = `run ${which ? `${which} ` : ''}(${run.runId})`;
  if (!run.trace) throw new Error(`${named} has no trace: record it with --trace or "Trace every node"`);
  const config = run.trace.configs.find((c) => c.configId === configId);
  const traced = run.trace.configs.map((c) => c.configId).join(', ') || 'none';
  if (!config) throw new Error(`${named} has no trace of ${configId} (traced: ${traced})`);
  if ('failed' in config) throw new Error(`${named}: the trace of ${configId} failed: ${config.failed}`);
  return config;
}

/**
 * Localizes configuration `configA` of run A against `configB` of run B (by default the same
 * configuration), from their traces: both runs must be of the same model file on the same input.
 */
export function localizeAcrossRuns(
  a: RunResult,
  b: RunResult,
  configA: string,
  configB = configA,
): CrossDeviceLocalization {
  if (a.model.sha256 !== b.model.sha256)
    throw new Error(
      `the runs are of two model files (model sha256 ${a.model.sha256.slice(0, 12)}… and ${b.model.sha256.slice(0, 12)}…): nothing to compare node by node`,
    );
  const [reference, suspect] = [tracedConfig(a, configA, 'a'), tracedConfig(b, configB, 'b')];
  if (a.trace!.inputSha256 !== b.trace!.inputSha256)
    throw new Error(
      `the runs traced two inputs (${a.trace!.image}, input sha256 ${a.trace!.inputSha256.slice(0, 12)}…; ${b.trace!.image}, ${b.trace!.inputSha256.slice(0, 12)}…): trace the same image on both devices`,
    );
  if (reference.method !== suspect.method)
    throw new Error(
      `${configA} was traced as ${reference.method} and ${configB} as ${suspect.method}: two different graphs`,
    );
  const started = Date.now();
  const policy = tracePolicy(reference, suspect);
  const nodes = traceGraph(reference.nodes);
  const localization = compareTraces(reference, suspect, policy);
  const ours = new Map(reference.nodes.map((n) => [n.output, n.sha256]));
  const theirs = new Map(suspect.nodes.map((n) => [n.output, n.sha256]));
  const last = localization.diffs.at(-1);
  const record = localizationRecordOf(
    { referenceId: configA, suspectId: configB, image: a.trace!.image, inputSha256: a.trace!.inputSha256 },
    {
      nodes,
      localization,
      // Whether the final traced output itself is beyond tolerance across the two devices.
      reproduced: last?.divergent ?? false,
      method: reference.method,
      tolerance: policy(nodes[0]),
      suspectPlacement: null,
      elapsedMs: Date.now() - started,
      hashes: (output) => ({ referenceHash: ours.get(output)!, suspectHash: theirs.get(output)! }),
    },
  );
  const first =
    localization.firstDivergent && nodes.find((n) => n.name === localization.firstDivergent!.node);
  const wanted = first ? [...first.outputs.map((o) => o.name), ...first.inputs] : [];
  const tensors = reference.nodes
    .filter((n) => wanted.includes(n.output))
    .map((n) => ({ output: n.output, bytes: byteLength(n.dtype, n.shape), storedA: false, storedB: false }));
  return {
    modelSha256: a.model.sha256,
    a: { runId: a.runId, device: deviceLabel(a.environment), configId: configA },
    b: { runId: b.runId, device: deviceLabel(b.environment), configId: configB },
    record,
    tensors,
  };
}

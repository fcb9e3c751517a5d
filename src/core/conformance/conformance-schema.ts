import { z } from 'zod';
import { configIdSchema, environmentSchema } from '../result-schema';

/** Bumped whenever a conformance record's shape changes; the store refuses versions it does not know. */
export const CONFORMANCE_SCHEMA_VERSION = 1;

export const caseStatusSchema = z.enum(['pass', 'wrong', 'fell-back', 'unsupported', 'crashed', 'timeout']);
export type CaseStatus = z.infer<typeof caseStatusSchema>;

/** One case on one configuration. */
export const caseResultSchema = z.object({
  caseId: z.string().max(256),
  op: z.string().max(128),
  configId: configIdSchema,
  status: caseStatusSchema,
  /** Largest |actual - reference| over the float outputs; null when not compared or not finite. */
  maxAbsError: z.number().nonnegative().nullable(),
  /** Why it is not a pass: the mismatch, the refusal, the fallback, the crash. Null on a pass. */
  detail: z.string().max(2048).nullable(),
  /** Session creation plus one inference, as the page saw it. */
  ms: z.number().nonnegative(),
});
export type CaseResult = z.infer<typeof caseResultSchema>;

export const statusCountsSchema = z.record(caseStatusSchema, z.number().int().nonnegative());
export type StatusCounts = z.infer<typeof statusCountsSchema>;

export const conformanceConfigSchema = z.object({
  configId: configIdSchema,
  /** Null when the configuration ran; otherwise why this device lacks it (probe refusal). */
  unavailable: z.string().max(1024).nullable(),
  libraryVersion: z.string().max(64).nullable(),
  counts: statusCountsSchema,
  durationMs: z.number().nonnegative(),
});
export type ConformanceConfig = z.infer<typeof conformanceConfigSchema>;

/** One conformance run on one device: the ONNX node tests, or one model's operators. */
export const conformanceRecordSchema = z.object({
  schemaVersion: z.literal(CONFORMANCE_SCHEMA_VERSION),
  suiteId: z.uuid(),
  /** "onnx-node-tests", or "model:<zoo id>" for a model's own operators. */
  suite: z.string().max(128),
  /** The configuration a model's operators are compared against; null for the node tests' stored outputs. */
  referenceConfigId: configIdSchema.nullable(),
  startedAt: z.iso.datetime(),
  durationMs: z.number().nonnegative(),
  environment: environmentSchema,
  configs: z.array(conformanceConfigSchema),
  cases: z.array(caseResultSchema),
});
export type ConformanceRecord = z.infer<typeof conformanceRecordSchema>;

export const caseStatuses = caseStatusSchema.options;

/** Counts per status, every status present (zeros included), in the order the CLI prints them. */
export function countStatuses(results: readonly Pick<CaseResult, 'status'>[]): StatusCounts {
  const counts = Object.fromEntries(caseStatuses.map((s) => [s, 0])) as StatusCounts;
  for (const { status } of results) counts[status]++;
  return counts;
}

/** "N passed, N wrong, N fell back, N unsupported, N crashed, N timeout". */
export function describeCounts(counts: StatusCounts): string {
  const words: Record<CaseStatus, string> = {
    pass: 'passed',
    wrong: 'wrong',
    'fell-back': 'fell back',
    unsupported: 'unsupported',
    crashed: 'crashed',
    timeout: 'timeout',
  };
  return caseStatuses.map((s) => `${counts[s]} ${words[s]}`).join(', ');
}

/** One cell of the fleet's operator view (GET /api/conformance): an operator on one device's configuration. */
export interface OperatorCell {
  op: string;
  device: string;
  browser: string;
  configId: string;
  counts: StatusCounts;
}

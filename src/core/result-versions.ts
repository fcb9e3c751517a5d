import { z } from 'zod';
import { RESULT_SCHEMA_VERSION, runResultSchema, type RunResult } from './result-schema';

/**
 * Records an app one version behind still sends (an installed PWA that has not updated yet):
 * the store and the importers accept them and upgrade them here, one small function per version.
 */
export const PREVIOUS_RESULT_SCHEMA_VERSION = 1;

/** Version 1: the shape of version 2, before version 2 bounded every number and date (records outside the bounds are refused). */
export const runResultV1Schema = runResultSchema.extend({
  schemaVersion: z.literal(PREVIOUS_RESULT_SCHEMA_VERSION),
});
export type RunResultV1 = z.infer<typeof runResultV1Schema>;

function upgradeV1(run: RunResultV1): RunResult {
  return { ...run, schemaVersion: RESULT_SCHEMA_VERSION };
}

/** A record of any accepted version, already valid, brought to the current version. */
export function upgradeRunResult(run: RunResult | RunResultV1): RunResult {
  return run.schemaVersion === PREVIOUS_RESULT_SCHEMA_VERSION ? upgradeV1(run) : run;
}

const versionSchema = z.object({
  schemaVersion: z.literal([PREVIOUS_RESULT_SCHEMA_VERSION, RESULT_SCHEMA_VERSION]),
});

/** Validates a record of the current or the previous version and returns it at the current one. */
export function parseAnyVersion(
  input: unknown,
): { success: true; data: RunResult } | { success: false; error: z.ZodError } {
  const version = versionSchema.safeParse(input);
  if (!version.success) return version;
  const parsed =
    version.data.schemaVersion === RESULT_SCHEMA_VERSION
      ? runResultSchema.safeParse(input)
      : runResultV1Schema.safeParse(input);
  return parsed.success ? { success: true, data: upgradeRunResult(parsed.data) } : parsed;
}

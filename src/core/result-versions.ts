import { z } from 'zod';
import { RESULT_SCHEMA_VERSION, runResultSchema, type RunResult } from './result-schema';

/**
 * Records an app one or more versions behind still sends (an installed PWA that has not updated yet): the
 * store and the importers accept them and upgrade them here. Version 2 added bounds to every number and
 * date (version 1 records outside them are refused); versions 3 and 4 added optional parts (3: configuration
 * options, the recommendation, localizations, native references, op profiles, emulation; 4: the trace,
 * the variant, the study), which older records simply lack: their shape is the current one with its defaults.
 */
export const OLDER_RESULT_SCHEMA_VERSIONS = [1, 2, 3] as const;
/** The version just before the current one: what an app that has not updated yet sends. */
export const PREVIOUS_RESULT_SCHEMA_VERSION = 3;

export const runResultOlderSchema = runResultSchema.extend({
  schemaVersion: z.literal(OLDER_RESULT_SCHEMA_VERSIONS),
});
export type RunResultOlder = z.infer<typeof runResultOlderSchema>;

/** A record of any accepted version, already valid, brought to the current version. */
export function upgradeRunResult(run: RunResult | RunResultOlder): RunResult {
  return run.schemaVersion === RESULT_SCHEMA_VERSION ? run : { ...run, schemaVersion: RESULT_SCHEMA_VERSION };
}

const versionSchema = z.object({
  schemaVersion: z.literal([...OLDER_RESULT_SCHEMA_VERSIONS, RESULT_SCHEMA_VERSION]),
});

/** Validates a record of the current or an older accepted version and returns it at the current one. */
export function parseAnyVersion(
  input: unknown,
): { success: true; data: RunResult } | { success: false; error: z.ZodError } {
  const version = versionSchema.safeParse(input);
  if (!version.success) return version;
  const parsed =
    version.data.schemaVersion === RESULT_SCHEMA_VERSION
      ? runResultSchema.safeParse(input)
      : runResultOlderSchema.safeParse(input);
  return parsed.success ? { success: true, data: upgradeRunResult(parsed.data) } : parsed;
}

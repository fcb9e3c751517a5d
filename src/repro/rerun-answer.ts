import { z } from 'zod';
import { configIdSchema } from '../core/result-schema';
import { storableString } from '../core/storable-string';

const side = z.object({
  configId: configIdSchema,
  /** Why it could not run here; null when it ran. */
  unavailable: storableString().max(2048).nullable(),
  /** Largest |Δ| over the outputs against each recorded side; null when it did not run (or NaN). */
  maxAbsVsReference: z.number().nonnegative().nullable(),
  maxAbsVsSuspect: z.number().nonnegative().nullable(),
  agreesWithReference: z.boolean().nullable(),
});

/** A device's answer to "does this device have the bug?" for one repro bundle. */
export const reproAnswerSchema = z.object({
  bundleSha256: z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex sha256'),
  /** true: the suspect leaves the recorded reference here; null: the suspect cannot run here. */
  reproduces: z.boolean().nullable(),
  suspect: side,
  reference: side,
  elapsedMs: z.number().nonnegative(),
});
export type ReproAnswer = z.infer<typeof reproAnswerSchema>;
export type ReproAnswerSide = z.infer<typeof side>;

const size = (n: number | null) => (n === null ? 'not finite' : n.toPrecision(3));

/** One line: "this device reproduces the bug: yes (ort-webgpu: max |Δ| 6.00 from the recorded reference…)". */
export function describeAnswer(answer: ReproAnswer): string {
  const { suspect, reference } = answer;
  const head =
    answer.reproduces === null
      ? `this device reproduces the bug: cannot tell (${suspect.unavailable})`
      : `this device reproduces the bug: ${answer.reproduces ? 'yes' : 'no'} (${suspect.configId}: max |Δ| ${size(suspect.maxAbsVsReference)} from the recorded reference, ${size(suspect.maxAbsVsSuspect)} from the recorded suspect)`;
  const ref =
    reference.unavailable !== null
      ? `reference: ${reference.unavailable}`
      : `${reference.configId}: max |Δ| ${size(reference.maxAbsVsReference)} from the recorded reference`;
  return `${head}; ${ref}`;
}

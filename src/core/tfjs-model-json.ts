import { z } from 'zod';
import { describeIssues } from './describe-issues';

/**
 * A TF.js model.json (layers or graph model), as tfjs-converter and `tf.io` write it: the one type the
 * adapters, the converter, the CLI and the user-model loader share. Only the fields Crosscheck reads
 * are checked; the topology stays opaque here (the converter reads it).
 */

/** One entry of a weightsManifest group; the dtypes are tf.io's, so the type fits tf.io.fromMemory. */
export const weightSpecSchema = z.looseObject({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(['float32', 'int32', 'bool', 'string', 'complex64']),
  quantization: z
    .looseObject({
      dtype: z.enum(['uint8', 'uint16', 'float16']),
      min: z.number().optional(),
      scale: z.number().optional(),
    })
    .optional(),
});
export type WeightSpec = z.infer<typeof weightSpecSchema>;

export const tfjsModelJsonSchema = z.looseObject({
  format: z.string().optional(),
  generatedBy: z.string().optional(),
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: z.array(z.looseObject({ paths: z.array(z.string()), weights: z.array(weightSpecSchema) })),
  /** Graph models: the outputs by signature key (`name` is `node:index`). */
  signature: z
    .looseObject({
      outputs: z.record(z.string(), z.looseObject({ name: z.string().optional() })).optional(),
    })
    .optional(),
});
export type TfjsModelJson = z.infer<typeof tfjsModelJsonSchema>;

/** Validates a parsed model.json; the error names the file and the field that is wrong. */
export function parseTfjsModelJson(value: unknown, file: string): TfjsModelJson {
  const parsed = tfjsModelJsonSchema.safeParse(value);
  if (!parsed.success) throw new Error(`${file}: not a TF.js model.json (${describeIssues(parsed.error)})`);
  return parsed.data;
}

/** Every weight of the manifest in manifest order: the order of the concatenated weight bytes. */
export function weightSpecs(json: TfjsModelJson): WeightSpec[] {
  return json.weightsManifest.flatMap((group) => group.weights);
}

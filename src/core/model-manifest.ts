import { z } from 'zod';

/** How a model wants its input tensor built from a decoded RGB image. */
export const preprocessSpecSchema = z
  .object({
    /** Final spatial size fed to the model: [height, width]. */
    size: z.tuple([z.number().int().positive(), z.number().int().positive()]),
    /**
     * `stretch`: resize the whole image to `size` (aspect ratio not kept).
     * `shorter-side-crop`: resize so the shorter side equals `resizeShorterTo`, then center-crop `size`.
     * `central-crop`: keep the central `centralFraction` of each side (tf.image.central_crop), then resize
     * that to `size`: TF-slim's ImageNet evaluation, with fraction 0.875.
     */
    resize: z.enum(['stretch', 'shorter-side-crop', 'central-crop']),
    resizeShorterTo: z.number().int().positive().optional(),
    centralFraction: z.number().gt(0).lte(1).optional(),
    /** Bilinear sampling convention, as in tf.image.resizeBilinear. */
    alignCorners: z.boolean().default(false),
    halfPixelCenters: z.boolean().default(false),
    /**
     * `float32`: the normalised values below. `uint8`: the resized 0..255 pixels rounded to bytes, fed as
     * they are (quantized TFLite models take these; the model's own input quantization does the rest).
     */
    inputDtype: z.enum(['float32', 'uint8']).default('float32'),
    /** Pixel values (0..255) are divided by this first. */
    scale: z.number().positive().default(255),
    /** Then (x - mean) / std per channel, in the model's channel order. */
    mean: z.tuple([z.number(), z.number(), z.number()]).default([0, 0, 0]),
    std: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]).default([1, 1, 1]),
    layout: z.enum(['NHWC', 'NCHW']),
    channelOrder: z.enum(['RGB', 'BGR']).default('RGB'),
  })
  .superRefine((spec, ctx) => {
    const normalises = spec.mean.some((m) => m !== 0) || spec.std.some((s) => s !== 1);
    if (spec.inputDtype === 'uint8' && normalises) {
      ctx.addIssue({
        code: 'custom',
        path: ['inputDtype'],
        message: 'uint8 input feeds raw pixels: mean and std must stay at their defaults',
      });
    }
  });
export type PreprocessSpec = z.infer<typeof preprocessSpecSchema>;
export type PreprocessSpecInput = z.input<typeof preprocessSpecSchema>;

export const modelFormatSchema = z.enum(['tfjs-layers', 'tfjs-graph', 'onnx', 'tflite']);
export type ModelFormat = z.infer<typeof modelFormatSchema>;

export const labelSetSchema = z.object({
  /**
   * `synset-words`: "wnid name, synonyms" per line, in the model's output order;
   * `wnid-list`: one wnid per line in the model's output order, names looked up in `namesFile` (synset words);
   * `inline`: `names` in output order.
   */
  kind: z.enum(['synset-words', 'wnid-list', 'inline']),
  /** Paths use the same roots as `base` (`generated:` or `shared:`). */
  file: z.string().optional(),
  namesFile: z.string().optional(),
  names: z.array(z.string()).optional(),
  /** Only the first N lines apply (Darknet lists are longer than the model's output). */
  count: z.number().int().positive(),
  /**
   * Outputs that come before the file's classes, by name: TF-slim models put a "background" class at
   * index 0, so output i is line i - 1. They have no wnid, so they never count as a correct answer.
   */
  leading: z.array(z.string()).optional(),
});
export type LabelSet = z.infer<typeof labelSetSchema>;

export const modelManifestSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  name: z.string(),
  format: modelFormatSchema,
  /**
   * Folder that holds the files. `generated:` = built by `npm run prepare-assets` into public/generated,
   * `shared:` = the shared data folder set by CROSSCHECK_SHARED (default ../shared).
   */
  base: z.string(),
  /** Entry file (model.json, .onnx or .tflite) relative to base. */
  entry: z.string(),
  /** sha256 of the entry file; checked at load. Absent for generated models (hashed at run time). */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  inputName: z.string().optional(),
  preprocess: preprocessSpecSchema,
  /** What the model emits: `probabilities` (softmax already applied) or `logits`. */
  output: z.enum(['probabilities', 'logits']),
  /**
   * The same model converted to ONNX by Crosscheck's converter (`npm run prepare-assets`), so the ORT
   * configurations run it too; `layout` states how the converted model takes its input.
   */
  converted: z.object({ base: z.string(), entry: z.string(), layout: z.string() }).optional(),
  labels: labelSetSchema,
  licence: z.string(),
  source: z.string(),
});
export type ModelManifest = z.infer<typeof modelManifestSchema>;
export type ModelManifestInput = z.input<typeof modelManifestSchema>;

import { z } from 'zod';
import { configIdSchema, environmentSchema, runtimeDetailsSchema } from '../core/result-schema';
import { storableString } from '../core/storable-string';

/** Bump on any change an older reader (a bundle's own repro.html, the lab) would misread. */
export const REPRO_MANIFEST_VERSION = 1;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex sha256');
const text = (max: number) => storableString().max(max);
/** A path inside the zip: no absolute paths, no climbing out of the folder it is unzipped into. */
const bundlePath = z
  .string()
  .max(256)
  .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, 'a relative path of letters, digits, . _ -')
  .refine((p) => !p.split('/').includes('..'), 'must not contain ..');
const dtype = z.enum(['float32', 'float16', 'int32', 'int64', 'int8', 'uint8', 'bool']);
const shape = z.array(z.number().int().nonnegative()).max(16);

export const quantizationSchema = z.object({ scale: z.number(), zeroPoint: z.number() });

/** One tensor kept as a file of its little-endian element bytes. */
export const bundleTensorSchema = z.object({
  name: text(512),
  dtype,
  shape,
  file: bundlePath,
});

/** One configuration of the pair, as the lab names it and as the runtime reported itself. */
const sideSchema = z.object({
  configId: configIdSchema,
  /** The runtime: bundles made before TF.js bundles existed are all onnxruntime-web. */
  library: z.enum(['onnxruntime-web', 'tfjs']).default('onnxruntime-web'),
  /** onnxruntime-web's execution provider name (`wasm`, `webgpu`, `webgl`, `webnn`), or TF.js's backend (`cpu` too). */
  executionProvider: z.enum(['wasm', 'webgpu', 'webgl', 'webnn', 'cpu']),
  /**
   * The build that serves it: onnxruntime-web's (`ort.all.min.mjs`: JSEP; `ort.webgpu.min.mjs`: native
   * EP), or TF.js's backend script beside `tf.min.js` (`tf.min.js` itself for cpu and webgl).
   */
  ortFile: bundlePath,
  /** Configuration options as the lab gives them (`preferredLayout`, `threads`…). */
  options: z.record(text(128), z.union([text(128), z.number(), z.boolean()])),
  /** What the runtime said when it loaded the bundle's model, while the bundle was made. */
  runtime: runtimeDetailsSchema.nullable(),
});

/**
 * `manifest.json` of a repro bundle (docs/repro-bundles.md): the smallest model that still shows one
 * configuration's divergence from another, its inputs, both configurations' outputs, the tolerance,
 * and where it was made. Every other file of the zip is listed in `files` with its sha256.
 */
export const reproManifestSchema = z.object({
  format: z.literal('crosscheck-repro'),
  version: z.literal(REPRO_MANIFEST_VERSION),
  createdAt: z.iso.datetime(),
  crosscheckVersion: text(64),
  /** Where the divergence was found. */
  source: z.object({
    modelId: text(256),
    modelSha256: sha256,
    image: text(512),
    inputSha256: sha256,
    firstDivergent: text(512),
    op: text(128),
  }),
  model: z.object({
    file: bundlePath,
    /** `onnx`: one file; `tfjs-layers`, `tfjs-graph`: a model.json whose weights manifest names the bundle's weight file. */
    format: z.enum(['onnx', 'tfjs-layers', 'tfjs-graph']).default('onnx'),
    /**
     * `single-node`: the divergent node alone (ONNX, or a TF.js graph model's node); `subgraph`: it with the fewest nodes before it that still
     * diverge; `single-layer`: the divergent TF.js layer alone (an InputLayer and it); `whole-model`: the
     * TF.js model itself, when the layer could not run alone (`whyWhole` says why).
     */
    kind: z.enum(['single-node', 'subgraph', 'single-layer', 'whole-model']),
    whyWhole: text(2048).nullable().default(null),
    /** The nodes it holds, in graph order. */
    nodes: z.array(text(512)).min(1),
  }),
  reference: sideSchema,
  suspect: sideSchema,
  /** Per element: passes when the absolute or the relative bound holds; quantized outputs by steps. */
  tolerance: z.object({
    absolute: z.number().nonnegative(),
    relativeRatio: z.number().min(1),
    steps: z.number(),
  }),
  /** Fed as the reference computed them (its values at the model's boundary). */
  inputs: z.array(bundleTensorSchema).min(1),
  /** The divergent node's outputs, as each configuration gave them when the bundle was made. */
  outputs: z
    .array(
      z.object({
        name: text(512),
        dtype,
        shape,
        quantization: quantizationSchema.nullable(),
        reference: bundlePath,
        suspect: bundlePath,
      }),
    )
    .min(1),
  /** Whether the suspect, running this model, still left the reference when the bundle was made. */
  reproduced: z.boolean(),
  environment: environmentSchema,
  /** Library name → version, as the bundle's maker ran them. */
  libraries: z.record(text(128), text(64)),
  /** sha256 of every other file of the bundle, by path. */
  files: z.record(bundlePath, sha256),
});
export type ReproManifest = z.infer<typeof reproManifestSchema>;
export type BundleTensor = z.infer<typeof bundleTensorSchema>;
export type ReproSide = ReproManifest['reference'];

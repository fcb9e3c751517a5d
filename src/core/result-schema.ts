import { z } from 'zod';
import { configProfileSchema } from './profile/op-profile';
import { recommendationSchema } from './recommend/recommendation-schema';
import { storableString } from './storable-string';

/**
 * The record of one lab run: what ran, where, on which inputs, and how every configuration compared
 * with the reference. Every part that reads or writes results (page, CLI, store) validates with this.
 * Bump RESULT_SCHEMA_VERSION on any change that an older reader would misread.
 */
export const RESULT_SCHEMA_VERSION = 4;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex sha256');
/** Free text that ends up in reports: bounded, storable, and never markup. */
const text = (max: number) =>
  storableString()
    .max(max)
    .regex(/^[^<>]*$/, 'must not contain < or >');

/*
 * Every number is bounded to its meaning, so that no record can overflow the store's aggregates.
 * z.number() already refuses NaN and ±Infinity. Measures computed in floating point get a little
 * slack at the bounds they reach exactly in theory (a cosine of 1.0000000000000002).
 */
const slack = 1e-6;
/** A duration in milliseconds: from 0 to a week. */
const ms = z
  .number()
  .min(0)
  .max(7 * 24 * 3600 * 1000);
/** A share of images or runs, or a probability. */
const rate = z.number().min(0).max(1);
/** A correlation or cosine similarity. */
const correlation = z
  .number()
  .min(-1 - slack)
  .max(1 + slack);
/** A distance or divergence between outputs. */
const distance = z.number().min(-slack);
/** An ISO date between 2000 and 2100: the dates a run can honestly carry, and ones every database can store. */
export const runDateSchema = z.iso
  .datetime()
  .refine(
    (d) => Date.parse(d) >= Date.UTC(2000, 0, 1) && Date.parse(d) < Date.UTC(2100, 0, 1),
    'must be between 2000 and 2100',
  );

/**
 * A base configuration (`tfjs-webgl`), optionally with options written `base[key=value,…]`
 * (`tfjs-wasm[threads=2]`, see docs/options.md); older records carry base ids only.
 */
export const configIdSchema = z
  .string()
  .max(256)
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)+(\[[A-Za-z0-9_-]+=[A-Za-z0-9._-]+(,[A-Za-z0-9_-]+=[A-Za-z0-9._-]+)*\])?$/,
    'like tfjs-webgl or tfjs-wasm[threads=2]',
  );

export const environmentSchema = z.object({
  userAgent: text(512),
  browser: z.object({ name: text(64), version: text(64) }).nullable(),
  platform: text(128).nullable(),
  hardwareConcurrency: z.number().int().nonnegative().max(65_536).nullable(),
  deviceMemoryGiB: z.number().nonnegative().max(1_048_576).nullable(),
  crossOriginIsolated: z.boolean(),
  gpuAdapter: z
    .object({ vendor: text(128), architecture: text(128), device: text(128), description: text(256) })
    .nullable(),
  webglRenderer: text(256).nullable(),
});
export type Environment = z.infer<typeof environmentSchema>;

/** How the device matrix emulated a kind of device (docs/matrix.md): absent for a run on a real device. */
export const emulationSchema = z.object({
  /** The matrix profile (Playwright project), e.g. `phone`. */
  profile: text(64),
  /** The CPU cap the profile asks for, in CPUs (0.5 = half of one core's time); null: none. */
  cpus: z.number().positive().max(1024).nullable(),
  /** What capped it ("cgroup v1 cpu quota 0.5 CPU"), "throttling unavailable: <reason>", or "none". */
  throttling: text(1024),
});
export type Emulation = z.infer<typeof emulationSchema>;

export const rankedLabelSchema = z.object({
  index: z.number().int().nonnegative(),
  label: text(256),
  /** Null where the output was NaN or ±Infinity (the outcome's nonFiniteCount counts them); logits are unbounded. */
  score: z.number().nullable(),
});
export type RankedLabel = z.infer<typeof rankedLabelSchema>;

export const latencySummarySchema = z.object({
  n: z.number().int().nonnegative(),
  minMs: ms,
  meanMs: ms,
  p50Ms: ms,
  p95Ms: ms,
  p99Ms: ms,
  maxMs: ms,
  stdDevMs: ms,
});

/** What actually ran, as opposed to what was asked for. */
export const runtimeDetailsSchema = z.object({
  library: text(64),
  libraryVersion: text(64),
  requestedBackend: text(64),
  activeBackend: text(64).nullable(),
  /** True when the runtime ran on something other than what was requested (whole backend or some nodes). */
  fellBack: z.boolean(),
  fallbackDetail: text(2048).nullable(),
  threads: z.number().int().nonnegative().nullable(),
  simd: z.boolean().nullable(),
  flags: z.record(
    storableString().max(128),
    z.union([storableString().max(1024), z.number(), z.boolean(), z.null()]),
  ),
  gpuAdapter: environmentSchema.shape.gpuAdapter,
  webglRenderer: text(256).nullable(),
});
export type RuntimeDetails = z.infer<typeof runtimeDetailsSchema>;

/** A bootstrap 95 % confidence interval (seeded, so the same samples give the same interval). */
export const intervalSchema = z.object({ low: z.number(), high: z.number() });

/**
 * `performance.measureUserAgentSpecificMemory()`, taken from the page (Chromium does not expose it in
 * dedicated workers) after the configuration's images ran and before its dispose: docs/measurements.md.
 */
export const userAgentMemorySchema = z.object({
  /**
   * `unavailable`: no cross-origin isolation, no such API, or a runtime whose threads never answer (threaded
   * ORT); `timed-out`: no garbage collection in time.
   */
  status: z.enum(['measured', 'unavailable', 'timed-out', 'failed']),
  reason: text(512).nullable(),
  /** The whole agent cluster: the page, the configuration's worker and the threads it started. */
  totalBytes: z.number().nonnegative().nullable(),
  /** Attributed to dedicated workers: at this moment only the configuration's worker and its threads. */
  workerBytes: z.number().nonnegative().nullable(),
  /** Bytes by source (attribution scopes and memory types, e.g. `DedicatedWorkerGlobalScope JavaScript`), largest first. */
  breakdown: z.array(z.object({ source: text(128), bytes: z.number().nonnegative() })).max(32),
});
export type UserAgentMemory = z.infer<typeof userAgentMemorySchema>;

export const memoryReportSchema = z.object({
  /** TF.js bookkeeping; null where the runtime exposes nothing. */
  tensorsAfterLoad: z.number().int().nonnegative().nullable(),
  tensorsAfterRun: z.number().int().nonnegative().nullable(),
  bytesAfterLoad: z.number().nonnegative().nullable(),
  bytesAfterRun: z.number().nonnegative().nullable(),
  /** Tensors left behind by inference: after-run minus after-load. */
  leakedTensors: z.number().int().nullable(),
  /** performance.memory / measureUserAgentSpecificMemory, when the browser gives it. */
  jsHeapBytes: z.number().nonnegative().nullable(),
  /** Null in records made before it was measured. */
  userAgent: userAgentMemorySchema.nullable().default(null),
});

export const configStatusSchema = z.enum(['ok', 'unsupported', 'failed', 'timeout', 'crashed', 'cancelled']);

/** A configuration's options as asked (docs/options.md); what ran is in `runtime` (threads, flags). */
export const configOptionsSchema = z.object({
  base: configIdSchema,
  /** 8 hex digits of the canonical id, for file names and keys where brackets do not fit. */
  hash: z.string().regex(/^[0-9a-f]{8}$/),
  values: z.record(
    z
      .string()
      .max(64)
      .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'an option name: a letter, then letters, digits, _ or -'),
    z.union([text(128), z.number(), z.boolean()]),
  ),
});
export type ConfigOptions = z.infer<typeof configOptionsSchema>;

export const configResultSchema = z.object({
  configId: configIdSchema,
  /** Null in records made before configurations had options. */
  options: configOptionsSchema.nullable().default(null),
  status: configStatusSchema,
  /** Why it is not ok, naming the file, layer or step. */
  reason: text(4096).nullable(),
  runtime: runtimeDetailsSchema.nullable(),
  fetchMs: ms.nullable(),
  compileMs: ms.nullable(),
  firstInferMs: ms.nullable(),
  /** Warm-up runs it took to reach steady state, or the cap when it was not reached. */
  warmupRuns: z.number().int().nonnegative(),
  /** Whether warm-up reached steady state before its cap; null in records made before it was measured. */
  steadyState: z.boolean().nullable().default(null),
  warm: latencySummarySchema.nullable(),
  /** Interval of warm.p50Ms; null with fewer than two samples and in older records. */
  p50IntervalMs: intervalSchema.nullable().default(null),
  /** The timed samples fall into two separate regimes, so p50 mixes them; null when too few to tell. */
  bimodal: z.boolean().nullable().default(null),
  /** Raw steady-state samples, kept so any two runs can be re-tested later. */
  warmSamplesMs: z.array(ms).max(100_000),
  memory: memoryReportSchema.nullable(),
  /** Over images this configuration classified: agreement with the reference and with ground truth. */
  agreement: z
    .object({
      images: z.number().int().nonnegative(),
      top1AgreementRate: rate.nullable(),
      meanTop5Overlap: rate.nullable(),
      meanKendallTau: correlation.nullable(),
      meanRankBiasedOverlap: rate.nullable(),
      maxAbsDiff: distance.nullable(),
      meanAbsDiff: distance.nullable(),
      minCosineSimilarity: correlation.nullable(),
      meanKlDivergence: distance.nullable(),
    })
    .nullable(),
  accuracy: z
    .object({ labelled: z.number().int().nonnegative(), top1: rate.nullable(), top5: rate.nullable() })
    .nullable(),
  /** Mann-Whitney U of warm latency against the reference configuration, and the p50 ratio's interval. */
  latencyVsReference: z
    .object({
      ratioP50: z.number().nonnegative().nullable(),
      ratioP50Interval: intervalSchema.nullable().default(null),
      u: z.number().nonnegative(),
      pValue: rate.nullable(),
      effectSize: rate.nullable(),
    })
    .nullable(),
});
export type ConfigResult = z.infer<typeof configResultSchema>;

export const findingKindSchema = z.enum(['top1-flip', 'non-finite', 'failed', 'decode-error']);

export const imageConfigOutcomeSchema = z.object({
  configId: configIdSchema,
  status: z.enum(['ok', 'failed', 'skipped']),
  reason: text(4096).nullable(),
  top5: z.array(rankedLabelSchema).max(5),
  top1AgreesWithReference: z.boolean().nullable(),
  top5Overlap: rate.nullable(),
  kendallTau: correlation.nullable(),
  rankBiasedOverlap: rate.nullable(),
  maxAbsDiff: distance.nullable(),
  meanAbsDiff: distance.nullable(),
  cosineSimilarity: correlation.nullable(),
  klDivergence: distance.nullable(),
  nonFiniteCount: z.number().int().nonnegative(),
  inferMs: ms.nullable(),
});
export type ImageConfigOutcome = z.infer<typeof imageConfigOutcomeSchema>;

export const imageResultSchema = z.object({
  name: text(512),
  /** sha256 of the file's bytes and of the Float32 input tensor every configuration received. */
  fileSha256: sha256.nullable(),
  inputSha256: sha256.nullable(),
  width: z.number().int().nonnegative().nullable(),
  height: z.number().int().nonnegative().nullable(),
  /** ImageNet wnid read from the file name, when present. */
  groundTruth: z
    .string()
    .regex(/^n\d{8}$/)
    .nullable(),
  decodeError: text(4096).nullable(),
  outcomes: z.array(imageConfigOutcomeSchema),
});
export type ImageResult = z.infer<typeof imageResultSchema>;

export const findingSchema = z.object({
  kind: findingKindSchema,
  configId: configIdSchema.nullable(),
  image: text(512).nullable(),
  message: text(4096),
});
export type Finding = z.infer<typeof findingSchema>;

/**
 * Native references (`npm run lab -- --native`, docs/tolerances.md): the same input tensors run outside the
 * browser, in Node, and how every browser configuration compares with the first reference that ran.
 */
export const nativeSchema = z.object({
  references: z
    .array(
      z.object({
        /** e.g. `node-tfjs-cpu`, `node-ort-cpu`. */
        id: text(64),
        /** What ran, with versions: "onnxruntime-node 1.30.0, cpu EP, graph optimizations all". */
        runtime: text(256),
        status: z.enum(['ok', 'failed']),
        reason: text(4096).nullable(),
        images: z.number().int().nonnegative(),
      }),
    )
    .max(16),
  /** The reference each configuration is compared with: the first that ran. */
  primaryId: text(64).nullable(),
  /** Largest |Δ| between two native references' outputs for the same input, over every image; null: fewer than two ran. */
  driftMaxAbsDiff: distance.nullable(),
  /** The two references that drift is between. */
  driftBetween: z.array(text(64)).max(2),
  perConfiguration: z.record(
    configIdSchema,
    z.object({
      images: z.number().int().nonnegative(),
      top1Agreement: rate.nullable(),
      /** Largest |Δ| over the configuration's top-5 classes (the outputs a record keeps) against the native output. */
      maxAbsDiffTop5: distance.nullable(),
    }),
  ),
});
export type NativeReferences = z.infer<typeof nativeSchema>;

/**
 * A run of a variant of the model (issue 18, docs/variants.md): every configuration but the reference ran
 * the variant; the reference ran the original. Absent: the run measured the model itself.
 */
/** A model file's size in bytes: up to 1 TiB. */
const fileBytes = z
  .number()
  .int()
  .nonnegative()
  .max(2 ** 40);
export const variantRecordSchema = z.object({
  /** The canonical written form (`fp16`, `prune[sparsity=0.5]`, `mutant[op=add-to-sub,seed=1]`). */
  spec: text(256),
  kind: z.enum(['original', 'fp16', 'int8', 'prune', 'mutant']),
  /** One per file the variant was made in: the ONNX model for ORT, a TF.js model for TF.js where made. */
  files: z
    .array(
      z.object({
        format: z.enum(['tfjs-layers', 'tfjs-graph', 'onnx']),
        /** sha256 and size of the file it was generated from (a TF.js model's: its model.json). */
        originalSha256: sha256,
        originalBytes: fileBytes,
        /** sha256 of the variant's entry file, and the size of all its files. */
        sha256,
        bytes: fileBytes,
        /** What the transform did, e.g. the ops kept in float32, the sparsity reached, the node mutated. */
        detail: text(2048),
      }),
    )
    .max(4),
  /** Per configuration: which model it ran and what precision it actually computed in. */
  precision: z.record(
    configIdSchema,
    z.object({
      ran: z.enum(['original', 'variant', 'none']),
      weights: z.enum(['float32', 'float16', 'int8', 'uint8']).nullable(),
      arithmetic: z.enum(['float32', 'float16', 'unknown']).nullable(),
      /** Why, e.g. "ORT's CPU provider casts float16 nodes to float32". */
      note: text(1024),
    }),
  ),
});
export type VariantRecord = z.infer<typeof variantRecordSchema>;

/*
 * Localization (issue 15; docs/localization.md): where a configuration's outputs leave the reference's
 * on one input. Per-node summaries and a hash of each intermediate output, never the tensors, so two
 * runs from two devices on the same input can be compared node by node (issue 16).
 */
export const localizedNodeSchema = z.object({
  name: text(512),
  op: text(128),
  /** The compared output of the node (a node may have several; each gets its own entry). */
  output: text(512),
  shape: z.array(z.number().int().nonnegative()).max(16),
  /** How the node is configured (ONNX attributes as text), for the node's details. */
  attributes: z.record(text(128), text(1024)),
  /** Null where the error is not finite (NaN/Inf, or the shapes differ). */
  maxAbs: distance.nullable(),
  /** maxAbs over the reference's largest magnitude. */
  maxRel: distance.nullable(),
  cosine: correlation.nullable(),
  /** Elements NaN or ±Inf in the suspect but finite in the reference. */
  nonFinite: z.number().int().nonnegative(),
  /** Quantized outputs: the largest difference in quantization steps; null for float outputs. */
  steps: z.number().int().nonnegative().nullable(),
  divergent: z.boolean(),
  /** sha256 of each side's output bytes. */
  referenceHash: sha256,
  suspectHash: sha256,
});
export type LocalizedNode = z.infer<typeof localizedNodeSchema>;

/**
 * How the intermediate outputs were captured: `exposed-outputs`, an ONNX graph with every node output
 * exposed; `slices`, ONNX slices fed the reference's values; `layer-outputs`, a TF.js layers model
 * answering every layer; `graph-nodes`, a TF.js graph model executed to every node.
 */
export const localizationMethodSchema = z.enum(['exposed-outputs', 'slices', 'layer-outputs', 'graph-nodes']);
export type LocalizationMethod = z.infer<typeof localizationMethodSchema>;

const localizationCase = {
  referenceId: configIdSchema,
  suspectId: configIdSchema,
  image: text(512),
  /** The input tensor's sha256 (the image's inputSha256). */
  inputSha256: sha256,
};
export const localizationSchema = z.union([
  z.object({
    ...localizationCase,
    method: localizationMethodSchema,
    /** Whether the whole rewritten graph still gave the final divergence (if not, slices were used). */
    reproduced: z.boolean(),
    /** Node names; null when every captured node is within tolerance. */
    firstDivergent: text(512).nullable(),
    firstJump: text(512).nullable(),
    /** The float tolerance the nodes were held to (per-operator policy; quantized outputs: `steps`). */
    tolerance: z.object({
      absolute: z.number().nonnegative().max(1e6),
      relativeRatio: z.number().min(1).max(1e6),
      steps: z.number().int().nonnegative().max(1e6),
    }),
    /** Where the suspect's runtime placed the nodes (ORT: counts per execution provider). */
    placement: text(2048).nullable(),
    elapsedMs: ms,
    nodes: z.array(localizedNodeSchema).max(20_000),
  }),
  z.object({ ...localizationCase, failed: text(4096) }),
]);
export type LocalizationRecord = z.infer<typeof localizationSchema>;

/*
 * Traces (issue 16; docs/cross-device-localization.md): every intermediate output of one input on each
 * configuration, summarized so that two runs from two devices can be localized against each other
 * without tensors: a hash says whether an output is bit-identical, the statistics and a sample at fixed
 * hashed indices say by how much it differs.
 */
export const traceNodeSchema = z.object({
  name: text(512),
  op: text(128),
  output: text(512),
  /** The outputs this node reads (for the first 10× jump). */
  inputs: z.array(text(512)).max(256),
  shape: z.array(z.number().int().nonnegative()).max(16),
  dtype: z.enum(['float32', 'float16', 'int32', 'int64', 'int8', 'uint8', 'bool']),
  /** Quantized outputs: every value below is real, (q - zeroPoint) * scale; a step is `scale`. */
  quantization: z.object({ scale: z.number().positive(), zeroPoint: z.number() }).nullable(),
  /** sha256 of the output's bytes as the runtime handed them back. */
  sha256,
  /** Over the finite elements; null when there is none. */
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  std: z.number().nonnegative().nullable(),
  l2: z.number().nonnegative().nullable(),
  /** Elements that are NaN or ±Inf. */
  nonFinite: z.number().int().nonnegative(),
  /** The values at the trace's fixed hashed indices (all of them for a small output); null: not finite. */
  sample: z.array(z.number().nullable()).max(1024),
});
export type TraceNode = z.infer<typeof traceNodeSchema>;

const traceConfigCase = { configId: configIdSchema };
export const traceConfigSchema = z.union([
  z.object({
    ...traceConfigCase,
    /** The backend whose per-operator tolerance applies (`wasm`, `webgl`…), and whether it forced half floats. */
    backend: text(64),
    halfFloat: z.boolean(),
    method: localizationMethodSchema,
    elapsedMs: ms,
    nodes: z.array(traceNodeSchema).max(20_000),
  }),
  z.object({ ...traceConfigCase, failed: text(4096) }),
]);
export type TraceConfig = z.infer<typeof traceConfigSchema>;

export const runTraceSchema = z.object({
  image: text(512),
  inputSha256: sha256,
  /** How many values each node's sample holds at most. */
  sampleSize: z.number().int().positive().max(1024),
  configs: z.array(traceConfigSchema).max(64),
});
export type RunTrace = z.infer<typeof runTraceSchema>;

export const runResultSchema = z.object({
  schemaVersion: z.literal(RESULT_SCHEMA_VERSION),
  /** `cancelled`: stopped by the user; what was measured is kept, the rest says `cancelled`. */
  status: z.enum(['complete', 'cancelled']).default('complete'),
  runId: z.uuid(),
  startedAt: runDateSchema,
  finishedAt: runDateSchema,
  crosscheckVersion: text(32),
  model: z.object({
    id: text(128),
    name: text(256),
    format: z.enum(['tfjs-layers', 'tfjs-graph', 'onnx', 'tflite']),
    sha256,
    outputKind: z.enum(['probabilities', 'logits']),
    classes: z.number().int().positive(),
  }),
  imageSet: z.object({ name: text(256), count: z.number().int().nonnegative(), sha256 }),
  settings: z.object({
    referenceConfigId: configIdSchema,
    /** The most warm-up runs per configuration; warm-up stops earlier at steady state. */
    warmupRuns: z.number().int().nonnegative(),
    /**
     * A cap reached in less warm-up time than this was extended, up to 10 × the cap, until steady;
     * 0: the cap held. Null in records made before the floor existed.
     */
    warmupMinMs: z.number().nonnegative().max(3_600_000).nullable().default(null),
    timedRuns: z.number().int().positive(),
    timeoutMs: z.number().int().positive(),
  }),
  environment: environmentSchema,
  emulation: emulationSchema.optional(),
  native: nativeSchema.optional(),
  /** The variant of the model this run measured (issue 18); absent: the model itself. */
  variant: variantRecordSchema.optional(),
  configs: z
    .array(configResultSchema)
    .min(1)
    .superRefine((configs, ctx) => {
      // One result per configuration: the store keys them by (run, configuration).
      const seen = new Set<string>();
      configs.forEach((c, i) => {
        if (seen.has(c.configId))
          ctx.addIssue({ code: 'custom', path: [i, 'configId'], message: `${c.configId} appears twice` });
        seen.add(c.configId);
      });
    }),
  images: z.array(imageResultSchema),
  findings: z.array(findingSchema),
  /** One per configuration that did not agree, on its first disagreeing image (`npm run lab -- --localize`). */
  localizations: z.array(localizationSchema).max(64).optional(),
  /** Every intermediate output's summary on one input per configuration (`npm run lab -- --trace`, issue 16). */
  trace: runTraceSchema.optional(),
  /** Time per op type per configuration, from a profiling pass after the timed runs (issue 20). */
  profile: z.record(configIdSchema, configProfileSchema).optional(),
  /** What to ship on this device (core/recommend); null in older records. */
  recommendation: recommendationSchema.nullable().default(null),
  /** The study this run is one variant's run of (docs/studies.md); absent outside a study. */
  study: z
    .object({
      studyId: z.uuid(),
      name: text(128),
      /** The variant's canonical written form (`original`, `fp16`, `prune[sparsity=0.5]`). */
      variant: text(256),
    })
    .optional(),
});
export type RunResult = z.infer<typeof runResultSchema>;

import { gatherModelFiles, parseModelJson, weightPaths } from '../../adapters/fetch-model-files';
import type { ModelSource } from '../../adapters/runtime-adapter';
import { sha256Hex } from '../../core/preprocess/sha256';
import type { VariantRecord } from '../../core/result-schema';
import { parseTfjsModelJson } from '../../core/tfjs-model-json';
import { makeOnnxVariant } from '../../variants/make-variant';
import { tfjsVariantShard, tfjsWeightsVariant } from '../../variants/tfjs-weights-variant';
import { formatVariantSpec, type VariantSpec } from '../../variants/variant-spec';
import { variantCache, type VariantCacheDb } from '../storage/variant-cache';
import type { LoadChoice, ResolvedModel } from './resolve-model';

type VariantFile = VariantRecord['files'][number];

/** The variant as the run loads it, and the file part of its record. */
export interface ResolvedVariant {
  spec: VariantSpec;
  model: ResolvedModel;
  files: VariantFile[];
}

interface Made {
  file: VariantFile;
  source: ModelSource;
  entry: string;
}

const onnxEntry = 'variant.onnx';

/** The ONNX form the ORT configurations load (the model, or a TF.js model's converted sibling), varied and cached. */
async function onnxVariant(
  model: ResolvedModel,
  spec: VariantSpec,
  cache: Pick<VariantCacheDb, 'getOrMake'>,
): Promise<Made> {
  const canonical = formatVariantSpec(spec);
  const onnx = model.loadRequestFor('ort', []);
  if ('unsupported' in onnx)
    throw new Error(
      `variant ${canonical}: ${model.manifest.id} has no ONNX form to make it from (${onnx.unsupported})`,
    );
  const files = await gatherModelFiles('onnx', onnx.request.source);
  const original = new Uint8Array(files.files[files.entry]);
  const variant = await cache.getOrMake(await sha256Hex(original), canonical, () =>
    makeOnnxVariant(original, spec),
  );
  const { sha256, originalSha256, originalBytes, detail } = variant;
  return {
    file: { format: 'onnx', originalSha256, originalBytes, sha256, bytes: variant.bytes.byteLength, detail },
    source: {
      kind: 'bytes',
      model: { entry: onnxEntry, files: { [onnxEntry]: variant.bytes.slice().buffer } },
    },
    entry: `${onnx.entry} (${canonical} variant)`,
  };
}

/** A TF.js model's fp16 or int8 variant in TF.js's format (tfjs-weights-variant.ts); quick, so not cached. */
async function tfjsVariant(model: ResolvedModel, kind: 'fp16' | 'int8'): Promise<Made> {
  const { manifest } = model;
  const files = await gatherModelFiles(manifest.format, model.source);
  const entryBytes = files.files[files.entry];
  const json = parseTfjsModelJson(parseModelJson(entryBytes, files.entry), files.entry);
  const shards = weightPaths(json, files.entry).map((path) => new Uint8Array(files.files[path]));
  const data = new Uint8Array(shards.reduce((n, s) => n + s.byteLength, 0));
  shards.reduce((at, s) => (data.set(s, at), at + s.byteLength), 0);
  const variant = tfjsWeightsVariant(json, data, kind);
  const jsonBytes = new TextEncoder().encode(JSON.stringify(variant.json));
  // The variant's identity covers its weights too: its model.json followed by its one shard.
  const whole = new Uint8Array(jsonBytes.byteLength + variant.data.byteLength);
  whole.set(jsonBytes);
  whole.set(variant.data, jsonBytes.byteLength);
  return {
    file: {
      format: manifest.format === 'tfjs-graph' ? 'tfjs-graph' : 'tfjs-layers',
      originalSha256: model.sha256,
      originalBytes: entryBytes.byteLength + data.byteLength,
      sha256: await sha256Hex(whole),
      bytes: whole.byteLength,
      detail: variant.detail,
    },
    source: {
      kind: 'bytes',
      model: {
        entry: 'model.json',
        files: { 'model.json': jsonBytes.buffer, [tfjsVariantShard]: variant.data.slice().buffer },
      },
    },
    entry: `${files.entry} (${kind} variant)`,
  };
}

/**
 * The variant of a model: made from its ONNX form for the ORT configurations (kept in the device's
 * variant cache), and for a TF.js model's fp16 and int8 also in TF.js's format for the TF.js
 * configurations. Any other configuration answers unsupported, naming why (docs/variants.md).
 */
export async function resolveVariant(
  model: ResolvedModel,
  spec: VariantSpec,
  cache: Pick<VariantCacheDb, 'getOrMake'> = variantCache(),
): Promise<ResolvedVariant> {
  const canonical = formatVariantSpec(spec);
  const onnx = await onnxVariant(model, spec, cache);
  const isTfjs = model.manifest.format === 'tfjs-layers' || model.manifest.format === 'tfjs-graph';
  const tfjs =
    isTfjs && (spec.kind === 'fp16' || spec.kind === 'int8') ? await tfjsVariant(model, spec.kind) : null;
  const made: Partial<Record<string, Made>> = { ort: onnx, ...(tfjs ? { tfjs } : {}) };
  return {
    spec,
    files: [onnx.file, ...(tfjs ? [tfjs.file] : [])],
    model: {
      ...model,
      loadRequestFor(runtime, expectedInputs): LoadChoice {
        const variant = made[runtime];
        if (!variant)
          return {
            unsupported: `unsupported: the ${canonical} variant is made for ${Object.keys(made).join(' and ')} only (the reference runs the original)`,
          };
        const format = runtime === 'ort' ? 'onnx' : model.manifest.format;
        return { request: { format, source: variant.source, expectedInputs }, entry: variant.entry };
      },
    },
  };
}

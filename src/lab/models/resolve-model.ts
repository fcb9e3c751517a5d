import { parseLabels, type ClassLabels } from '../../core/labels';
import { modelManifestSchema, type ModelManifest } from '../../core/model-manifest';
import { describeIssues } from '../../core/describe-issues';
import type { RuntimeName } from '../../adapters/configurations';
import type { LoadRequest, ModelSource } from '../../adapters/runtime-adapter';
import type { TensorInfo } from '../../core/tensor';
import { sha256Hex } from '../../core/preprocess/sha256';
import { readTfliteSignature, type Quantization } from '../../core/tflite/read-tflite-signature';
import { convertUserModel } from '../user-model/convert-user-model';
import { convertedEntry, type UserModel } from '../user-model/user-model';

/** What a runtime loads for this model (and its entry, to name it on failure), or why it cannot. */
export type LoadChoice = { request: LoadRequest; entry: string } | { unsupported: string };

type Converted = { source: ModelSource; entry: string } | { missing: string } | null;

export interface ResolvedModel {
  manifest: ModelManifest;
  source: ModelSource;
  labels: ClassLabels;
  /** Hash of the entry file, the model's identity in every result. */
  sha256: string;
  /** How a quantized (TFLite) model's first output maps to reals, read from the model; null otherwise. */
  outputQuantization: Quantization | null;
  /** Which file a runtime loads: the model itself, or for ORT the converted ONNX sibling of a TF.js model. */
  loadRequestFor(runtime: RuntimeName, expectedInputs: TensorInfo[]): LoadChoice;
}

function resolved(
  fields: Omit<ResolvedModel, 'loadRequestFor'>,
  /** The converted ONNX sibling for the ORT configurations, or why there is none. */
  converted: Converted,
): ResolvedModel {
  const { manifest } = fields;
  return {
    ...fields,
    loadRequestFor(runtime, expectedInputs) {
      // An ORT configuration runs a TF.js model through its converted ONNX sibling, fed the same NHWC tensor.
      if (runtime !== 'ort' || manifest.format === 'onnx') {
        return {
          request: { format: manifest.format, source: fields.source, expectedInputs },
          entry: manifest.entry,
        };
      }
      if (converted && 'source' in converted) {
        return {
          request: { format: 'onnx', source: converted.source, expectedInputs },
          entry: converted.entry,
        };
      }
      return {
        unsupported: `unsupported: ${converted && 'missing' in converted ? converted.missing : 'the model has no converted ONNX sibling'}`,
      };
    },
  };
}

function outputQuantization(manifest: ModelManifest, entryBytes: ArrayBuffer): Quantization | null {
  if (manifest.format !== 'tflite') return null;
  const [output] = readTfliteSignature(new Uint8Array(entryBytes), manifest.entry).outputs;
  return output?.quantization ?? null;
}

/** `generated:x` and `shared:x` are folders the app server exposes under /generated/ and /shared/. */
export function resolveRoot(path: string, assetBaseUrl: string): string {
  const match = /^(generated|shared):(.*)$/.exec(path);
  if (!match) throw new Error(`"${path}" must start with generated: or shared:`);
  return `${assetBaseUrl}${match[1]}/${match[2]}`;
}

async function fetchOk(url: string, what: string): Promise<Response> {
  const response = await fetch(url).catch((error: Error) => {
    throw new Error(`${what}: could not be fetched from ${url} (${error.message})`);
  });
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} from ${url}`);
  return response;
}

/** Every model manifest under models/, validated; a bad one is reported by file name. */
export function loadZoo(modules: Record<string, unknown>): { models: ModelManifest[]; errors: string[] } {
  const models: ModelManifest[] = [];
  const errors: string[] = [];
  for (const [path, json] of Object.entries(modules)) {
    const parsed = modelManifestSchema.safeParse(json);
    if (parsed.success) models.push(parsed.data);
    else errors.push(`${path}: ${describeIssues(parsed.error)}`);
  }
  return { models: models.sort((a, b) => a.id.localeCompare(b.id)), errors };
}

/** A missing converted file (no shared folder when assets were prepared) is a reason, not an error. */
async function resolveConverted(
  converted: { base: string; entry: string },
  assetBaseUrl: string,
): Promise<Converted> {
  const baseUrl = resolveRoot(converted.base, assetBaseUrl);
  try {
    const bytes = await fetchOk(baseUrl + converted.entry, converted.entry).then((r) => r.arrayBuffer());
    return {
      source: { kind: 'url', baseUrl, entry: converted.entry, sha256: await sha256Hex(bytes) },
      entry: converted.entry,
    };
  } catch (error) {
    return {
      missing: `no converted ONNX model (run npm run prepare-assets with the shared folder present): ${(error as Error).message}`,
    };
  }
}

export async function resolveModel(manifest: ModelManifest, assetBaseUrl: string): Promise<ResolvedModel> {
  const { labels: set } = manifest;
  const baseUrl = resolveRoot(manifest.base, assetBaseUrl);
  const [fileText, namesText, entryBytes] = await Promise.all([
    set.file ? fetchOk(resolveRoot(set.file, assetBaseUrl), set.file).then((r) => r.text()) : null,
    set.namesFile
      ? fetchOk(resolveRoot(set.namesFile, assetBaseUrl), set.namesFile).then((r) => r.text())
      : null,
    fetchOk(baseUrl + manifest.entry, `${manifest.id}: ${manifest.entry}`).then((r) => r.arrayBuffer()),
  ]);
  const sha256 = await sha256Hex(entryBytes);
  if (manifest.sha256 && manifest.sha256 !== sha256) {
    throw new Error(
      `${manifest.id}: ${manifest.entry} has sha256 ${sha256}, the manifest expects ${manifest.sha256}`,
    );
  }
  return resolved(
    {
      manifest,
      sha256,
      outputQuantization: outputQuantization(manifest, entryBytes),
      labels: parseLabels(set, fileText, namesText),
      source: { kind: 'url', baseUrl, entry: manifest.entry, sha256 },
    },
    manifest.converted ? await resolveConverted(manifest.converted, assetBaseUrl) : null,
  );
}

/** A model the person loaded: no URL, the workers get its bytes; hashed like a zoo model's entry. */
export async function resolveUserModel(manifest: ModelManifest, model: UserModel): Promise<ResolvedModel> {
  const sha256 = await sha256Hex(model.files.files[model.files.entry]);
  const conversion = manifest.converted ? (model.conversion ?? convertUserModel(model.files)) : null;
  return resolved(
    {
      manifest,
      sha256,
      outputQuantization: outputQuantization(manifest, model.files.files[model.files.entry]),
      labels: parseLabels(manifest.labels, null, null),
      source: { kind: 'bytes', model: model.files },
    },
    !conversion
      ? null
      : 'onnx' in conversion
        ? {
            source: {
              kind: 'bytes',
              model: { entry: convertedEntry, files: { [convertedEntry]: conversion.onnx } },
            },
            entry: convertedEntry,
          }
        : { missing: conversion.error },
  );
}

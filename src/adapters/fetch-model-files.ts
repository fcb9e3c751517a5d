import type { ModelFormat } from '../core/model-manifest';
import type { ModelFiles, ModelSource } from './runtime-adapter';

/** Weight files a TF.js model.json points to, in manifest order. */
export function weightPaths(modelJson: unknown, entry: string): string[] {
  const manifest = (modelJson as { weightsManifest?: { paths?: unknown }[] }).weightsManifest;
  if (!Array.isArray(manifest)) throw new Error(`${entry}: no weightsManifest, so not a TF.js model.json`);
  return manifest.flatMap((group, i) => {
    if (!Array.isArray(group.paths)) throw new Error(`${entry}: weightsManifest[${i}].paths is missing`);
    return group.paths.map(String);
  });
}

export function parseModelJson(bytes: ArrayBuffer, entry: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new Error(`${entry}: not valid JSON (${(error as Error).message})`);
  }
}

async function fetchBytes(url: string, name: string): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`${name}: could not be fetched from ${url} (${(error as Error).message})`);
  }
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status} from ${url}`);
  return response.arrayBuffer();
}

/** Fetches (or takes) every file of the model; the time spent is the model's fetch time. */
export async function gatherModelFiles(format: ModelFormat, source: ModelSource): Promise<ModelFiles> {
  if (source.kind === 'bytes') return source.model;
  const { baseUrl, entry } = source;
  const files: Record<string, ArrayBuffer> = { [entry]: await fetchBytes(baseUrl + entry, entry) };
  // A TF.js model.json names its weight shards; ONNX and TFLite models are one file.
  if (format === 'tfjs-layers' || format === 'tfjs-graph') {
    const paths = weightPaths(parseModelJson(files[entry], entry), entry);
    const shards = await Promise.all(paths.map((path) => fetchBytes(baseUrl + path, `weights ${path}`)));
    paths.forEach((path, i) => (files[path] = shards[i]));
  }
  return { entry, files };
}

import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { z } from 'zod';
import { sha256Hex } from '../core/preprocess/sha256';
import { byteLength, type NamedTensor } from '../core/tensor';
import {
  REPRO_MANIFEST_VERSION,
  reproManifestSchema,
  type BundleTensor,
  type ReproManifest,
} from './repro-manifest';
import { reproHtml, reproNodeScript, reproReadme } from './repro-scripts';
import { tensorBytes, tensorView } from './tensor-bytes';

/** One output of the divergent node as both configurations gave it. */
export interface RecordedOutput {
  name: string;
  quantization: ReproManifest['outputs'][number]['quantization'];
  reference: NamedTensor;
  suspect: NamedTensor;
}

/** Everything a bundle holds, before it is laid out as files. */
export interface BundleParts {
  about: Omit<ReproManifest, 'format' | 'version' | 'model' | 'inputs' | 'outputs' | 'files'>;
  model: Omit<ReproManifest['model'], 'file'> & {
    /** The model's files by bundle path; `entry` is the one a runtime opens. */
    files: Record<string, Uint8Array>;
    entry: string;
  };
  inputs: NamedTensor[];
  outputs: RecordedOutput[];
}

/** A bundle read back: its manifest, model and tensors, every file checked against its sha256. */
export interface OpenedBundle {
  manifest: ReproManifest;
  /** The model's entry file (model.onnx, model.json). */
  model: Uint8Array;
  /** Every file of the bundle by path (a TF.js model's weights among them). */
  files: Record<string, Uint8Array>;
  inputs: NamedTensor[];
  outputs: RecordedOutput[];
}

/** The zip's name: what diverged, where. */
export function bundleFileName(manifest: Pick<ReproManifest, 'source' | 'suspect'>): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
  return `repro-${safe(manifest.source.modelId)}-${safe(manifest.suspect.configId)}-${safe(manifest.source.firstDivergent)}.zip`;
}

/** Lays the parts out as files (model, tensors, manifest, page, Node script, README) in one zip. */
export async function packBundle(parts: BundleParts): Promise<{ zip: Uint8Array; manifest: ReproManifest }> {
  const { files: modelFiles, entry, ...model } = parts.model;
  const files: Record<string, Uint8Array> = { ...modelFiles };
  const keep = (file: string, t: NamedTensor): BundleTensor => {
    files[file] = tensorBytes(t.data);
    return { name: t.name, dtype: t.dtype, shape: t.shape, file };
  };
  const inputs = parts.inputs.map((t, i) => keep(`inputs/${i}.bin`, t));
  const outputs = parts.outputs.map((o, i) => ({
    name: o.name,
    dtype: o.reference.dtype,
    shape: o.reference.shape,
    quantization: o.quantization,
    reference: keep(`outputs/${i}-reference.bin`, o.reference).file,
    suspect: keep(`outputs/${i}-suspect.bin`, o.suspect).file,
  }));
  const hashes = await Promise.all(
    Object.entries(files).map(async ([p, b]): Promise<[string, string]> => [p, await sha256Hex(b)]),
  );
  const manifest = reproManifestSchema.parse({
    format: 'crosscheck-repro',
    version: REPRO_MANIFEST_VERSION,
    ...parts.about,
    model: { file: entry, ...model },
    inputs,
    outputs,
    files: Object.fromEntries(hashes),
  });
  const zip = zipSync({
    ...files,
    'manifest.json': strToU8(JSON.stringify(manifest, null, 2)),
    'repro.html': strToU8(reproHtml(manifest, files)),
    'repro-node.mjs': strToU8(reproNodeScript()),
    'README.txt': strToU8(reproReadme(manifest)),
  });
  return { zip, manifest };
}

/** Reads a bundle, refusing one whose manifest, files or sizes do not hold together, naming what. */
export async function openBundle(zip: Uint8Array, name = 'the bundle'): Promise<OpenedBundle> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch (error) {
    throw new Error(`${name}: not a zip file (${(error as Error).message})`);
  }
  const text = files['manifest.json'];
  if (!text) throw new Error(`${name}: no manifest.json (not a Crosscheck repro bundle)`);
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(text));
  } catch (error) {
    throw new Error(`${name}: manifest.json is not JSON (${(error as Error).message})`);
  }
  const parsed = reproManifestSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${name}: manifest.json: ${z.prettifyError(parsed.error)}`);
  const manifest = parsed.data;
  for (const [path, sha256] of Object.entries(manifest.files)) {
    if (!files[path]) throw new Error(`${name}: ${path} is listed in manifest.json but missing`);
    const actual = await sha256Hex(files[path]);
    if (actual !== sha256)
      throw new Error(`${name}: ${path} has sha256 ${actual}, manifest.json says ${sha256}`);
  }
  const tensor = (t: BundleTensor): NamedTensor => {
    const bytes = files[t.file];
    if (!(t.file in manifest.files)) throw new Error(`${name}: ${t.file} has no sha256 in manifest.json`);
    const expected = byteLength(t.dtype, t.shape);
    if (bytes.length !== expected)
      throw new Error(
        `${name}: ${t.file} has ${bytes.length} bytes, ${t.dtype} [${t.shape.join('×')}] takes ${expected}`,
      );
    return { name: t.name, dtype: t.dtype, shape: t.shape, data: tensorView(t.dtype, bytes) };
  };
  const model = files[manifest.model.file];
  if (!(manifest.model.file in manifest.files))
    throw new Error(`${name}: ${manifest.model.file} has no sha256 in manifest.json`);
  return {
    manifest,
    model,
    files,
    inputs: manifest.inputs.map(tensor),
    outputs: manifest.outputs.map((o) => ({
      name: o.name,
      quantization: o.quantization,
      reference: tensor({ ...o, file: o.reference }),
      suspect: tensor({ ...o, file: o.suspect }),
    })),
  };
}

import { parseModelJson, weightPaths } from '../../adapters/fetch-model-files';
import type { ModelFiles } from '../../adapters/runtime-adapter';
import type { ModelFormat } from '../../core/model-manifest';
import { readTfliteSignature } from '../../core/tflite/read-tflite-signature';

/** A file the person handed over, by its path (a folder pick keeps the folder: "mobilenet/model.json"). */
export interface NamedBytes {
  path: string;
  bytes: ArrayBuffer;
}

export interface PickedModel {
  format: ModelFormat;
  files: ModelFiles;
}

const baseName = (path: string) => path.split('/').pop() ?? path;
const folderOf = (path: string) => path.slice(0, path.length - baseName(path).length);

function pickOnnx(file: NamedBytes): PickedModel {
  const head = new Uint8Array(file.bytes, 0, Math.min(1, file.bytes.byteLength));
  // Every ONNX file starts with field 1 (ir_version, varint): tag byte 0x08.
  if (head[0] !== 0x08)
    throw new Error(`${baseName(file.path)}: not an ONNX file (it does not start like an ONNX model)`);
  const entry = baseName(file.path);
  return { format: 'onnx', files: { entry, files: { [entry]: file.bytes } } };
}

function pickTflite(file: NamedBytes): PickedModel {
  const entry = baseName(file.path);
  // Refuses a file that is not a TFLite flatbuffer, naming it.
  readTfliteSignature(new Uint8Array(file.bytes), entry);
  return { format: 'tflite', files: { entry, files: { [entry]: file.bytes } } };
}

function pickTfjs(json: NamedBytes, all: NamedBytes[]): PickedModel {
  const entry = baseName(json.path);
  const parsed = parseModelJson(json.bytes, entry) as { format?: string; modelTopology?: unknown };
  if (!parsed || typeof parsed !== 'object' || !('modelTopology' in parsed))
    throw new Error(`${entry}: not a TF.js model.json (it has no modelTopology)`);
  const paths = weightPaths(parsed, entry);
  const folder = folderOf(json.path);
  const files: Record<string, ArrayBuffer> = { [entry]: json.bytes };
  const missing: string[] = [];
  for (const path of paths) {
    // The shard beside model.json, or one of the same name when the picker dropped the folder.
    const found =
      all.find((f) => f.path === folder + path) ?? all.find((f) => baseName(f.path) === baseName(path));
    if (found) files[path] = found.bytes;
    else missing.push(path);
  }
  if (missing.length)
    throw new Error(
      `${entry}: weight file${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing (choose ${missing.length > 1 ? 'them' : 'it'} together with ${entry})`,
    );
  return { format: parsed.format === 'graph-model' ? 'tfjs-graph' : 'tfjs-layers', files: { entry, files } };
}

/** Finds the model among the files (one .onnx, one .tflite, or one .json with its weight shards), or says what is wrong. */
export function pickModelFiles(all: NamedBytes[]): PickedModel {
  if (!all.length) throw new Error('no files chosen');
  const onnx = all.filter((f) => f.path.toLowerCase().endsWith('.onnx'));
  const tflite = all.filter((f) => f.path.toLowerCase().endsWith('.tflite'));
  const json = all.filter((f) => f.path.toLowerCase().endsWith('.json'));
  const models = [...onnx, ...tflite, ...json];
  if (models.length > 1)
    throw new Error(
      `more than one model among the files (${models.map((f) => baseName(f.path)).join(', ')}): choose one`,
    );
  if (onnx.length) return pickOnnx(onnx[0]);
  if (tflite.length) return pickTflite(tflite[0]);
  if (json.length) return pickTfjs(json[0], all);
  throw new Error(
    `no model among ${all.map((f) => baseName(f.path)).join(', ')}: choose a TF.js model.json with its weight files, an .onnx or a .tflite file`,
  );
}

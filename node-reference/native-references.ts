import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { modelManifestSchema, type ModelManifest } from '../src/core/model-manifest';
import { decodeImage } from '../src/core/preprocess/decode-image';
import { sha256Hex } from '../src/core/preprocess/sha256';
import { toInputTensor } from '../src/core/preprocess/to-input-tensor';
import type { RunResult } from '../src/core/result-schema';
import { nativeComparison, type NativeRun } from '../src/core/report/native-comparison';
import { defaultSharedDir } from '../server/folder-mounts';
import { projectRoot } from '../server/project-paths';
import { loadTfjs, OnnxRunner, predictTfjs, readTfjsModel, useTfjsBackend } from './node-runtimes';

const require = createRequire(import.meta.url);
const versionOf = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;

/** One image's input tensor, rebuilt in Node by the page's own code and checked against the page's hash. */
export interface NativeInput {
  name: string;
  data: Float32Array;
  shape: number[];
}

/** A manifest folder (`generated:` or `shared:`) on this machine. */
function localRoot(root: string): string {
  const match = /^(generated|shared):(.*)$/.exec(root);
  if (!match) throw new Error(`"${root}" must start with generated: or shared:`);
  return match[1] === 'generated'
    ? join(projectRoot, 'public', 'generated', match[2])
    : join(defaultSharedDir(), match[2]);
}

/** The zoo manifest of a model that has native references; a clear refusal otherwise. */
async function readManifest(modelId: string): Promise<ModelManifest> {
  const path = join(projectRoot, 'models', `${modelId}.json`);
  const text = await readFile(path, 'utf8').catch(() => {
    throw new Error(`--native: no zoo model "${modelId}" (${path} is missing)`);
  });
  const manifest = modelManifestSchema.parse(JSON.parse(text));
  if (manifest.format !== 'onnx' && manifest.format !== 'tfjs-layers')
    throw new Error(
      `--native: ${modelId} is a ${manifest.format} model, which has no native reference yet (TF.js layers and ONNX models have them)`,
    );
  return manifest;
}

/** Stops `--native` before the browser run for a model it has no references for. */
export async function checkNativeReferences(modelId: string): Promise<void> {
  await readManifest(modelId);
}

/**
 * The inputs every configuration got: each image re-read (from `imagesDir`, or the built-in samples),
 * decoded and preprocessed by the same core code as the page; a tensor whose sha256 differs from the one
 * the page recorded stops the native run (it would not be the same input).
 */
export async function nativeInputs(
  result: RunResult,
  manifest: ModelManifest,
  imagesDir?: string,
): Promise<NativeInput[]> {
  const dir = imagesDir ?? join(projectRoot, 'public', 'generated', 'samples');
  const inputs: NativeInput[] = [];
  for (const image of result.images) {
    if (image.inputSha256 === null) continue;
    const path = join(dir, image.name);
    const tensor = toInputTensor(
      await decodeImage(new Uint8Array(await readFile(path)), path),
      manifest.preprocess,
    );
    if (tensor.dtype !== 'float32')
      throw new Error(
        `--native: ${manifest.id} takes ${tensor.dtype} input; the native references take float32`,
      );
    const sha256 = await sha256Hex(tensor.data);
    if (sha256 !== image.inputSha256)
      throw new Error(
        `--native: ${path}: the input tensor built in Node has sha256 ${sha256}, the page fed ${image.inputSha256}`,
      );
    inputs.push({ name: image.name, data: tensor.data, shape: [...tensor.shape] });
  }
  return inputs;
}

/** Runs one reference over every input; a failure becomes its reason and the others carry on. */
async function attempt(
  id: string,
  runtime: string,
  inputs: NativeInput[],
  open: () => Promise<{ predict(input: NativeInput): Promise<Float32Array>; close(): Promise<void> }>,
): Promise<NativeRun> {
  const outputs = new Map<string, Float32Array>();
  try {
    const model = await open();
    try {
      for (const input of inputs) outputs.set(input.name, await model.predict(input));
    } finally {
      await model.close();
    }
    return { id, runtime, error: null, outputs };
  } catch (error) {
    return { id, runtime, error: error instanceof Error ? error.message : String(error), outputs: new Map() };
  }
}

function onnxReference(id: string, path: string, inputs: NativeInput[], optimized: boolean) {
  const level = optimized ? 'all' : 'disabled';
  return attempt(
    id,
    `onnxruntime-node ${versionOf('onnxruntime-node')}, cpu EP, graph optimizations ${level}`,
    inputs,
    async () => {
      const runner = await OnnxRunner.create(await readFile(path), { graphOptimizationLevel: level });
      return { predict: (i) => runner.first(i.data, i.shape), close: () => runner.release() };
    },
  );
}

function tfjsReference(backend: 'cpu' | 'wasm', modelJson: string, inputs: NativeInput[]) {
  return attempt(
    `node-tfjs-${backend}`,
    `TF.js ${tf.version_core} in Node, ${backend} backend`,
    inputs,
    async () => {
      await useTfjsBackend(backend);
      const model = await loadTfjs(await readTfjsModel(modelJson));
      return {
        predict: (i) => predictTfjs(model, i.data, i.shape),
        close: async () => void model.dispose(),
      };
    },
  );
}

/**
 * The native references for a run's model, on the run's own inputs: TF.js in Node on its cpu and wasm
 * backends plus onnxruntime-node on the converted ONNX for a TF.js layers model; onnxruntime-node with
 * and without graph optimizations for an ONNX model. The first listed is what configurations are compared with.
 */
export async function runNativeReferences(result: RunResult, imagesDir?: string): Promise<NativeRun[]> {
  const manifest = await readManifest(result.model.id);
  const entry = join(localRoot(manifest.base), manifest.entry);
  const entrySha256 = await sha256Hex(await readFile(entry));
  if (entrySha256 !== result.model.sha256)
    throw new Error(
      `--native: ${entry} has sha256 ${entrySha256}, the run's model had ${result.model.sha256}`,
    );
  const inputs = await nativeInputs(result, manifest, imagesDir);
  if (manifest.format === 'onnx')
    return [
      await onnxReference('node-ort-cpu', entry, inputs, true),
      await onnxReference('node-ort-cpu-unoptimized', entry, inputs, false),
    ];
  const runs = [await tfjsReference('cpu', entry, inputs), await tfjsReference('wasm', entry, inputs)];
  if (manifest.converted) {
    const onnx = join(localRoot(manifest.converted.base), manifest.converted.entry);
    runs.push(await onnxReference('node-ort-cpu', onnx, inputs, true));
  }
  return runs;
}

/** The run's record with its `native` part: the references run on its inputs, and the comparison. */
export async function withNativeReferences(result: RunResult, imagesDir?: string): Promise<RunResult> {
  return { ...result, native: nativeComparison(result, await runNativeReferences(result, imagesDir)) };
}

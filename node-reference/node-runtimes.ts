import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import {
  loadLayersModel,
  model as functionalModel,
  type LayersModel,
  type SymbolicTensor,
} from '@tensorflow/tfjs-layers';
import * as ort from 'onnxruntime-node';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseTfjsModelJson, weightSpecs, type TfjsModelJson } from '../src/core/tfjs-model-json';
import type { VerifyRuntimes } from '../src/convert/verify/localize-fault';

/** The TF.js and ONNX Runtime sides of conversion checks, in Node. */
const require = createRequire(import.meta.url);

export interface TfjsModelFiles {
  json: TfjsModelJson;
  /** Weight shards concatenated in manifest order. */
  data: Uint8Array;
}

export async function readTfjsModel(modelJsonPath: string): Promise<TfjsModelFiles> {
  const json = parseTfjsModelJson(JSON.parse(await readFile(modelJsonPath, 'utf8')), modelJsonPath);
  const dir = dirname(modelJsonPath);
  const paths = json.weightsManifest.flatMap((g) => g.paths);
  const shards = await Promise.all(paths.map((p) => readFile(join(dir, p))));
  return { json, data: new Uint8Array(Buffer.concat(shards)) };
}

/** TF.js backend for the source side: `cpu` (plain JS, the lab's reference) or `wasm` (faster, for big models). */
export async function useTfjsBackend(backend: 'cpu' | 'wasm'): Promise<void> {
  if (backend === 'wasm') {
    setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js ${backend} backend did not start in Node`);
}

/** Saves a TF.js model the way tf.io does (model.json + weight bytes) without touching the disk. */
export async function savedModel(model: LayersModel): Promise<TfjsModelFiles> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(
      async (a) => (
        (artifacts = a),
        { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
      ),
    ),
  );
  const weightData = artifacts!.weightData as ArrayBuffer;
  return {
    json: parseTfjsModelJson(
      {
        format: 'layers-model',
        modelTopology: artifacts!.modelTopology,
        weightsManifest: [{ paths: ['w.bin'], weights: artifacts!.weightSpecs }],
      },
      'saved model.json',
    ),
    data: new Uint8Array(weightData),
  };
}

export async function loadTfjs({ json, data }: TfjsModelFiles): Promise<LayersModel> {
  const weightData = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  return loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: weightSpecs(json),
      weightData,
    }),
  );
}

export async function predictTfjs(
  model: LayersModel,
  input: Float32Array,
  shape: number[],
): Promise<Float32Array> {
  const output = tf.tidy(() => model.predict(tf.tensor(input, shape)) as tf.Tensor);
  const values = (await output.data()) as Float32Array;
  output.dispose();
  return values;
}

/** Every layer's output for one input, by layer name (what the converter's debug outputs mirror). */
export async function tfjsActivations(
  model: LayersModel,
  input: Float32Array,
  shape: number[],
): Promise<Map<string, Float32Array>> {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const probe = functionalModel({
    inputs: model.inputs,
    outputs: layers.map((l) => l.output as SymbolicTensor),
  });
  const x = tf.tensor(input, shape);
  const outputs = probe.predict(x) as tf.Tensor[];
  const activations = new Map<string, Float32Array>([[model.inputLayers[0].name, input]]);
  for (const [i, layer] of layers.entries())
    activations.set(layer.name, (await outputs[i].data()) as Float32Array);
  tf.dispose([x, ...outputs]);
  return activations;
}

export class OnnxRunner {
  private constructor(private readonly session: ort.InferenceSession) {}

  static async create(
    bytes: Uint8Array,
    options: Pick<ort.InferenceSession.SessionOptions, 'graphOptimizationLevel'> = {},
  ): Promise<OnnxRunner> {
    return new OnnxRunner(
      await ort.InferenceSession.create(bytes, { ...options, executionProviders: ['cpu'] }),
    );
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /** All graph outputs by name. */
  async run(input: Float32Array, shape: number[]): Promise<Map<string, Float32Array>> {
    const results = await this.session.run({
      [this.session.inputNames[0]]: new ort.Tensor('float32', input, shape),
    });
    return new Map(Object.entries(results).map(([name, tensor]) => [name, tensor.data as Float32Array]));
  }

  async first(input: Float32Array, shape: number[]): Promise<Float32Array> {
    return (await this.run(input, shape)).get(this.session.outputNames[0])!;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** Verification runtimes in Node: TF.js (current backend) for the source, onnxruntime-node for the conversion. */
export async function nodeVerifyRuntimes(
  files: TfjsModelFiles,
): Promise<VerifyRuntimes & { dispose(): void }> {
  const model = await loadTfjs(files);
  return {
    sourceActivations: (input, shape) => tfjsActivations(model, input, shape),
    async runOnnx(bytes, input, shape) {
      const runner = await OnnxRunner.create(bytes);
      try {
        return await runner.run(input, shape);
      } finally {
        await runner.release();
      }
    },
    dispose: () => model.dispose(),
  };
}

/** A deterministic input in [0, 1), the range the zoo's preprocessing produces. */
export function verificationInput(shape: number[], seed = 3): Float32Array {
  let s = seed;
  return Float32Array.from(
    { length: shape.reduce((a, b) => a * b, 1) },
    () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31,
  );
}

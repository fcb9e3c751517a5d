import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { weightSpecs, type TfjsModelJson } from '../../core/tfjs-model-json';
import { captureConsole } from '../capture-console';
import { gatherModelFiles, parseModelJson, weightPaths } from '../fetch-model-files';
import { webglRenderer, webgpuAdapterInfo } from '../gpu-info';
import { jsHeapBytes } from '../js-heap';
import type {
  InferResult,
  LoadReport,
  LoadRequest,
  MemorySnapshot,
  ModelFiles,
  ProbeResult,
  RuntimeAdapter,
} from '../runtime-adapter';
import { UnsupportedError } from '../runtime-adapter';
import { registerBackend, type TfjsBackendName } from './tfjs-backends';
import { concatBuffers, modelSha256 } from '../model-hash';

type TfjsModel = LayersModel | GraphModel;

function primitiveFlags(): Record<string, string | number | boolean | null> {
  const flags: Record<string, string | number | boolean | null> = {};
  for (const [name, value] of Object.entries(tf.env().getFlags())) {
    flags[name] = ['string', 'number', 'boolean'].includes(typeof value) ? (value as string) : null;
  }
  return flags;
}

function shapeText(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null || d === -1 ? 'null' : d)).join(',')}]`;
}

/** Refuses a model whose input cannot take the tensor the preprocessing makes, naming its input. */
function checkInputShape(name: string, modelShape: readonly (number | null)[], inputShape: readonly number[]) {
  const fits =
    modelShape.length === inputShape.length &&
    modelShape.every((d, i) => d === null || d === -1 || d === inputShape[i]);
  if (!fits) {
    throw new Error(
      `input "${name}" expects ${shapeText(modelShape)} but the preprocessing makes ${shapeText(inputShape)}`,
    );
  }
}

async function buildModel(format: LoadRequest['format'], model: ModelFiles): Promise<TfjsModel> {
  const json = parseModelJson(model.files[model.entry], model.entry) as TfjsModelJson;
  const weightData = concatBuffers(weightPaths(json, model.entry).map((path) => model.files[path]));
  const handler = tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: weightSpecs(json),
    weightData,
  });
  if (format === 'tfjs-graph') {
    const { loadGraphModel } = await import('@tensorflow/tfjs-converter');
    return loadGraphModel(handler);
  }
  const { loadLayersModel } = await import('@tensorflow/tfjs-layers');
  return loadLayersModel(handler);
}

export class TfjsAdapter implements RuntimeAdapter {
  #model: TfjsModel | undefined;
  #backendDetails: (() => Promise<object>) | undefined;
  #warnings: string[] = [];

  constructor(
    private readonly backend: TfjsBackendName,
    private readonly assetBaseUrl: string,
  ) {}

  async probe(): Promise<ProbeResult> {
    try {
      this.#backendDetails = await registerBackend(this.backend, this.assetBaseUrl);
      const { value: ready, messages } = await captureConsole(() => tf.setBackend(this.backend));
      this.#warnings = messages;
      if (!ready || tf.getBackend() !== this.backend) {
        const why = messages.find((m) => /error|fail|not/i.test(m)) ?? 'initialisation failed';
        return { available: false, reason: `TF.js ${this.backend} backend: ${why}` };
      }
      await tf.ready();
      return { available: true };
    } catch (error) {
      return { available: false, reason: `TF.js ${this.backend} backend: ${(error as Error).message}` };
    }
  }

  async load(request: LoadRequest): Promise<LoadReport> {
    if (tf.getBackend() !== this.backend) throw new UnsupportedError(`TF.js ${this.backend} is not initialised`);
    const fetchStart = performance.now();
    const files = await gatherModelFiles(request.format, request.source);
    const fetchMs = performance.now() - fetchStart;
    const sha256 = await modelSha256(files, request.source);

    const compileStart = performance.now();
    const model = await buildModel(request.format, files);
    this.#model = model;
    const modelInput = model.inputs[0];
    checkInputShape(modelInput.name, modelInput.shape ?? [], request.inputShape);
    // Shader compilation happens on the first inference, which the lab reports as firstInferMs.
    const compileMs = performance.now() - compileStart;

    return {
      fetchMs,
      compileMs,
      modelSha256: sha256,
      runtime: {
        library: '@tensorflow/tfjs',
        libraryVersion: tf.version_core,
        requestedBackend: this.backend,
        activeBackend: tf.getBackend(),
        fellBack: tf.getBackend() !== this.backend,
        fallbackDetail: this.#warnings.length ? this.#warnings.join('\n').slice(0, 2048) : null,
        flags: primitiveFlags(),
        gpuAdapter: this.backend === 'webgpu' ? await webgpuAdapterInfo() : null,
        webglRenderer: this.backend === 'webgl' ? webglRenderer() : null,
        threads: null,
        simd: null,
        ...(await this.#backendDetails!()),
      },
    };
  }

  async infer(input: Float32Array, shape: readonly number[]): Promise<InferResult> {
    const model = this.#model;
    if (!model) throw new Error('infer called before load');
    const start = performance.now();
    const x = tf.tensor(input, shape as number[], 'float32');
    const prediction = model.predict(x);
    const y = Array.isArray(prediction) ? prediction[0] : (prediction as tf.Tensor);
    const output = (await y.data()) as Float32Array;
    const inferMs = performance.now() - start;
    tf.dispose([x, prediction as tf.Tensor]);
    return { output, inferMs };
  }

  memory(): MemorySnapshot {
    const { numTensors, numBytes } = tf.memory();
    return { tensors: numTensors, bytes: numBytes, jsHeapBytes: jsHeapBytes() };
  }

  async dispose(): Promise<void> {
    this.#model?.dispose();
    this.#model = undefined;
  }
}

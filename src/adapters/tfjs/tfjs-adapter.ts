import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { weightSpecs, type TfjsModelJson } from '../../core/tfjs-model-json';
import { captureConsole } from '../capture-console';
import { parseModelJson, weightPaths } from '../fetch-model-files';
import { webglRenderer, webgpuAdapterInfo } from '../gpu-info';
import { jsHeapBytes } from '../js-heap';
import type {
  InferRequest,
  InferResult,
  LoadReport,
  LoadRequest,
  MemorySnapshot,
  ModelFiles,
  ProbeResult,
  RuntimeAdapter,
} from '../runtime-adapter';
import { UnsupportedError } from '../runtime-adapter';
import type { ConfigProfile } from '../../core/profile/op-profile';
import { profileTfjs } from './tfjs-profile';
import type { NamedTensor, TensorDtype, TensorInfo } from '../../core/tensor';
import { checkExpectedInputs } from '../check-inputs';
import { registerBackend, type RegisteredBackend, type TfjsBackendName } from './tfjs-backends';
import { concatBuffers, fetchModel } from '../model-hash';
import type { OptionValues } from '../configuration-options';

type TfjsModel = LayersModel | GraphModel;

function primitiveFlags(): Record<string, string | number | boolean | null> {
  const flags: Record<string, string | number | boolean | null> = {};
  for (const [name, value] of Object.entries(tf.env().getFlags())) {
    flags[name] = ['string', 'number', 'boolean'].includes(typeof value) ? value : null;
  }
  return flags;
}

/** TF.js's own dtypes that the contract carries; complex64 and string are reported with a null dtype. */
function asDtype(dtype: tf.DataType | undefined): TensorDtype | null {
  return dtype === 'float32' || dtype === 'int32' || dtype === 'bool' ? dtype : null;
}

function info(
  name: string,
  shape: readonly (number | null)[] | undefined,
  dtype: tf.DataType | undefined,
): TensorInfo {
  return {
    name,
    dtype: asDtype(dtype),
    shape: shape ? shape.map((d) => (d === null || d < 0 ? null : d)) : null,
  };
}

/** The model's signature: layer names for a layers model, node names for a graph model. */
function signature(model: TfjsModel): { inputs: TensorInfo[]; outputs: TensorInfo[] } {
  if (isLayersModel(model)) {
    return {
      inputs: model.inputs.map((t, i) => info(model.inputNames[i], t.shape, t.dtype)),
      outputs: model.outputs.map((t, i) => info(model.outputNames[i], t.shape, t.dtype)),
    };
  }
  return {
    inputs: model.inputs.map((t) => info(t.name, t.shape, t.dtype)),
    outputs: model.outputs.map((t) => info(t.name, t.shape, t.dtype)),
  };
}

function isLayersModel(model: TfjsModel): model is LayersModel {
  return 'getLayer' in model;
}

const int32Range = (v: bigint) => v >= -2147483648n && v <= 2147483647n;

/**
 * TF.js has no int64, int8, uint8 or float16 tensors. Integers go in as int32 where that is exact (int8,
 * uint8 always; int64 when every value fits); float16 is refused rather than widened behind the lab's back.
 */
function toTfjsTensor(tensor: NamedTensor): tf.Tensor {
  // One case per dtype, each with its own array type.
  const input = tensor as { [D in TensorDtype]: NamedTensor<D> }[TensorDtype];
  const { name, shape } = input;
  switch (input.dtype) {
    case 'float32':
    case 'int32':
    case 'bool':
      return tf.tensor(input.data, shape, input.dtype);
    case 'int8':
    case 'uint8':
      return tf.tensor(Int32Array.from(input.data), shape, 'int32');
    case 'int64':
      if (!input.data.every(int32Range)) {
        throw new Error(
          `input "${name}" is int64 with values outside int32, which TF.js cannot take exactly`,
        );
      }
      return tf.tensor(Int32Array.from(input.data, Number), shape, 'int32');
    case 'float16':
      throw new Error(`input "${name}" is float16, which TF.js cannot take (it has no float16 tensors)`);
  }
}

async function fromTfjsTensor(name: string, tensor: tf.Tensor): Promise<NamedTensor> {
  const dtype = asDtype(tensor.dtype);
  if (!dtype) throw new Error(`output "${name}" has dtype ${tensor.dtype}, which the lab does not carry`);
  return { name, dtype, shape: [...tensor.shape], data: await tensor.data() };
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
  #signature: { inputs: TensorInfo[]; outputs: TensorInfo[] } = { inputs: [], outputs: [] };
  /** Layers models answer named layer outputs through a model built once per set of names. */
  #layerOutputModels = new Map<string, LayersModel>();
  #backend: RegisteredBackend | undefined;
  #warnings: string[] = [];

  constructor(
    private readonly backend: TfjsBackendName,
    private readonly assetBaseUrl: string,
    private readonly options: OptionValues = {},
  ) {}

  async probe(): Promise<ProbeResult> {
    try {
      this.#backend = await registerBackend(this.backend, this.assetBaseUrl, this.options);
      const { value: ready, messages } = await captureConsole(() => tf.setBackend(this.backend));
      this.#backend.initialised();
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
    if (tf.getBackend() !== this.backend)
      throw new UnsupportedError(`TF.js ${this.backend} is not initialised`);
    const { files, fetchMs, sha256 } = await fetchModel(request);

    const compileStart = performance.now();
    const model = await buildModel(request.format, files);
    this.#model = model;
    this.#signature = signature(model);
    checkExpectedInputs(this.#signature.inputs, request.expectedInputs);
    // Shader compilation happens on the first inference, which the lab reports as firstInferMs.
    const compileMs = performance.now() - compileStart;
    const details = await this.#backend!.details();

    return {
      fetchMs,
      compileMs,
      modelSha256: sha256,
      ...this.#signature,
      runtime: {
        library: '@tensorflow/tfjs',
        libraryVersion: tf.version_core,
        requestedBackend: this.backend,
        activeBackend: tf.getBackend(),
        fellBack: tf.getBackend() !== this.backend,
        fallbackDetail: this.#warnings.length ? this.#warnings.join('\n').slice(0, 2048) : null,
        gpuAdapter: this.backend === 'webgpu' ? await webgpuAdapterInfo() : null,
        webglRenderer: this.backend === 'webgl' ? webglRenderer() : null,
        threads: null,
        simd: null,
        ...details,
        flags: { ...primitiveFlags(), ...details.flags },
      },
    };
  }

  async infer(request: InferRequest): Promise<InferResult> {
    const model = this.#model;
    if (!model) throw new Error('infer called before load');
    const names = request.outputs ?? this.#signature.outputs.map((o) => o.name);
    const run = isLayersModel(model)
      ? await this.#layersRunner(model, names)
      : this.#graphRunner(model, names);
    const start = performance.now();
    const feeds: tf.Tensor[] = [];
    let results: tf.Tensor[] = [];
    try {
      for (const input of request.inputs) feeds.push(toTfjsTensor(input));
      results = run(
        feeds,
        request.inputs.map((i) => i.name),
      );
      const outputs: NamedTensor[] = [];
      for (const [i, name] of names.entries()) outputs.push(await fromTfjsTensor(name, results[i]));
      return { outputs, inferMs: performance.now() - start };
    } finally {
      tf.dispose([...feeds, ...results]);
    }
  }

  /** A layers model takes its inputs in order; named outputs are layer names. */
  async #layersRunner(model: LayersModel, names: readonly string[]) {
    const defaults = this.#signature.outputs.map((o) => o.name);
    let runner = model;
    if (names.join('\n') !== defaults.join('\n')) {
      const key = names.join('\n');
      const built = this.#layerOutputModels.get(key);
      if (built) runner = built;
      else {
        const { model: buildModel } = await import('@tensorflow/tfjs-layers');
        const outputs = names.map((name) => {
          const output = model.getLayer(name).output;
          if (Array.isArray(output))
            throw new Error(`layer "${name}" has ${output.length} outputs; name one tensor`);
          return output;
        });
        runner = buildModel({ inputs: model.inputs, outputs });
        this.#layerOutputModels.set(key, runner);
      }
    }
    return (feeds: tf.Tensor[], inputNames: string[]): tf.Tensor[] => {
      // A lone input matches whatever the lab calls it (see checkExpectedInputs).
      const ordered =
        feeds.length === 1
          ? feeds
          : this.#signature.inputs.map(({ name }) => {
              const at = inputNames.indexOf(name);
              if (at < 0) throw new Error(`input "${name}" was not given (given: ${inputNames.join(', ')})`);
              return feeds[at];
            });
      const prediction = runner.predict(ordered.length === 1 ? ordered[0] : ordered);
      return Array.isArray(prediction) ? prediction : [prediction];
    };
  }

  /** A graph model runs named feeds to named nodes, intermediate ones included. */
  #graphRunner(model: GraphModel, names: readonly string[]) {
    return (feeds: tf.Tensor[], inputNames: string[]): tf.Tensor[] => {
      const lone = feeds.length === 1 && this.#signature.inputs.length === 1;
      const map: tf.NamedTensorMap = {};
      for (const [i, feed] of feeds.entries())
        map[lone ? this.#signature.inputs[0].name : inputNames[i]] = feed;
      const result = model.execute(map, [...names]);
      return Array.isArray(result) ? result : [result];
    };
  }

  profile(request: InferRequest, runs: number): Promise<ConfigProfile> {
    return profileTfjs(() => this.infer(request), runs);
  }

  memory(): MemorySnapshot {
    const { numTensors, numBytes } = tf.memory();
    return { tensors: numTensors, bytes: numBytes, jsHeapBytes: jsHeapBytes() };
  }

  async dispose(): Promise<void> {
    // The output models share the model's layers and weights; disposing the model releases them.
    this.#layerOutputModels.clear();
    this.#model?.dispose();
    this.#model = undefined;
  }
}

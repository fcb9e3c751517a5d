import { Tensor, type CompiledModel, type LiteRt, type TensorDetails, type TypedArray } from '@litertjs/core';
import { version as litertVersion } from '@litertjs/core/package.json';
import type { NamedTensor, TensorDtype, TensorInfo } from '../../core/tensor';
import { readTfliteSignature } from '../../core/tflite/read-tflite-signature';
import { captureConsole } from '../capture-console';
import { checkExpectedInputs, pickOutputs } from '../check-inputs';
import { webgpuAdapterInfo } from '../gpu-info';
import { jsHeapBytes } from '../js-heap';
import { fetchModel } from '../model-hash';
import type {
  InferRequest,
  InferResult,
  LoadReport,
  LoadRequest,
  MemorySnapshot,
  ProbeResult,
  RuntimeAdapter,
} from '../runtime-adapter';
import {
  chooseWasmVariant,
  probeAccelerator,
  type LiteRtAccelerator,
  type LiteRtWasmVariant,
} from './litert-accelerators';
import { loadLiteRtWasm } from './load-litert-wasm';
import { unprofiled, type ConfigProfile } from '../../core/profile/op-profile';
import { meanInferMs } from '../mean-infer-ms';

/** The dtypes LiteRT.js tensors carry (its DType); others are refused naming the tensor. */
const liteRtDtypes: readonly TensorDtype[] = ['float32', 'int32', 'uint8'];

function signature(details: readonly TensorDetails[]): TensorInfo[] {
  return details.map((d) => ({
    name: d.name,
    dtype: d.dtype,
    shape: [...d.shape].map((n) => (n < 0 ? null : n)),
  }));
}

/**
 * On a JSPI browser LiteRT runs the ops WebGPU/WebNN cannot on wasm (partitioning) and says so on the
 * console; without JSPI it recompiles the whole model for wasm. Either is a fallback, reported like ORT's
 * CPU placement; null when everything ran where it was asked to.
 */
function describeFallback(
  requested: LiteRtAccelerator,
  model: CompiledModel,
  messages: string[],
): { active: string; detail: string | null } {
  const active = model.options.accelerator;
  if (requested === 'wasm') return { active, detail: null };
  if (active !== requested)
    return { active, detail: `whole model recompiled for ${active} (not fully ${requested})` };
  if (model.isFullyAccelerated) return { active, detail: null };
  const said = messages.find((m) => m.includes('Partially delegating'));
  return {
    active,
    detail: `partitioned: some ops on wasm${said ? ` (${said.replace(/%c/g, '').trim()})` : ''}`,
  };
}

/** LiteRT.js (TFLite) on wasm (XNNPACK), WebGPU or WebNN: one accelerator per worker. */
export class LiteRtAdapter implements RuntimeAdapter {
  #runtime: LiteRt | undefined;
  #variant: LiteRtWasmVariant | undefined;
  #model: CompiledModel | undefined;

  constructor(
    private readonly accelerator: LiteRtAccelerator,
    private readonly assetBaseUrl: string,
  ) {}

  async probe(): Promise<ProbeResult> {
    const probe = await probeAccelerator(this.accelerator);
    if (!probe.available) return probe;
    this.#variant = await chooseWasmVariant(this.accelerator);
    return probe;
  }

  async load(request: LoadRequest): Promise<LoadReport> {
    const variant = this.#variant;
    if (!variant) throw new Error('load called before a successful probe');
    const { files, fetchMs, sha256 } = await fetchModel(request);
    const bytes = new Uint8Array(files.files[files.entry]);
    // Refuses a file that is not TFLite with a message naming it, before the runtime sees it.
    readTfliteSignature(bytes, files.entry);

    // Starting LiteRT's wasm counts as compilation, as ORT's does inside InferenceSession.create.
    const compileStart = performance.now();
    this.#runtime ??= await loadLiteRtWasm(`${this.assetBaseUrl}generated/litert/`, variant);
    const runtime = this.#runtime;
    const { value: model, messages } = await captureConsole(() =>
      runtime.loadAndCompile(bytes, { accelerator: this.accelerator }),
    );
    const compileMs = performance.now() - compileStart;
    this.#model = model;
    const inputs = signature(model.getInputDetails());
    const outputs = signature(model.getOutputDetails());
    checkExpectedInputs(inputs, request.expectedInputs);

    const { active, detail } = describeFallback(this.accelerator, model, messages);
    const threads = runtime.liteRtWasm.getThreadCount();
    return {
      fetchMs,
      compileMs,
      modelSha256: sha256,
      inputs,
      outputs,
      runtime: {
        library: '@litertjs/core',
        libraryVersion: litertVersion,
        requestedBackend: this.accelerator,
        activeBackend: active,
        fellBack: detail !== null,
        fallbackDetail: detail,
        threads,
        simd: variant !== 'compat',
        flags: {
          wasmVariant: variant,
          fullyAccelerated: model.isFullyAccelerated,
          crossOriginIsolated: globalThis.crossOriginIsolated === true,
        },
        gpuAdapter: this.accelerator === 'webgpu' ? await webgpuAdapterInfo() : null,
        webglRenderer: null,
      },
    };
  }

  async infer(request: InferRequest): Promise<InferResult> {
    const model = this.#model;
    if (!model) throw new Error('infer called before load');
    const inputDetails = model.getInputDetails();
    const outputDetails = model.getOutputDetails();
    const names = pickOutputs(
      outputDetails.map((d) => d.name),
      request.outputs,
    );
    // Fed in the model's input order, matched by name (a one-input model takes its lone input as is).
    const ordered = inputDetails.map((d) => {
      const given =
        request.inputs.find((t) => t.name === d.name) ??
        (inputDetails.length === 1 ? request.inputs[0] : undefined);
      if (!given)
        throw new Error(
          `input "${d.name}" was not given (given: ${request.inputs.map((t) => t.name).join(', ')})`,
        );
      if (!liteRtDtypes.includes(given.dtype))
        throw new Error(`input "${given.name}": LiteRT.js takes no ${given.dtype} tensors`);
      return given;
    });
    const start = performance.now();
    // The dtype check above leaves Float32Array, Int32Array or Uint8Array, which LiteRT copies in.
    const feeds = ordered.map(({ data, shape }) => new Tensor(data as TypedArray, shape));
    let results: Tensor[] = [];
    try {
      // Results come in the model's output order.
      results = await model.run(feeds);
      const outputs: NamedTensor[] = [];
      for (const name of names) {
        const tensor = results[outputDetails.findIndex((d) => d.name === name)];
        // data() copies off the GPU when needed; slice() because the view is into the wasm heap.
        const data = (await tensor.data()).slice();
        const shape = [...tensor.type.layout.dimensions];
        outputs.push({ name, dtype: tensor.type.dtype, shape, data });
      }
      return { outputs, inferMs: performance.now() - start };
    } finally {
      for (const tensor of [...feeds, ...results]) tensor.delete();
    }
  }

  /** LiteRT.js has no kernel profiler in its JavaScript API: the pass gives the wall time only. */
  async profile(request: InferRequest, runs: number): Promise<ConfigProfile> {
    const reason = 'LiteRT.js exposes no per-operator timings to JavaScript';
    return unprofiled(reason, runs, await meanInferMs(() => this.infer(request), runs));
  }

  memory(): MemorySnapshot {
    return { tensors: null, bytes: null, jsHeapBytes: jsHeapBytes() };
  }

  async dispose(): Promise<void> {
    this.#model?.delete();
    this.#model = undefined;
  }
}

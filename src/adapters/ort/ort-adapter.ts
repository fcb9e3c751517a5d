import type * as Ort from 'onnxruntime-web';
import { captureConsole } from '../capture-console';
import { webglRenderer, webgpuAdapterInfo } from '../gpu-info';
import { jsHeapBytes } from '../js-heap';
import { fetchModel } from '../model-hash';
import type { NamedTensor, TensorData, TensorDtype, TensorInfo } from '../../core/tensor';
import { checkExpectedInputs, pickOutputs } from '../check-inputs';
import type {
  InferRequest,
  InferResult,
  LoadReport,
  LoadRequest,
  MemorySnapshot,
  ProbeResult,
  RuntimeAdapter,
} from '../runtime-adapter';
import { executionProvider, ortEntry, probeProvider, type OrtProvider } from './ort-providers';
import type { ConfigProfile } from '../../core/profile/op-profile';
import { profileOrt } from './ort-profile';
import type { OptionValues } from '../configuration-options';

type OrtModule = typeof Ort;

/**
 * ORT assigns nodes its requested provider cannot run to the CPU provider, and says so only in its
 * verbose log ("Node(s) placed on [CPUExecutionProvider]. Number of nodes: N"). Returns e.g.
 * "69 of 71 nodes on CPUExecutionProvider (JsExecutionProvider: 2)", or null when nothing fell back.
 */
function describeCpuFallback(messages: string[]): string | null {
  const counts = new Map<string, number>();
  for (const message of messages) {
    const match = /placed on \[(\w+)\]\. Number of nodes: (\d+)/.exec(message);
    if (match) counts.set(match[1], Number(match[2]));
  }
  const onCpu = counts.get('CPUExecutionProvider');
  if (!onCpu) return null;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const others = [...counts].filter(([ep]) => ep !== 'CPUExecutionProvider').map(([ep, n]) => `${ep}: ${n}`);
  return `${onCpu} of ${total} nodes on CPUExecutionProvider${others.length ? ` (${others.join(', ')})` : ''}`;
}

/**
 * Whether load reads node placement from ORT's verbose log, so creates the session verbosely: not on
 * wasm, which has no CPU provider to fall back to; there the log would be hundreds of unread lines.
 */
export function readsPlacement(provider: OrtProvider): boolean {
  return provider !== 'wasm';
}

/** ORT's element types that the contract carries; any other is reported with a null dtype. */
const dtypes: readonly TensorDtype[] = ['float32', 'float16', 'int32', 'int64', 'int8', 'uint8', 'bool'];

function asDtype(type: string): TensorDtype | null {
  return (dtypes as readonly string[]).includes(type) ? (type as TensorDtype) : null;
}

/** A model's inputs or outputs as ORT reports them; the webgl backend has no metadata, only names. */
function signature(names: readonly string[], metadata: () => readonly Ort.InferenceSession.ValueMetadata[]) {
  let known: readonly Ort.InferenceSession.ValueMetadata[] = [];
  try {
    known = metadata();
  } catch {
    // Left empty: the names alone are reported.
  }
  return names.map((name): TensorInfo => {
    const meta = known.find((m) => m.name === name);
    if (!meta?.isTensor) return { name, dtype: null, shape: null };
    return {
      name,
      dtype: asDtype(meta.type),
      shape: meta.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : null)),
    };
  });
}

/** ORT may hand float16 back as a Float16Array where the platform has one; the contract carries the bits. */
function contractData(dtype: TensorDtype, data: ArrayBufferView): TensorData {
  if (dtype === 'float16' && !(data instanceof Uint16Array)) {
    return new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2);
  }
  return data as TensorData;
}

export class OrtAdapter implements RuntimeAdapter {
  #ort: OrtModule | undefined;
  #session: Ort.InferenceSession | undefined;

  constructor(
    private readonly provider: OrtProvider,
    private readonly assetBaseUrl: string,
    private readonly options: OptionValues = {},
  ) {}

  async probe(): Promise<ProbeResult> {
    const probe = await probeProvider(this.provider);
    if (!probe.available) return probe;
    // Literal specifiers so the bundler splits each build into its own chunk.
    this.#ort =
      ortEntry(this.provider) === 'onnxruntime-web/webgpu'
        ? await import('onnxruntime-web/webgpu')
        : await import('onnxruntime-web/all');
    const env = this.#ort.env;
    env.wasm.wasmPaths = `${this.assetBaseUrl}generated/ort/`;
    // globalThis, not self: the adapter also runs in Node (unit tests), which has no self.
    const asked = typeof this.options.threads === 'number' ? this.options.threads : undefined;
    if (asked !== undefined && asked > 1 && !globalThis.crossOriginIsolated)
      return {
        available: false,
        reason: `threads=${asked} needs cross-origin isolation, which this worker does not have`,
      };
    // Without cross-origin isolation ORT silently runs one thread: ask for what really runs. With it,
    // plain ort-wasm keeps ORT's own count (half the logical cores, at most 4: what an app shipping ORT
    // gets, as plain tfjs-wasm keeps TF.js's); `threads=N` asks for N.
    env.wasm.numThreads = globalThis.crossOriginIsolated ? asked : 1;
    env.logLevel = 'warning';
    if (typeof this.options['shader-f16'] === 'boolean') {
      const reason = await this.#webGpuDevice(this.options['shader-f16']);
      if (reason) return { available: false, reason };
    }
    return probe;
  }

  /**
   * Hands ORT a WebGPU device with or without shader-f16 as asked, with the adapter's limits as ORT
   * asks for them itself. The feature is refused, never silently dropped, where the adapter lacks it.
   */
  async #webGpuDevice(f16: boolean): Promise<string | null> {
    const adapter = await (navigator as Navigator & { gpu?: GPU }).gpu?.requestAdapter();
    if (!adapter) return 'WebGPU: requestAdapter() gave no adapter';
    if (f16 && !adapter.features.has('shader-f16'))
      return 'shader-f16=true: this WebGPU adapter does not offer shader-f16 (unavailable on this device)';
    const { limits } = adapter;
    const device = await adapter.requestDevice({
      requiredFeatures: [...adapter.features].filter((f): f is GPUFeatureName => f !== 'shader-f16' || f16),
      requiredLimits: {
        maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
        maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
        maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
        maxBufferSize: limits.maxBufferSize,
        maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
        maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
        maxComputeWorkgroupSizeY: limits.maxComputeWorkgroupSizeY,
        maxComputeWorkgroupSizeZ: limits.maxComputeWorkgroupSizeZ,
      },
    });
    this.#ort!.env.webgpu.device = device;
    return null;
  }

  async load(request: LoadRequest): Promise<LoadReport> {
    const ort = this.#ort;
    if (!ort) throw new Error('load called before a successful probe');
    const { files, fetchMs, sha256 } = await fetchModel(request);

    const compileStart = performance.now();
    const { value: session, messages } = await captureConsole(() =>
      ort.InferenceSession.create(new Uint8Array(files.files[files.entry]), {
        executionProviders: [executionProvider(this.provider, this.options)],
        graphOptimizationLevel: this.#graphOptimizationLevel(),
        enableGraphCapture: this.options.graphCapture === true,
        ...(readsPlacement(this.provider) ? { logSeverityLevel: 0 as const } : {}),
      }),
    );
    const compileMs = performance.now() - compileStart;
    this.#session = session;
    const inputs = signature(session.inputNames, () => session.inputMetadata);
    const outputs = signature(session.outputNames, () => session.outputMetadata);
    checkExpectedInputs(inputs, request.expectedInputs);

    const fallback = readsPlacement(this.provider) ? describeCpuFallback(messages) : null;
    const env = ort.env;
    return {
      fetchMs,
      compileMs,
      modelSha256: sha256,
      inputs,
      outputs,
      runtime: {
        library: 'onnxruntime-web',
        libraryVersion: env.versions.web ?? env.versions.common,
        requestedBackend: this.provider,
        activeBackend: this.provider,
        fellBack: fallback !== null,
        fallbackDetail: fallback,
        // ORT writes back 1 where threads cannot run (no cross-origin isolation): what it really used.
        threads: env.wasm.numThreads ?? null,
        // ORT ships only SIMD wasm builds; the flag can also name the relaxed variant.
        simd: env.wasm.simd !== false,
        flags: {
          'wasm.numThreads': env.wasm.numThreads ?? null,
          'wasm.proxy': env.wasm.proxy ?? false,
          'webgpu.powerPreference': env.webgpu.powerPreference ?? null,
          graphOptimizationLevel: this.#graphOptimizationLevel(),
          enableGraphCapture: this.options.graphCapture === true,
          preferredLayout:
            typeof this.options.preferredLayout === 'string' ? this.options.preferredLayout : null,
          'webgpu.shader-f16': await this.#deviceHasF16(),
          // Which WebGPU implementation ran: the JSEP of `all` or the native EP of `webgpu`.
          entry: ortEntry(this.provider),
        },
        gpuAdapter:
          this.provider === 'webgpu' || this.provider === 'webgpu-native' ? await webgpuAdapterInfo() : null,
        webglRenderer: this.provider === 'webgl' ? webglRenderer() : null,
      },
    };
  }

  #graphOptimizationLevel(): 'disabled' | 'basic' | 'extended' | 'layout' | 'all' {
    const level = this.options.graphOptimizationLevel;
    return level === 'disabled' || level === 'basic' || level === 'extended' || level === 'layout'
      ? level
      : 'all';
  }

  /** Whether ORT's WebGPU device has shader-f16, read from the device it ran on; null off WebGPU. */
  async #deviceHasF16(): Promise<boolean | null> {
    if (this.provider !== 'webgpu' && this.provider !== 'webgpu-native') return null;
    const device = await this.#ort!.env.webgpu.device;
    return device ? device.features.has('shader-f16') : null;
  }

  async infer(request: InferRequest): Promise<InferResult> {
    const ort = this.#ort!;
    const session = this.#session;
    if (!session) throw new Error('infer called before load');
    const names = pickOutputs(session.outputNames, request.outputs);
    const start = performance.now();
    const feeds: Record<string, Ort.Tensor> = {};
    for (const { name, dtype, data, shape } of request.inputs)
      feeds[name] = new ort.Tensor(dtype, data, shape);
    // A session may log verbosely so that load can read node placement; a timed run logs errors only.
    // A fresh options object each call: ORT writes its defaults into the one it is given.
    const results = await session.run(feeds, [...names], { logSeverityLevel: 3 });
    const outputs: NamedTensor[] = [];
    for (const name of names) {
      const tensor = results[name];
      const dtype = asDtype(tensor.type);
      if (!dtype) throw new Error(`output "${name}" has type ${tensor.type}, which the lab does not carry`);
      const data = contractData(dtype, (await tensor.getData()) as ArrayBufferView);
      outputs.push({ name, dtype, shape: [...tensor.dims], data });
    }
    const inferMs = performance.now() - start;
    for (const value of Object.values(results)) value.dispose();
    return { outputs, inferMs };
  }

  profile(request: InferRequest, runs: number): Promise<ConfigProfile> {
    if (!this.#ort) throw new Error('profile called before a successful probe');
    return profileOrt(this.#ort, this.provider, () => this.infer(request), runs);
  }

  memory(): MemorySnapshot {
    return { tensors: null, bytes: null, jsHeapBytes: jsHeapBytes() };
  }

  async dispose(): Promise<void> {
    await this.#session?.release();
    this.#session = undefined;
  }
}

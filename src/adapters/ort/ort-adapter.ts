import type * as Ort from 'onnxruntime-web';
import { captureConsole } from '../capture-console';
import { gatherModelFiles } from '../fetch-model-files';
import { webglRenderer, webgpuAdapterInfo } from '../gpu-info';
import { jsHeapBytes } from '../js-heap';
import { modelSha256 } from '../model-hash';
import type { InferResult, LoadReport, LoadRequest, MemorySnapshot, ProbeResult, RuntimeAdapter } from '../runtime-adapter';
import { executionProvider, probeProvider, type OrtProvider } from './ort-providers';

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

function inputMetadata(session: Ort.InferenceSession): readonly Ort.InferenceSession.ValueMetadata[] {
  try {
    return session.inputMetadata;
  } catch {
    return [];
  }
}

function checkInput(session: Ort.InferenceSession, inputName: string | undefined, inputShape: readonly number[]) {
  const name = inputName ?? session.inputNames[0];
  if (!session.inputNames.includes(name)) {
    throw new Error(`model has no input "${name}" (inputs: ${session.inputNames.join(', ')})`);
  }
  const meta = inputMetadata(session).find((m) => m.name === name);
  // Without metadata (the webgl backend has none) a mismatch surfaces at the first inference instead.
  if (!meta?.isTensor || meta.shape.length === 0) return name;
  const fits =
    meta.shape.length === inputShape.length &&
    meta.shape.every((d, i) => typeof d === 'string' || d < 0 || d === inputShape[i]);
  if (!fits) {
    throw new Error(
      `input "${name}" expects [${meta.shape.join(',')}] but the preprocessing makes [${inputShape.join(',')}]`,
    );
  }
  return name;
}

export class OrtAdapter implements RuntimeAdapter {
  #ort: OrtModule | undefined;
  #session: Ort.InferenceSession | undefined;
  #inputName = '';

  constructor(
    private readonly provider: OrtProvider,
    private readonly assetBaseUrl: string,
  ) {}

  async probe(): Promise<ProbeResult> {
    const probe = await probeProvider(this.provider);
    if (!probe.available) return probe;
    this.#ort = await import('onnxruntime-web/all');
    const env = this.#ort.env;
    env.wasm.wasmPaths = `${this.assetBaseUrl}generated/ort/`;
    // ORT silently drops to one thread without cross-origin isolation; ask for what can really run.
    env.wasm.numThreads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
    env.logLevel = 'warning';
    return probe;
  }

  async load(request: LoadRequest): Promise<LoadReport> {
    const ort = this.#ort;
    if (!ort) throw new Error('load called before a successful probe');
    const fetchStart = performance.now();
    const files = await gatherModelFiles(request.format, request.source);
    const fetchMs = performance.now() - fetchStart;
    const sha256 = await modelSha256(files, request.source);

    const compileStart = performance.now();
    const { value: session, messages } = await captureConsole(() =>
      ort.InferenceSession.create(new Uint8Array(files.files[files.entry]), {
        executionProviders: [executionProvider(this.provider)],
        graphOptimizationLevel: 'all',
        logSeverityLevel: 0,
      }),
    );
    const compileMs = performance.now() - compileStart;
    this.#session = session;
    this.#inputName = checkInput(session, request.inputName, request.inputShape);

    const fallback = this.provider === 'wasm' ? null : describeCpuFallback(messages);
    const env = ort.env;
    return {
      fetchMs,
      compileMs,
      modelSha256: sha256,
      runtime: {
        library: 'onnxruntime-web',
        libraryVersion: env.versions.web ?? env.versions.common,
        requestedBackend: this.provider,
        activeBackend: this.provider,
        fellBack: fallback !== null,
        fallbackDetail: fallback,
        threads: env.wasm.numThreads ?? null,
        // ORT ships only SIMD wasm builds; the flag can also name the relaxed variant.
        simd: env.wasm.simd !== false,
        flags: {
          'wasm.numThreads': env.wasm.numThreads ?? null,
          'wasm.proxy': env.wasm.proxy ?? false,
          'webgpu.powerPreference': env.webgpu.powerPreference ?? null,
          graphOptimizationLevel: 'all',
        },
        gpuAdapter: this.provider === 'webgpu' ? await webgpuAdapterInfo() : null,
        webglRenderer: this.provider === 'webgl' ? webglRenderer() : null,
      },
    };
  }

  async infer(input: Float32Array, shape: readonly number[]): Promise<InferResult> {
    const ort = this.#ort!;
    const session = this.#session;
    if (!session) throw new Error('infer called before load');
    const start = performance.now();
    const feeds = { [this.#inputName]: new ort.Tensor('float32', input, shape as number[]) };
    const results = await session.run(feeds);
    const tensor = results[session.outputNames[0]];
    const output = (await tensor.getData()) as Float32Array;
    const inferMs = performance.now() - start;
    for (const value of Object.values(results)) value.dispose();
    return { output, inferMs };
  }

  memory(): MemorySnapshot {
    return { tensors: null, bytes: null, jsHeapBytes: jsHeapBytes() };
  }

  async dispose(): Promise<void> {
    await this.#session?.release();
    this.#session = undefined;
  }
}

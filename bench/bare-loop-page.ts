/**
 * The bench page. It hosts both sides of the comparison in one document, so the app's own code has no
 * benchmark path: the lab through the same headless API the app page exposes (window.crosscheck, which
 * runInPage drives), and the bare loop through window.crosscheckBench, which runs the runtime in a plain
 * worker of its own. Node runs the lab, then the bare loop, in the same tab (bench/lab-vs-bare.ts).
 */
import { configuration, isConfigId } from '../src/adapters/configurations';
import { exposeHeadlessApi } from '../src/app/headless-api';
import { decodeImage } from '../src/core/preprocess/decode-image';
import { sha256Hex } from '../src/core/preprocess/sha256';
import { toInputTensor } from '../src/core/preprocess/to-input-tensor';
import { folderImages, sampleImages } from '../src/lab/images/image-sources';
import { resolveRoot } from '../src/lab/models/resolve-model';
import { assetBaseUrl } from '../src/lab/run/start-run';
import { zoo } from '../src/lab/models/zoo';
import type {
  BareLoopPageReply,
  BareLoopPageRequest,
  BareLoopReply,
  BareLoopRequest,
} from './bare-loop-protocol';

declare global {
  interface Window {
    crosscheckBench: { bareLoop(request: BareLoopPageRequest): Promise<BareLoopPageReply> };
  }
}

/** The lab times its first decodable image; the bare loop gets the very same preprocessed bytes. */
async function firstInput(request: BareLoopPageRequest, preprocess: Parameters<typeof toInputTensor>[1]) {
  const [source] = request.imagesUrl
    ? await folderImages(request.imagesUrl, 1)
    : await sampleImages(assetBaseUrl(), 1);
  if (!source) throw new Error('no image to time');
  return toInputTensor(await decodeImage(await source.read(), source.name), preprocess);
}

/** One worker per configuration, as in the lab; a hang is cut off and reported, not waited out. */
function runWorker(request: BareLoopRequest, name: string, timeoutMs: number): Promise<BareLoopReply> {
  const worker = new Worker(new URL('./bare-loop-worker.ts', import.meta.url), { type: 'module', name });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const reply = new Promise<BareLoopReply>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${timeoutMs} ms` }), timeoutMs);
    worker.addEventListener('message', (event: MessageEvent<BareLoopReply>) => resolve(event.data));
    worker.addEventListener('error', (event) =>
      resolve({ ok: false, error: `worker crashed: ${event.message}` }),
    );
    worker.postMessage(request, [request.input.buffer]);
  });
  return reply.finally(() => {
    clearTimeout(timer);
    worker.terminate();
  });
}

/** The file the runtime itself loads: ORT runs a TF.js model through its converted ONNX sibling, as the lab does. */
function modelUrl(manifest: (typeof zoo.models)[number], runtime: string, base: string): string {
  const file = runtime === 'ort' && manifest.format !== 'onnx' ? manifest.converted : manifest;
  if (!file) throw new Error(`${manifest.id} has no converted ONNX sibling for ${runtime}`);
  return resolveRoot(file.base, base) + file.entry;
}

async function bareLoop(request: BareLoopPageRequest): Promise<BareLoopPageReply> {
  const manifest = zoo.models.find((m) => m.id === request.modelId);
  if (!manifest || !isConfigId(request.configId)) {
    return {
      ok: false,
      error: `unknown model or configuration: ${request.modelId}, ${request.configId}`,
      inputSha256: null,
    };
  }
  const { runtime, backend } = configuration(request.configId);
  const base = assetBaseUrl();
  const tensor = await firstInput(request, manifest.preprocess);
  const inputSha256 = await sha256Hex(tensor.data);
  // The bare loop times float32 models on TF.js and ORT; LiteRT's uint8 models are timed by the lab only.
  if (runtime === 'litert' || tensor.dtype !== 'float32') {
    return { ok: false, error: `the bare loop has no ${runtime} ${tensor.dtype} path`, inputSha256 };
  }
  const reply = await runWorker(
    {
      runtime,
      backend,
      modelUrl: modelUrl(manifest, runtime, base),
      assetBaseUrl: base,
      inputName: manifest.inputName,
      input: tensor.data,
      shape: [...tensor.shape],
      warmupRuns: request.warmupRuns,
      timedRuns: request.timedRuns,
    },
    `bare-${request.configId}`,
    request.timeoutMs,
  );
  return { ...reply, inputSha256 };
}

exposeHeadlessApi();
window.crosscheckBench = { bareLoop };

/**
 * A bare page for e2e/litert.spec.ts: it drives one configuration in the app's own runtime worker
 * (probe → load → infer per image) through the typed contract, without the lab's run. It feeds the
 * bytes toInputTensor makes, dequantizes the uint8 output with the model's own parameters and scores
 * top-1 against the wnid in each file name.
 */
import { isConfigId } from '../../src/adapters/configurations';
import type { LoadReport, ProbeResult } from '../../src/adapters/runtime-adapter';
import { groundTruthFromFileName } from '../../src/core/labels';
import { topK } from '../../src/core/metrics/top-k';
import type { PreprocessSpec } from '../../src/core/model-manifest';
import { decodeImage } from '../../src/core/preprocess/decode-image';
import { sha256Hex } from '../../src/core/preprocess/sha256';
import { toInputTensor } from '../../src/core/preprocess/to-input-tensor';
import { dequantize } from '../../src/core/tflite/dequantize';
import { readTfliteSignature } from '../../src/core/tflite/read-tflite-signature';
import { folderImages } from '../../src/lab/images/image-sources';
import { resolveModel, resolveRoot } from '../../src/lab/models/resolve-model';
import { RuntimeWorkerClient } from '../../src/lab/run/runtime-worker-client';
import { assetBaseUrl } from '../../src/lab/run/start-run';
import { zoo } from '../../src/lab/models/zoo';

export interface LiteRtCheckRequest {
  configId: string;
  modelId: string;
  imagesUrl: string;
  limit: number;
  /** Overrides the manifest's resize, e.g. 'stretch' to compare with the TF-slim central crop. */
  resize?: PreprocessSpec['resize'];
}

export interface ImageOutcome {
  name: string;
  inputSha256: string;
  groundTruth: string | null;
  top1: number;
  top1Wnid: string | null;
  /** The raw uint8 output and its dequantized top-1 score. */
  raw: number[];
  top1Probability: number;
}

export interface LiteRtCheckReply {
  probe: ProbeResult;
  load: LoadReport | null;
  images: ImageOutcome[];
  error: string | null;
}

declare global {
  interface Window {
    litertCheck: { run(request: LiteRtCheckRequest): Promise<LiteRtCheckReply> };
  }
}

async function run(request: LiteRtCheckRequest): Promise<LiteRtCheckReply> {
  const { configId } = request;
  const manifest = zoo.models.find((m) => m.id === request.modelId);
  if (!manifest || !isConfigId(configId)) throw new Error(`unknown ${request.modelId} or ${configId}`);
  const base = assetBaseUrl();
  const model = await resolveModel(manifest, base);
  const preprocess = { ...manifest.preprocess, resize: request.resize ?? manifest.preprocess.resize };
  const client = new RuntimeWorkerClient(configId, 120_000);
  const reply: LiteRtCheckReply = {
    probe: { available: false, reason: 'not probed' },
    load: null,
    images: [],
    error: null,
  };
  try {
    await client.init(base);
    reply.probe = await client.probe();
    if (!reply.probe.available) return reply;
    const [height, width] = preprocess.size;
    const inputName = manifest.inputName ?? 'input';
    reply.load = await client.load({
      format: manifest.format,
      source: model.source,
      expectedInputs: [{ name: inputName, dtype: preprocess.inputDtype, shape: [1, height, width, 3] }],
    });
    // The output's quantization is the model's, read from the same bytes the worker loaded.
    const modelUrl = resolveRoot(manifest.base, base) + manifest.entry;
    const modelBytes = new Uint8Array(await (await fetch(modelUrl)).arrayBuffer());
    const [output] = readTfliteSignature(modelBytes, manifest.entry).outputs;
    for (const source of await folderImages(request.imagesUrl, request.limit)) {
      const tensor = toInputTensor(await decodeImage(await source.read(), source.name), preprocess);
      const inputSha256 = await sha256Hex(tensor.data);
      const result = await client.infer({ inputs: [{ name: inputName, ...tensor }] }, `infer ${source.name}`);
      const raw = result.outputs[0].data as Uint8Array;
      const probabilities = output.quantization
        ? dequantize(raw, output.quantization)
        : Float32Array.from(raw);
      const top1 = topK(probabilities, 1)[0].index;
      reply.images.push({
        name: source.name,
        inputSha256,
        groundTruth: groundTruthFromFileName(source.name),
        top1,
        top1Wnid: model.labels.wnids?.[top1] ?? null,
        raw: [...raw],
        top1Probability: probabilities[top1],
      });
    }
  } catch (error) {
    reply.error = error instanceof Error ? error.message : String(error);
  } finally {
    client.terminate();
  }
  return reply;
}

window.litertCheck = { run };

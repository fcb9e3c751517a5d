import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import manifestJson from '../models/mobilenetv2-quant-tflite.json' with { type: 'json' };
import { topK } from '../src/core/metrics/top-k';
import { modelManifestSchema } from '../src/core/model-manifest';
import type { LiteRtCheckReply, LiteRtCheckRequest } from './pages/litert-check';
import { nodeLiteRtOutputs } from '../node-reference/litert-outputs';
import { requireData, sharedPath } from '../test-support/test-data';
import { useLabServer } from './support/lab-server';

const imagenetDir = sharedPath('data', 'imagenet-samples');
const tfliteDir = sharedPath('models', 'tflite-coral');
test.skip(
  ![
    requireData(imagenetDir, 'the shared ImageNet samples'),
    requireData(tfliteDir, 'the shared TFLite models'),
  ].every(Boolean),
);
const server = useLabServer({ imagesDir: imagenetDir });

const modelId = 'mobilenetv2-quant-tflite';
const limit = Number(process.env.LITERT_E2E_IMAGES ?? 10);
// Each image runs on four runtimes (two in the page twice, Node once); 100 images outlast the default.
test.setTimeout(Math.max(10 * 60_000, limit * 15_000));

async function check(page: Page, request: Omit<LiteRtCheckRequest, 'modelId' | 'imagesUrl' | 'limit'>) {
  await page.goto(`${server.url}e2e/pages/litert-check.html`);
  await page.waitForFunction(() => 'litertCheck' in window);
  const full: LiteRtCheckRequest = { ...request, modelId, imagesUrl: '/images/', limit };
  const reply: LiteRtCheckReply = await page.evaluate((r) => window.litertCheck.run(r), full);
  expect(reply.error, `${request.configId}: ${reply.error}`).toBeNull();
  return reply;
}

function top1Accuracy(reply: LiteRtCheckReply): number {
  return (
    reply.images.filter((i) => i.groundTruth !== null && i.top1Wnid === i.groundTruth).length /
    reply.images.length
  );
}

test('litert-wasm and litert-webgpu classify ImageNet samples and agree; litert-webnn is unsupported here', async ({
  page,
}) => {
  const wasm = await check(page, { configId: 'litert-wasm' });
  expect(wasm.probe).toEqual({ available: true });
  expect(wasm.images).toHaveLength(limit);
  const runtime = wasm.load!.runtime;
  expect(runtime.library).toBe('@litertjs/core');
  expect(runtime.libraryVersion).toBe('2.5.3');
  expect(runtime.activeBackend).toBe('wasm');
  // The app is cross-origin isolated, so the threaded build runs, with as many threads as it says.
  expect(runtime.flags.wasmVariant).toBe('threaded');
  expect(runtime.threads).toBeGreaterThan(0);
  expect(wasm.load!.inputs).toEqual([{ name: 'input', dtype: 'uint8', shape: [1, 224, 224, 3] }]);
  expect(wasm.load!.outputs).toEqual([
    { name: 'MobilenetV2/Predictions/Softmax', dtype: 'uint8', shape: [1, 1001] },
  ]);
  // TF-slim publishes 70.8 % top-1 for the quantized model; a few samples may miss.
  const wasmAccuracy = top1Accuracy(wasm);
  expect(wasmAccuracy).toBeGreaterThanOrEqual(0.6);

  // LiteRT.js in Node on the same bytes: the same classes, raw scores within a few uint8 steps.
  const manifest = modelManifestSchema.parse(manifestJson);
  const node = await nodeLiteRtOutputs(
    join(tfliteDir, manifest.entry),
    wasm.images.map((i) => join(imagenetDir, i.name)),
    manifest.preprocess,
  );
  const nodeDrift = wasm.images.map((image, k) =>
    Math.max(...image.raw.map((q, c) => Math.abs(q - node.outputs[k][c]))),
  );
  const nodeAgree = wasm.images.filter((image, k) => image.top1 === topK(node.outputs[k], 1)[0].index).length;
  expect(nodeAgree).toBe(limit);
  // Measured identical (0) on all 100 samples; a different SIMD build may round a score by a step.
  expect(Math.max(...nodeDrift)).toBeLessThanOrEqual(2);
  test.info().annotations.push({
    type: 'litert-wasm vs Node',
    description: `Node ${node.variant} build: top-1 agreement ${nodeAgree}/${limit}, max uint8 difference ${Math.max(...nodeDrift)}`,
  });

  // The same model fed the whole image stretched to 224x224, instead of TF-slim's central 87.5 %.
  const stretched = await check(page, { configId: 'litert-wasm', resize: 'stretch' });
  expect(top1Accuracy(stretched)).toBeGreaterThanOrEqual(0.5);
  test.info().annotations.push({
    type: 'litert-wasm top-1',
    description: `${limit} images: central crop ${wasmAccuracy}, whole image ${top1Accuracy(stretched)}; ${runtime.threads} threads, ${runtime.flags.wasmVariant} build, compile ${Math.round(wasm.load!.compileMs)} ms`,
  });

  const webgpu = await check(page, { configId: 'litert-webgpu' });
  if (!webgpu.probe.available) {
    // Some Chromium builds have no WebGPU adapter at all; then the reason is the platform's.
    expect(webgpu.probe.reason).toMatch(/WebGPU|JSPI/);
  } else {
    const gpuRuntime = webgpu.load!.runtime;
    expect(gpuRuntime.flags.wasmVariant).toBe('jspi');
    expect(gpuRuntime.requestedBackend).toBe('webgpu');
    expect(gpuRuntime.fellBack).toBe(gpuRuntime.fallbackDetail !== null);
    expect(gpuRuntime.gpuAdapter).not.toBeNull();
    // The same bytes went in; the labels agree on most images even where the uint8 scores drift.
    expect(webgpu.images.map((i) => i.inputSha256)).toEqual(wasm.images.map((i) => i.inputSha256));
    const agree = webgpu.images.filter((image, k) => image.top1 === wasm.images[k].top1).length;
    expect(agree / limit).toBeGreaterThanOrEqual(0.8);
    expect(top1Accuracy(webgpu)).toBeGreaterThanOrEqual(0.6);
    const drift = webgpu.images.map((image, k) =>
      Math.max(...image.raw.map((q, c) => Math.abs(q - wasm.images[k].raw[c]))),
    );
    test.info().annotations.push({
      type: 'litert-webgpu',
      description: `webgpu top-1 ${top1Accuracy(webgpu)}, top-1 agreement ${agree}/${limit}, max uint8 drift ${Math.max(...drift)}, fallback ${gpuRuntime.fallbackDetail}, adapter ${JSON.stringify(gpuRuntime.gpuAdapter)}`,
    });
  }

  const webnn = await check(page, { configId: 'litert-webnn' });
  expect(webnn.probe.available).toBe(false);
  expect(webnn.probe).toMatchObject({ reason: expect.stringMatching(/WebNN/) });
});

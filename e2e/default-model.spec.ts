import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runInPage } from '../cli/run-headless';
import modelManifest from '../models/nsfw-mobilenet-v2.json' with { type: 'json' };
import { modelManifestSchema } from '../src/core/model-manifest';
import { decodeImage } from '../src/core/preprocess/decode-image';
import { sha256Hex } from '../src/core/preprocess/sha256';
import { toInputTensor } from '../src/core/preprocess/to-input-tensor';
import type { RunResult } from '../src/core/result-schema';
import { expectWebnnRanOrSaidWhy } from './support/expect-webnn';
import { installedVersion } from './support/installed-version';
import { useLabServer } from './support/lab-server';

const server = useLabServer();
const samplesDir = join(import.meta.dirname, '..', 'public', 'generated', 'samples');
const imageCount = 4;
const ran = [
  'tfjs-cpu',
  'tfjs-wasm',
  'tfjs-webgl',
  'tfjs-webgpu',
  'ort-wasm',
  'ort-webgpu',
  'ort-webgpu-native',
  'ort-webgl',
];
let result: RunResult;

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  // Every configuration for the model: TF.js on the source, ORT on the project's own ONNX conversion.
  result = await runInPage(page, server.url, {
    modelId: 'nsfw-mobilenet-v2',
    limit: imageCount,
    warmupRuns: 1,
    timedRuns: 2,
  });
  await page.close();
});

test('every TF.js and ORT configuration produces results for the embedded MobileNetV2; webnn runs or says why not', () => {
  expect(result.configs.map((c) => c.configId)).toEqual([...ran, 'ort-webnn']);
  for (const config of result.configs.filter((c) => ran.includes(c.configId))) {
    expect(config.status, `${config.configId}: ${config.reason}`).toBe('ok');
    expect(config.runtime?.activeBackend).toBe(config.runtime?.requestedBackend);
    expect(config.warm?.n).toBe(2);
    expect(config.firstInferMs).toBeGreaterThan(0);
  }
  const webnn = result.configs.at(-1)!;
  expectWebnnRanOrSaidWhy(webnn);
  const classified = webnn.status === 'ok' ? [...ran, webnn.configId] : ran;
  expect(result.images).toHaveLength(imageCount);
  for (const image of result.images) {
    expect(image.outcomes.map((o) => `${o.configId}:${o.status}`)).toEqual(
      classified.map((id) => `${id}:ok`),
    );
  }
});

test('the converted ONNX model on ORT agrees with TF.js on top-1 for every image', () => {
  for (const config of result.configs.filter((c) => c.configId.startsWith('ort-') && c.status === 'ok')) {
    expect(config.agreement?.top1AgreementRate, config.configId).toBe(1);
    expect(config.runtime?.library).toBe('onnxruntime-web');
  }
});

test('TF.js cpu and wasm agree on top-1 for every image', () => {
  for (const image of result.images) {
    const [cpu, wasm] = ['tfjs-cpu', 'tfjs-wasm'].map((id) => image.outcomes.find((o) => o.configId === id)!);
    expect(wasm.top5[0].index, image.name).toBe(cpu.top5[0].index);
    expect(wasm.top1AgreesWithReference).toBe(true);
  }
});

test('records what ran: versions, backend details, GPU adapter and WebGL renderer', () => {
  const byId = Object.fromEntries(result.configs.map((c) => [c.configId, c.runtime!]));
  expect(byId['tfjs-cpu'].libraryVersion).toBe(installedVersion('@tensorflow/tfjs-core'));
  expect(byId['tfjs-wasm'].simd).toBe(true);
  expect(byId['tfjs-wasm'].threads).toBeGreaterThanOrEqual(1);
  expect(byId['tfjs-webgl'].webglRenderer).toMatch(/SwiftShader|ANGLE/i);
  expect(byId['tfjs-webgpu'].gpuAdapter?.architecture).toBeTruthy();
  expect(result.environment.crossOriginIsolated).toBe(true);
  expect(result.environment.browser?.version).toMatch(/^\d+\./);
  expect(result.model.sha256).toMatch(/^[0-9a-f]{64}$/);
});

test('the input tensor hashes match the same preprocessing run in Node', async () => {
  const preprocess = modelManifestSchema.parse(modelManifest).preprocess;
  for (const image of result.images) {
    const bytes = new Uint8Array(await readFile(join(samplesDir, image.name)));
    const tensor = toInputTensor(await decodeImage(bytes, image.name), preprocess);
    expect(image.inputSha256, image.name).toBe(await sha256Hex(tensor.data));
    expect(image.fileSha256).toBe(await sha256Hex(bytes));
  }
});

test('outputs of other configurations stay close to the cpu reference', () => {
  for (const config of result.configs) {
    if (config.status !== 'ok') continue;
    expect(config.agreement?.images).toBe(imageCount);
    expect(config.agreement?.maxAbsDiff, config.configId).toBeLessThan(1e-3);
    // TF.js exposes its tensor count; ORT does not (null), which is recorded as such.
    expect(config.memory?.leakedTensors, config.configId).toBe(
      config.configId.startsWith('tfjs-') ? 0 : null,
    );
  }
});

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
import { useLabServer } from './support/lab-server';

const server = useLabServer();
const samplesDir = join(import.meta.dirname, '..', 'public', 'generated', 'samples');
let result: RunResult;

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  result = await runInPage(page, server.url, { modelId: 'nsfw-mobilenet-v2', configIds: ['tfjs-cpu', 'tfjs-wasm', 'tfjs-webgl', 'tfjs-webgpu'], warmupRuns: 1, timedRuns: 3 });
  await page.close();
});

test('every TF.js configuration on this machine produces results for the embedded MobileNetV2', () => {
  expect(result.configs.map((c) => c.configId)).toEqual(['tfjs-cpu', 'tfjs-wasm', 'tfjs-webgl', 'tfjs-webgpu']);
  for (const config of result.configs) {
    expect(config.status, `${config.configId}: ${config.reason}`).toBe('ok');
    expect(config.runtime?.activeBackend).toBe(config.runtime?.requestedBackend);
    expect(config.warm?.n).toBe(3);
    expect(config.firstInferMs).toBeGreaterThan(0);
  }
  expect(result.images).toHaveLength(8);
  for (const image of result.images) {
    expect(image.outcomes.map((o) => `${o.configId}:${o.status}`)).toEqual([
      'tfjs-cpu:ok',
      'tfjs-wasm:ok',
      'tfjs-webgl:ok',
      'tfjs-webgpu:ok',
    ]);
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
  expect(byId['tfjs-cpu'].libraryVersion).toBe('4.22.0');
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
    const tensor = toInputTensor(decodeImage(bytes, image.name), preprocess);
    expect(image.inputSha256, image.name).toBe(await sha256Hex(tensor.data));
    expect(image.fileSha256).toBe(await sha256Hex(bytes));
  }
});

test('outputs of other configurations stay close to the cpu reference', () => {
  for (const config of result.configs) {
    expect(config.agreement?.images).toBe(8);
    expect(config.agreement?.maxAbsDiff, config.configId).toBeLessThan(1e-3);
    expect(config.memory?.leakedTensors, config.configId).toBe(0);
  }
});

import { expect, test } from '@playwright/test';
import { runInPage } from '../cli/run-headless';
import { describeRecommendation } from '../src/core/recommend/describe-recommendation';
import { configVerdict } from '../src/core/report/config-verdict';
import type { ConfigResult, RunResult } from '../src/core/result-schema';
import { useLabServer } from './support/lab-server';

const server = useLabServer();

const byId = (result: RunResult, id: string): ConfigResult => {
  const config = result.configs.find((c) => c.configId === id);
  if (!config)
    throw new Error(`${id} is not in the run (${result.configs.map((c) => c.configId).join(', ')})`);
  return config;
};

const p50 = (c: ConfigResult) => (c.warm ? `${c.warm.p50Ms.toFixed(1)} ms` : '—');

test('tfjs-wasm[threads=2] runs with 2 threads really used, beside tfjs-wasm[threads=1] in the same run', async ({
  page,
}) => {
  const result = await runInPage(page, server.url, {
    modelId: 'nsfw-mobilenet-v2',
    configIds: ['tfjs-wasm[threads=2]'],
    referenceConfigId: 'tfjs-wasm[threads=1]',
    limit: 2,
    warmupRuns: 2,
    timedRuns: 5,
  });
  const one = byId(result, 'tfjs-wasm[threads=1]');
  const two = byId(result, 'tfjs-wasm[threads=2]');
  expect([one.status, two.status]).toEqual(['ok', 'ok']);
  expect(two.options).toEqual({
    base: 'tfjs-wasm',
    hash: expect.stringMatching(/^[0-9a-f]{8}$/),
    values: { threads: 2 },
  });
  // Read back from the runtime after initialisation: the pthreadpool's size and the pthread workers it runs.
  expect(two.runtime).toMatchObject({ threads: 2, flags: { 'wasm.binary': 'threaded-simd' } });
  expect(two.runtime!.flags['wasm.pthreadWorkers']).toBeGreaterThanOrEqual(1);
  expect(one.runtime).toMatchObject({ threads: 1 });
  // Both agree with each other, so the recommendation is whichever of them was faster here.
  expect(result.recommendation?.pick?.configId).toMatch(/^tfjs-wasm\[threads=[12]\]$/);
  console.log(result.recommendation && describeRecommendation(result.recommendation).join('\n'));
  console.log(
    `tfjs-wasm p50: threads=1 ${p50(one)}, threads=2 ${p50(two)} (pthread workers: ${one.runtime!.flags['wasm.pthreadWorkers']}, ${two.runtime!.flags['wasm.pthreadWorkers']})`,
  );
});

test('forcing half-float textures on tfjs-webgl changes its drift against tfjs-webgl in float32', async ({
  page,
}) => {
  const f16 = 'tfjs-webgl[WEBGL_FORCE_F16_TEXTURES=true]';
  const result = await runInPage(page, server.url, {
    modelId: 'nsfw-mobilenet-v2',
    configIds: ['tfjs-webgl', f16],
    referenceConfigId: 'tfjs-webgl',
    limit: 2,
    warmupRuns: 0,
    timedRuns: 1,
  });
  const half = byId(result, f16);
  expect(half.status).toBe('ok');
  // The flag reached TF.js before the backend initialised (it reads texture precision then).
  expect(half.runtime!.flags.WEBGL_FORCE_F16_TEXTURES).toBe(true);
  expect(byId(result, 'tfjs-webgl').runtime!.flags.WEBGL_FORCE_F16_TEXTURES).toBe(false);
  const drift = half.agreement!;
  console.log(
    `${f16} vs tfjs-webgl: max |Δ| ${drift.maxAbsDiff}, mean |Δ| ${drift.meanAbsDiff}, top-1 agreement ${drift.top1AgreementRate} over ${drift.images} images; p50 ${p50(half)}`,
  );
  // Float32 WebGL differs from the cpu reference by a few 1e-6 (README); half floats by hundreds of times more.
  expect(drift.maxAbsDiff!).toBeGreaterThan(1e-4);
});

test('ORT options reach onnxruntime-web: threads, graph optimisation level and WebGPU layout, read back from the runtime', async ({
  page,
}) => {
  const configIds = [
    'ort-wasm[threads=2]',
    'ort-wasm[graphOptimizationLevel=disabled]',
    'ort-webgpu[preferredLayout=NCHW]',
  ];
  const result = await runInPage(page, server.url, {
    modelId: 'nsfw-mobilenet-v2',
    configIds,
    referenceConfigId: 'ort-wasm[threads=1]',
    limit: 2,
    warmupRuns: 1,
    timedRuns: 3,
  });
  for (const id of configIds) expect(byId(result, id).status, id).toBe('ok');
  expect(byId(result, 'ort-wasm[threads=1]').runtime).toMatchObject({ threads: 1 });
  expect(byId(result, 'ort-wasm[threads=2]').runtime).toMatchObject({
    threads: 2,
    flags: { 'wasm.numThreads': 2, graphOptimizationLevel: 'all' },
  });
  expect(byId(result, 'ort-wasm[graphOptimizationLevel=disabled]').runtime!.flags).toMatchObject({
    graphOptimizationLevel: 'disabled',
  });
  expect(byId(result, 'ort-webgpu[preferredLayout=NCHW]').runtime!.flags).toMatchObject({
    preferredLayout: 'NCHW',
    entry: 'onnxruntime-web/all',
  });
  // Threads and graph rewrites change the order of float sums, not the answer: both wasm variants agree.
  for (const id of configIds.slice(0, 2))
    expect(configVerdict(result, byId(result, id)).verdict, id).toBe('agrees');
});

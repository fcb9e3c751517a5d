import { expect, test } from '@playwright/test';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runInPage } from '../cli/run-headless';
import darknetManifest from '../models/darknet-tiny.json' with { type: 'json' };
import { parseLabels } from '../src/core/labels';
import { modelManifestSchema } from '../src/core/model-manifest';
import { nodeTop1 } from '../node-reference/classify-images';
import { requireData, sharedPath } from '../test-support/test-data';
import { expectWebnnRanOrSaidWhy } from './support/expect-webnn';
import { installedVersion } from './support/installed-version';
import { useLabServer } from './support/lab-server';

const imagenetDir = sharedPath('data', 'imagenet-samples');
const darknetDir = sharedPath('models', 'darknet-tiny-tfjs');
const onnxModel = sharedPath('models', 'mobilenetv2-12-int8-onnx', 'mobilenetv2-12-int8.onnx');
test.skip(
  ![
    requireData(imagenetDir, 'the shared ImageNet samples'),
    requireData(darknetDir, 'the shared Darknet-tiny model'),
    requireData(onnxModel, 'the shared int8 MobileNetV2'),
  ].every(Boolean),
);
const server = useLabServer({ imagesDir: imagenetDir });

test('the shared int8 ONNX model runs on every ORT configuration; webnn runs or says why not', async ({
  page,
}) => {
  const result = await runInPage(page, server.url, {
    modelId: 'mobilenetv2-int8',
    imagesDir: imagenetDir,
    limit: 10,
    warmupRuns: 1,
    timedRuns: 3,
  });
  const byId = Object.fromEntries(result.configs.map((c) => [c.configId, c]));
  expect(Object.keys(byId)).toEqual([
    'ort-wasm',
    'ort-webgpu',
    'ort-webgpu-native',
    'ort-webgl',
    'ort-webnn',
  ]);
  for (const id of ['ort-wasm', 'ort-webgpu', 'ort-webgpu-native']) {
    expect(byId[id].status, `${id}: ${byId[id].reason}`).toBe('ok');
    expect(byId[id].agreement?.images).toBe(10);
  }
  // onnxruntime-web's webgl backend has no kernels for int8 (QLinear) ops: it must say which, not crash.
  if (byId['ort-webgl'].status !== 'ok') {
    expect(byId['ort-webgl'].status).toBe('failed');
    expect(byId['ort-webgl'].reason).toMatch(/operator '\w+'/);
  }
  expectWebnnRanOrSaidWhy(byId['ort-webnn']);
  expect(byId['ort-wasm'].runtime?.libraryVersion).toBe(installedVersion('onnxruntime-web'));
  // The reference classifies ImageNet samples as the model card says (81% top-1 on all 1000).
  expect(byId['ort-wasm'].accuracy?.labelled).toBe(10);
  expect(byId['ort-wasm'].accuracy?.top1).toBeGreaterThanOrEqual(0.6);
  // Whatever webgpu computes, its ORT node placement is recorded.
  expect(byId['ort-webgpu'].runtime?.fellBack).toBe(byId['ort-webgpu'].runtime?.fallbackDetail !== null);
  // The JSEP build gives the same garbage logit for every class on this model (issue 15); the package's
  // native WebGPU execution provider agrees with wasm. Each run records which build it was.
  expect(byId['ort-webgpu'].runtime?.flags.entry).toBe('onnxruntime-web/all');
  expect(byId['ort-webgpu-native'].runtime?.flags.entry).toBe('onnxruntime-web/webgpu');
  expect(byId['ort-webgpu-native'].agreement?.top1AgreementRate).toBe(1);
});

test('Darknet-tiny on 100 ImageNet samples: browser accuracy equals Node TF.js with the same preprocessing', async ({
  page,
}) => {
  const limit = 100;
  const result = await runInPage(page, server.url, {
    modelId: 'darknet-tiny',
    imagesDir: imagenetDir,
    configIds: ['tfjs-wasm'],
    referenceConfigId: 'tfjs-wasm',
    limit,
    warmupRuns: 1,
    timedRuns: 3,
  });
  const names = (await readdir(imagenetDir))
    .filter((n) => /\.jpe?g$/i.test(n))
    .sort()
    .slice(0, limit);
  expect(result.images.map((i) => i.name)).toEqual(names);

  const manifest = modelManifestSchema.parse(darknetManifest);
  const labels = parseLabels(
    manifest.labels,
    await readFile(sharedPath('data/labels/darknet_imagenet.labels.list'), 'utf8'),
    await readFile(sharedPath('data/labels/synset_words.txt'), 'utf8'),
  );
  const top1 = await nodeTop1(
    join(darknetDir, 'model.json'),
    names.map((n) => join(imagenetDir, n)),
    manifest.preprocess,
  );
  const nodeCorrect = names.filter((name, i) => labels.wnids![top1[i]] === name.slice(0, 9)).length;

  const browser = result.configs[0];
  expect(browser.status, browser.reason ?? '').toBe('ok');
  expect(browser.accuracy?.labelled).toBe(limit);
  expect(browser.accuracy?.top1).toBe(nodeCorrect / limit);
  // Not a vacuous match: the model is a real classifier (about 62% top-1 on the shared set).
  expect(nodeCorrect).toBeGreaterThan(40);
  const browserTop1 = result.images.map((i) => i.outcomes[0].top5[0].index);
  expect(browserTop1).toEqual(top1);
});

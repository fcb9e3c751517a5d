import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTfjsBackend, type TfjsModelFiles } from '../node-reference/node-runtimes';
import type { ConfigId } from '../src/adapters/configurations';
import { injectTfjsFault } from '../src/localize/tfjs-faults';
import { generatedPath, requireData } from '../test-support/test-data';
import { smallGraphModel, smallInputShape, smallLayersModel } from '../test-support/localize-models';
import { useLabServer } from './support/lab-server';

// The small models and their faulty copies are written here and served as the shared folder.
const dir = mkdtempSync(join(tmpdir(), 'crosscheck-localize-tfjs-'));
const server = useLabServer({ sharedDir: dir });
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(folder: string, { json, data }: TfjsModelFiles): string {
  mkdirSync(join(dir, folder));
  writeFileSync(join(dir, folder, 'model.json'), JSON.stringify(json));
  writeFileSync(join(dir, folder, json.weightsManifest[0].paths[0]), data);
  return `/shared/${folder}/model.json`;
}

interface Case {
  modelUrl: string;
  suspectModelUrl?: string;
  referenceId: ConfigId;
  suspectId: ConfigId;
  shape: number[];
}

/** Localizes in the page, through the lab's workers, on a smooth synthetic image in [0, 1]. */
function localize(page: Page, request: Case) {
  return page.evaluate(async ({ shape, ...rest }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = Float32Array.from({ length: size }, (_, i) => 0.5 + 0.5 * Math.sin(i / 97));
    const result = await window.crosscheck.localizeTfjs({
      ...rest,
      input: { name: 'input', dtype: 'float32', shape, data },
      assetBaseUrl: new URL('./', location.href).href,
      timeoutMs: 240_000,
    });
    const { firstDivergent, firstJump, diffs } = result.localization;
    return {
      line: firstDivergent
        ? `first divergent node: ${firstDivergent.node} (${firstDivergent.opType})`
        : 'first divergent node: none',
      method: result.method,
      reproduced: result.reproduced,
      first: firstDivergent?.node ?? null,
      jump: firstJump?.node ?? null,
      compared: diffs.length,
      worstRelative: Math.max(...diffs.map((d) => d.relativeDiff)),
      seconds: result.elapsedMs / 1000,
    };
  }, request);
}

test('an injected weight fault is localized to its layer in a TF.js layers model and a graph model, through real workers', async ({
  page,
}) => {
  await useTfjsBackend('cpu');
  await page.goto(server.url);
  await page.waitForFunction(() => 'crosscheck' in window);
  for (const [format, model] of [
    ['layers', await smallLayersModel()],
    ['graph', smallGraphModel()],
  ] as const) {
    const faulty = injectTfjsFault(model, 'weights');
    const result = await localize(page, {
      modelUrl: write(format, model),
      suspectModelUrl: write(`${format}-faulty`, faulty),
      referenceId: 'tfjs-cpu',
      suspectId: 'tfjs-wasm',
      shape: smallInputShape,
    });
    console.log(`${format}: ${result.line} (${result.compared} outputs in ${result.seconds.toFixed(1)} s)`);
    expect(result).toMatchObject({
      method: format === 'layers' ? 'layer-outputs' : 'graph-nodes',
      reproduced: true,
      first: faulty.fault.layer,
      compared: 7,
    });
  }
});

const mobilenet = generatedPath('models', 'nsfw-mobilenet-v2', 'model.json');

test('half-float WebGL textures against tfjs-cpu on MobileNetV2: where the drift leaves the tolerance', async ({
  page,
}) => {
  test.skip(!requireData(mobilenet, 'the generated NSFWJS MobileNetV2'));
  await page.goto(server.url);
  await page.waitForFunction(() => 'crosscheck' in window);
  const request = {
    modelUrl: '/generated/models/nsfw-mobilenet-v2/model.json',
    referenceId: 'tfjs-cpu',
    suspectId: 'tfjs-webgl',
    shape: [1, 224, 224, 3],
  } as const;
  const fp32 = await localize(page, { ...request, shape: [...request.shape] });
  console.log(`WebGL fp32: ${fp32.line}\n  ${fp32.compared} layers in ${fp32.seconds.toFixed(1)} s`);
  // Forcing half floats selects the per-operator policy's half-float WebGL bound (ORT's own: 0.1
  // absolute, 2 % relative): half floats leave the float bound at the first layer (docs/localization.md).
  const fp16 = await localize(page, {
    ...request,
    shape: [...request.shape],
    suspectId: 'tfjs-webgl[WEBGL_FORCE_F16_TEXTURES=true]',
  });
  console.log(
    `WebGL WEBGL_FORCE_F16_TEXTURES, half-float tolerance: ${fp16.line}\n  final output beyond tolerance: ${fp16.reproduced}; worst relative error ${fp16.worstRelative.toPrecision(3)}; ${fp16.compared} layers in ${fp16.seconds.toFixed(1)} s`,
  );
  expect(fp32.method).toBe('layer-outputs');
  expect(fp32.compared).toBeGreaterThan(150);
  expect(fp16.compared).toBe(fp32.compared);
  // fp32 WebGL stays within the lab's tolerance on every layer; half-float textures (honoured by
  // SwiftShader as by GPUs) leave even the half-float bound, at a named layer.
  expect(fp32.first).toBeNull();
  expect(fp16.first).not.toBeNull();
  expect(fp16.line).toMatch(/^first divergent node: \S+ \((Conv2D|DepthwiseConv2D|BatchNormalization|ReLU)/);
});

import { expect, test, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runInPage } from '../cli/run-headless';
import manifestJson from '../models/nsfw-mobilenet-v2.json' with { type: 'json' };
import { modelManifestSchema } from '../src/core/model-manifest';
import { runResultSchema, type RunResult } from '../src/core/result-schema';
import { decodeWorkerCount } from '../src/lab/run/decode-pool';
import { inThreadDecoder } from '../src/lab/run/input-decoder';
import type { RunOptions } from '../src/lab/run/start-run';
import { generatedPath, requireData, sharedPath } from '../test-support/test-data';
import { useLabServer } from './support/lab-server';
import { waitUntilReadyOffline } from './support/offline-run';
import { countWorkers, workerCounts } from './support/worker-counts';

const imagenetDir = sharedPath('data', 'imagenet-samples');
const server = useLabServer({ imagesDir: existsSync(imagenetDir) ? imagenetDir : undefined });
const { preprocess } = modelManifestSchema.parse(manifestJson);
// One fast configuration: what is checked here is the inputs, not the runtimes.
const run = { modelId: 'nsfw-mobilenet-v2', configIds: ['tfjs-wasm'], referenceConfigId: 'tfjs-wasm' };
const timing = { warmupRuns: 0, timedRuns: 2 };

/** What decoding each file on this thread (Node, the in-thread decoder) records, by file name. */
async function decodedHere(dir: string, names: string[]) {
  const here = new Map<string, { fileSha256: string; inputSha256: string | null }>();
  for (const name of names) {
    const prepared = await inThreadDecoder.prepare(await readFile(join(dir, name)), name, preprocess);
    here.set(name, { fileSha256: prepared.fileSha256, inputSha256: prepared.input?.sha256 ?? null });
  }
  return here;
}

/** Every image of the page's run decoded, to the same file and input bytes as in Node. */
async function expectSameInputs(result: RunResult, dir: string): Promise<void> {
  const names = result.images.map((image) => image.name);
  const here = await decodedHere(dir, names);
  expect(result.images.every((image) => image.decodeError === null)).toBe(true);
  expect(
    result.images.map((i) => [i.name, { fileSha256: i.fileSha256, inputSha256: i.inputSha256 }]),
  ).toEqual(names.map((name) => [name, here.get(name)]));
}

/**
 * The first image decoded on the page, the rest in decode workers beside the first configuration's
 * images: none alive while a model loads or a configuration is timed, every one ended by the run's end.
 */
async function expectDecodedInWorkers(page: Page, images: number, configurations = 1): Promise<void> {
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const workers = decodeWorkerCount(images - 1, cores, true);
  expect(workers).toBeGreaterThan(0);
  const counts = await workerCounts(page);
  expect(counts.decode).toEqual({ started: workers, most: workers, alive: 0 });
  expect(counts.modelLoads).toBe(configurations);
  expect(counts.decodeAliveAtModelLoad).toBe(0);
  expect(counts.decodeAliveAtTiming).toBe(0);
  expect(counts.runtime.started).toBe(configurations);
}

test('8 samples decode in workers beside the first configuration, to the bytes Node decodes; offline too', async ({
  page,
  context,
}) => {
  const samples = generatedPath('samples');
  test.skip(!requireData(samples, 'the embedded sample images (npm ci writes them)'));
  const names = (JSON.parse(await readFile(join(samples, 'index.json'), 'utf8')) as string[]).slice(0, 8);
  expect(names).toHaveLength(8);
  await countWorkers(page);
  const online = await runInPage(page, server.url, { ...run, ...timing, limit: 8 });
  await expectDecodedInWorkers(page, 8);
  await expectSameInputs(online, samples);
  expect(online.images.map((i) => i.name)).toEqual(names);

  // Offline, the decode worker's script comes from the precache.
  await waitUntilReadyOffline(page);
  await context.setOffline(true);
  await page.reload();
  await page.waitForFunction(() => 'crosscheck' in window);
  const options: RunOptions = { ...run, ...timing, images: { kind: 'samples' }, limit: 8 };
  const offline = runResultSchema.parse(await page.evaluate((o) => window.crosscheck.run(o), options));
  await expectDecodedInWorkers(page, 8);
  expect(offline.images.map((i) => i.inputSha256)).toEqual(online.images.map((i) => i.inputSha256));
});

test('40 ImageNet samples decode in workers to the bytes Node decodes, read past the service worker, ended before the next load', async ({
  page,
}) => {
  test.skip(!requireData(imagenetDir, 'the shared ImageNet samples'));
  await countWorkers(page);
  // Installed first, so that the service worker controls the run's page.
  await page.goto(server.url);
  await waitUntilReadyOffline(page);
  const fromServiceWorker: boolean[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/images/'))
      fromServiceWorker.push(response.fromServiceWorker());
  });
  const configIds = ['tfjs-wasm', 'ort-wasm'];
  const options = { ...run, ...timing, configIds, limit: 40, imagesDir: imagenetDir };
  const result = await runInPage(page, server.url, options);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  // The folder's listing and its 40 files, each straight from the network.
  expect(fromServiceWorker).toEqual(Array(41).fill(false));
  expect(result.images).toHaveLength(40);
  await expectDecodedInWorkers(page, 40, configIds.length);
  await expectSameInputs(result, imagenetDir);
});

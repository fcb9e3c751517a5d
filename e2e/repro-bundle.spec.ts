import { expect, test, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SerializedBundle } from '../src/app/headless-api';
import { requireData, sharedPath } from '../test-support/test-data';
import { useLabServer } from './support/lab-server';
import { unzipTo } from '../test-support/unzip-to';
import { reproVerdicts } from './support/repro-verdicts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const onnxModel = sharedPath('models', 'mobilenetv2-12-int8-onnx', 'mobilenetv2-12-int8.onnx');
test.skip(!requireData(onnxModel, 'the shared int8 MobileNetV2'));
const server = useLabServer();
// The campaign test answers the bundle the first test made (making one takes a localization).
test.describe.configure({ mode: 'serial' });
let made: SerializedBundle | undefined;

/** The JSEP disagreement localized on a synthetic input (as e2e/localize.spec.ts), made into a bundle. */
async function jsepBundle(page: Page): Promise<SerializedBundle> {
  await page.goto(server.url);
  await page.waitForFunction(() => 'crosscheck' in window);
  return page.evaluate(async () => {
    const size = 3 * 224 * 224;
    const data = Float32Array.from({ length: size }, (_, i) => Math.sin(i / 997) * 1.5);
    const request = {
      modelUrl: '/shared/models/mobilenetv2-12-int8-onnx/mobilenetv2-12-int8.onnx',
      input: { name: 'input', dtype: 'float32' as const, shape: [1, 3, 224, 224], data },
      referenceId: 'ort-wasm' as const,
      suspectId: 'ort-webgpu' as const,
      assetBaseUrl: new URL('./', location.href).href,
      timeoutMs: 120_000,
    };
    const source = { modelId: 'mobilenetv2-int8', image: 'synthetic', inputSha256: '0'.repeat(64) };
    return window.crosscheck.reproBundle(request, source);
  });
}

test('the MobileNetV2-int8 JSEP bundle reproduces in a fresh page with only onnxruntime-web served; its Node script reproduces the reference', async ({
  page,
  browser,
}) => {
  const bundle = await jsepBundle(page);
  made = bundle;
  const { manifest } = bundle;
  console.log(
    `${bundle.fileName}: ${manifest.model.kind} model of ${manifest.model.nodes.join(', ')}; reproduced ${manifest.reproduced}; ${Math.round(bundle.base64.length * 0.75)} bytes`,
  );
  expect(manifest.source.op).toBe('DequantizeLinear');
  expect(manifest.model.kind).toBe('single-node');
  expect(manifest.reproduced).toBe(true);
  expect(manifest.suspect).toMatchObject({
    configId: 'ort-webgpu',
    executionProvider: 'webgpu',
    ortFile: 'ort.all.min.mjs',
  });
  const dir = await unzipTo(Buffer.from(bundle.base64, 'base64'));

  const ortDist = join(root, 'node_modules', 'onnxruntime-web', 'dist');
  expect(await reproVerdicts(browser, dir, ortDist, (url) => `ort=${encodeURIComponent(url)}`)).toEqual([
    'reproduces',
    'does-not-reproduce',
  ]);

  // onnxruntime-node resolved from the project's own install (the folder the script is run from).
  const node = await run('node', [join(dir, 'repro-node.mjs')], { cwd: root, timeout: 120_000 });
  console.log(node.stdout);
  expect(node.stdout).toMatch(/^matches the recorded reference output$/m);
});

test('a campaign carrying the bundle gets an answer from two devices; the Repro screen answers too', async ({
  browser,
}) => {
  if (!made) throw new Error('the first test made no bundle');
  const zip = {
    name: made.fileName,
    mimeType: 'application/zip',
    buffer: Buffer.from(made.base64, 'base64'),
  };
  const plan = {
    name: 'jsep',
    modelIds: ['mobilenetv2-int8'],
    images: { source: 'samples' },
    configIds: ['ort-wasm', 'ort-webgpu'],
    repetitions: 1,
  };
  const created = await fetch(`${server.url}api/campaigns`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: JSON.stringify(plan),
  });
  const { campaignId } = (await created.json()) as { campaignId: string };

  /** A device of its own: a fresh context, given the lab token and a name as its owner would (the Sync panel keeps them). */
  const device = async (name: string) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.evaluate(
      ({ token, name }) => {
        localStorage.setItem('crosscheck-lab-token', token);
        localStorage.setItem('crosscheck-device-name', name);
      },
      { token: server.token, name },
    );
    // The lab page's Sync panel moves them into the settings every view reads.
    await page.reload();
    await page.waitForFunction(() => localStorage.getItem('crosscheck-lab-token') === null);
    await page.goto(`${server.url}c/${campaignId}`);
    return { context, bundles: page.getByTestId('campaign-bundles'), page };
  };

  const a = await device('device A');
  await a.bundles.getByLabel('Add a repro bundle').setInputFiles(zip);
  await expect(a.bundles.getByTestId('campaign-bundle')).toContainText('627_DequantizeLinear');
  const b = await device('device B');
  for (const [{ bundles }, name] of [
    [a, 'device A'],
    [b, 'device B'],
  ] as const) {
    await bundles.getByRole('button', { name: /Answer the repro bundles/ }).click();
    // Its own answer, listed once stored. (The button is still enabled just after the click, before the
    // rerun starts: waiting on it let the next step reload the page with the answer still in flight.)
    await expect(bundles.locator(`tr[data-device="${name}"]`)).toHaveCount(1, { timeout: 120_000 });
    await expect(bundles.getByRole('alert')).toHaveCount(0);
  }
  await b.page.reload();
  const rows = b.bundles.locator('tbody tr');
  await expect(rows).toHaveCount(2);
  for (const name of ['device A', 'device B'])
    await expect(b.bundles.locator(`tr[data-device="${name}"]`)).toHaveAttribute('data-reproduces', 'true');
  console.log((await rows.allTextContents()).join('\n'));

  // The lab's Repro screen takes the same zip and answers for this device.
  await a.page.goto(server.url);
  await a.page.getByRole('button', { name: 'Repro', exact: true }).click();
  const repro = a.page.getByTestId('repro');
  await repro.getByLabel('Repro bundle (.zip)').setInputFiles(zip);
  await expect(repro.getByTestId('bundle-summary')).toContainText('627_DequantizeLinear');
  await repro.getByRole('button', { name: /Rerun on this device/ }).click();
  const answer = repro.getByTestId('repro-answer');
  await expect(answer).toHaveAttribute('data-reproduces', 'true', { timeout: 120_000 });
  console.log(await answer.textContent());
  await Promise.all([a.context.close(), b.context.close()]);
});

import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { generatedPath, requireData, sharedPath } from '../test-support/test-data';
import { keepOnlyConfigurations } from './support/choose-configurations';
import { useLabServer } from './support/lab-server';
import { unconvertibleModel } from './support/unconvertible-model';

const server = useLabServer();
const mobilenet = generatedPath('models', 'nsfw-mobilenet-v2');
const onnxFile = sharedPath('models', 'mobilenetv2-12-int8-onnx', 'mobilenetv2-12-int8.onnx');

async function chooseOwnModel(page: Page, files: string[]): Promise<void> {
  await page.goto(server.url);
  await page.getByLabel('My own model').check();
  await page.getByLabel(/^Model files/).setInputFiles(files);
}

async function runOnSamples(page: Page, configs: string[]): Promise<void> {
  await keepOnlyConfigurations(page, configs);
  await page.getByLabel('Limit').fill('2');
  await page.getByLabel('Warm-up runs').fill('0');
  await page.getByLabel('Timed runs').fill('1');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('config-table')).toBeVisible({ timeout: 5 * 60_000 });
}

/** The "Top-1 agree" cell of a configuration's row in the results table. */
function top1Agreement(page: Page, configId: string) {
  return page.locator(
    `[data-testid="config-table"] tr[data-config="${configId}"] [data-testid="top1-agreement"]`,
  );
}

test('a TF.js layers model loaded from files runs on TF.js and, converted in the page, on ORT', async ({
  page,
}, testInfo) => {
  await chooseOwnModel(page, [join(mobilenet, 'model.json'), join(mobilenet, 'group1-shard1of1.bin')]);
  await expect(page.getByTestId('model-status')).toHaveText('Loaded model.json (tfjs-layers, 2 files)');
  await expect(page.getByTestId('conversion')).toContainText('Converted to ONNX in the page');
  // Defaults read from the model.json.
  await expect(page.getByLabel('Input height')).toHaveValue('224');
  await expect(page.getByLabel('Layout')).toHaveValue('NHWC');
  await expect(page.getByLabel('Output')).toHaveValue('probabilities');
  await expect(page.getByLabel('Classes')).toHaveValue('5');
  await runOnSamples(page, ['TF.js cpu', 'TF.js wasm', 'ORT wasm']);
  await page.screenshot({ path: testInfo.outputPath('user-model-results.png'), fullPage: true });
  const table = page.getByTestId('config-table');
  await expect(table).toContainText('my model on 2 images');
  for (const id of ['tfjs-cpu', 'tfjs-wasm', 'ort-wasm']) {
    await expect(table.locator(`tr[data-config="${id}"]`)).toHaveAttribute('data-status', 'ok');
    await expect(top1Agreement(page, id)).toHaveText('100.0%');
  }
});

test('a model.json without its weight file is refused, naming the missing file', async ({ page }) => {
  await chooseOwnModel(page, [join(mobilenet, 'model.json')]);
  await expect(page.getByTestId('model-error')).toHaveText(
    'model.json: weight file group1-shard1of1.bin missing (choose it together with model.json)',
  );
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
});

test('a layer the converter lacks is named; TF.js runs the model and ORT reports why it cannot', async ({
  page,
}) => {
  const { json, weights } = unconvertibleModel();
  await page.goto(server.url);
  await page.getByLabel('My own model').check();
  await page.getByLabel(/^Model files/).setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: json },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: weights },
  ]);
  const message = 'conversion to ONNX failed: unsupported layer UpSampling2D (layer up)';
  await expect(page.getByTestId('conversion')).toContainText(message);
  await expect(page.getByLabel('Input height')).toHaveValue('8');
  await runOnSamples(page, ['TF.js cpu', 'ORT wasm']);
  const table = page.getByTestId('config-table');
  await expect(table.locator('tr[data-config="tfjs-cpu"]')).toHaveAttribute('data-status', 'ok');
  await expect(table.locator('tr[data-config="ort-wasm"]')).toHaveAttribute('data-status', 'unsupported');
  await expect(table.locator('tr[data-config="ort-wasm"]')).toContainText(message);
});

test('an ONNX file with its own preprocessing runs on ORT wasm', async ({ page }) => {
  test.skip(!requireData(onnxFile, 'the shared int8 MobileNetV2'));
  await chooseOwnModel(page, [onnxFile]);
  await expect(page.getByTestId('model-status')).toHaveText(
    'Loaded mobilenetv2-12-int8.onnx (onnx, 1 files)',
  );
  await expect(page.getByLabel('Layout')).toHaveValue('NCHW');
  await expect(page.getByLabel('Classes')).toHaveValue('1000');
  await page.getByLabel('Resize', { exact: true }).selectOption('shorter-side-crop');
  await page.getByLabel('Resize shorter side to').fill('256');
  await page.getByLabel('Sampling').selectOption('half-pixel');
  for (const [i, [mean, std]] of [
    [0.485, 0.229],
    [0.456, 0.224],
    [0.406, 0.225],
  ].entries()) {
    await page.getByLabel(`Mean channel ${i + 1}`).fill(String(mean));
    await page.getByLabel(`Std channel ${i + 1}`).fill(String(std));
  }
  await page.getByLabel('Output').selectOption('logits');
  await runOnSamples(page, ['ORT wasm']);
  const row = page.locator('[data-testid="config-table"] tr[data-config="ort-wasm"]');
  await expect(row).toHaveAttribute('data-status', 'ok');
  await expect(page.getByTestId('config-table')).toContainText('mobilenetv2-12-int8 on 2 images');
});

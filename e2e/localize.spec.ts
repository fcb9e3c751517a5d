import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { openBundle } from '../src/repro/pack-bundle';
import { sharedPath, requireData } from '../test-support/test-data';
import { keepOnlyConfigurations } from './support/choose-configurations';
import { useLabServer } from './support/lab-server';

const onnxModel = sharedPath('models', 'mobilenetv2-12-int8-onnx', 'mobilenetv2-12-int8.onnx');
test.skip(!requireData(onnxModel, 'the shared int8 MobileNetV2'));
const server = useLabServer();

test('the MobileNetV2-int8 JSEP disagreement is localized to a named node; the native WebGPU EP matches wasm', async ({
  page,
}) => {
  await page.goto(server.url);
  await page.waitForFunction(() => 'crosscheck' in window);
  const localize = (suspectId: 'ort-webgpu' | 'ort-webgpu-native') =>
    page.evaluate(async (suspect) => {
      // A smooth synthetic image in the model's normalized range: JSEP's garbage does not depend on the input.
      const size = 3 * 224 * 224;
      const data = Float32Array.from({ length: size }, (_, i) => Math.sin(i / 997) * 1.5);
      const result = await window.crosscheck.localizeOnnx({
        modelUrl: '/shared/models/mobilenetv2-12-int8-onnx/mobilenetv2-12-int8.onnx',
        input: { name: 'input', dtype: 'float32', shape: [1, 3, 224, 224], data },
        referenceId: 'ort-wasm',
        suspectId: suspect,
        assetBaseUrl: new URL('./', location.href).href,
        timeoutMs: 120_000,
      });
      const { firstDivergent, firstJump, diffs } = result.localization;
      return {
        reproduced: result.reproduced,
        method: result.method,
        first: firstDivergent && { node: firstDivergent.node, opType: firstDivergent.opType },
        jump: firstJump?.node ?? null,
        compared: diffs.length,
        placement: result.suspectPlacement,
        seconds: result.elapsedMs / 1000,
      };
    }, suspectId);

  const jsep = await localize('ort-webgpu');
  console.log(
    `ort-webgpu: first divergent ${JSON.stringify(jsep.first)}, first jump ${jsep.jump}\n  placement: ${jsep.placement}; ${jsep.compared} outputs compared in ${jsep.seconds.toFixed(1)} s`,
  );
  expect(jsep.reproduced).toBe(true);
  expect(jsep.method).toBe('exposed-outputs');
  expect(jsep.first?.node).toBeTruthy();
  expect(jsep.compared).toBeGreaterThan(60);

  const native = await localize('ort-webgpu-native');
  console.log(`ort-webgpu-native: ${native.compared} outputs compared in ${native.seconds.toFixed(1)} s`);
  expect(native.reproduced).toBe(false);
  expect(native.first).toBeNull();
});

test('"Why?" on the configuration that disagrees plots error against depth and names the node', async ({
  page,
}) => {
  await page.goto(server.url);
  await page.getByLabel('Model', { exact: true }).selectOption('mobilenetv2-int8');
  await keepOnlyConfigurations(page, ['ORT wasm', 'ORT webgpu (JSEP)']);
  await page.getByLabel('Limit').fill('1');
  await page.getByLabel('Warm-up runs').fill('0');
  await page.getByLabel('Timed runs').fill('1');
  await page.getByRole('button', { name: 'Run', exact: true }).click();

  const row = page.locator('tr[data-config="ort-webgpu"]');
  await expect(row).toHaveAttribute('data-verdict', 'disagrees', { timeout: 3 * 60_000 });
  await expect(page.locator('tr[data-config="ort-wasm"]').getByTestId('why-button')).toHaveCount(0);
  // The disagreeing image offers "Why?" for the configuration too.
  await expect(page.getByTestId('image-row').getByTestId('why-button')).toHaveCount(1);
  await row.getByTestId('why-button').click();

  const localization = page.locator('[data-testid="localization"][data-config="ort-webgpu"]');
  await expect(localization).toBeVisible({ timeout: 2 * 60_000 });
  await expect(localization.locator('.line')).toHaveText(/^first divergent node: \S+ \(/);
  await expect(localization.getByTestId('node-name').first()).not.toBeEmpty();
  await expect(localization).toContainText('JsExecutionProvider');
  const figure = page.getByRole('figure', { name: /Error against depth/ });
  await expect(figure.locator('svg').first()).toBeVisible();
  console.log(`${await localization.locator('.line').textContent()}`);
  // One click makes the localization's repro bundle (docs/repro-bundles.md).
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 2 * 60_000 }),
    page.getByTestId('repro-download').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^repro-mobilenetv2-int8-ort-webgpu-.+\.zip$/);
  const { manifest } = await openBundle(new Uint8Array(await readFile(await download.path())));
  expect(manifest).toMatchObject({ reproduced: true, suspect: { configId: 'ort-webgpu' } });
  await expect(page.getByTestId('repro-made')).toContainText('still diverges');
  // `SAVE_DOCS_PLOT=1` refreshes the plot docs/localization.md shows.
  if (process.env.SAVE_DOCS_PLOT)
    await page.getByTestId('why').screenshot({ path: 'docs/localization-int8.png' });
});

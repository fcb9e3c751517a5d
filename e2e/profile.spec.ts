import { expect, test } from '@playwright/test';
import { useLabServer } from './support/lab-server';
import { keepOnlyConfigurations } from './support/choose-configurations';

const server = useLabServer();

test('a profiled run shows where each configuration spends its time, op by op, or why it cannot say', async ({
  page,
}, testInfo) => {
  await page.goto(server.url);
  await page.getByLabel('Model', { exact: true }).selectOption('nsfw-mobilenet-v2');
  await keepOnlyConfigurations(page, ['TF.js wasm', 'ORT wasm']);
  await page.getByLabel('Limit').fill('1');
  await page.getByLabel('Warm-up runs').fill('0');
  await page.getByLabel('Timed runs').fill('2');
  await page.getByLabel('Profile ops').check();
  await page.getByRole('button', { name: 'Run', exact: true }).click();

  const profile = page.getByTestId('op-profile');
  await expect(profile).toBeVisible({ timeout: 4 * 60_000 });
  // TF.js times every kernel (tf.profile); ORT's wasm build keeps its profile where the page cannot read it.
  await expect(profile).toContainText(
    /tfjs-wasm: ops [\d.]+ of [\d.]+ ms per inference \(\d+ %\), tf\.profile \(wasm\)/,
  );
  await expect(profile).toContainText('ort-wasm: not broken down');
  const chart = profile.getByRole('figure', { name: /share of op time per op type/ });
  // Observable Plot draws the legend's swatches as small svgs before the chart's own.
  await expect(chart.locator('svg').last()).toBeVisible();
  // The model's convolutions are among the bars, named as TF.js names its kernels.
  await expect(chart).toContainText(/Conv2D|FusedConv2D|DepthwiseConv2dNative|FusedDepthwiseConv2D/);
  await profile.screenshot({ path: testInfo.outputPath('op-profile.png') });
});

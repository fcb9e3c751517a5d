import { expect, test } from '@playwright/test';
import { useLabServer } from './support/lab-server';
import { keepOnlyConfigurations } from './support/choose-configurations';

const server = useLabServer();

test('a person picks two configurations, runs the built-in samples and reads the comparison table', async ({
  page,
}, testInfo) => {
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Crosscheck', level: 1 })).toBeVisible();
  await page.getByLabel('Model', { exact: true }).selectOption('nsfw-mobilenet-v2');
  await keepOnlyConfigurations(page, ['TF.js cpu', 'TF.js wasm']);
  await page.getByLabel('Limit').fill('3');
  await page.getByLabel('Warm-up runs').fill('0');
  await page.getByLabel('Timed runs').fill('2');
  await page.getByRole('button', { name: 'Run', exact: true }).click();

  await expect(page.getByRole('progressbar').first()).toBeVisible();
  const table = page.getByTestId('config-table');
  await expect(table).toBeVisible({ timeout: 5 * 60_000 });
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table.locator('tr[data-config="tfjs-cpu"]')).toHaveAttribute('data-status', 'ok');
  await expect(table.locator('tr[data-config="tfjs-wasm"]')).toHaveAttribute('data-status', 'ok');
  await expect(table).toContainText('3 images');
  await expect(page.getByRole('heading', { name: /Findings/ })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('lab-results.png'), fullPage: true });
});

import { expect, test } from '@playwright/test';
import { useLabServer } from './support/lab-server';
import { keepOnlyConfigurations } from './support/choose-configurations';

const server = useLabServer();

test("the first image's labels show while the run is still timing, before any result", async ({ page }) => {
  await page.goto(server.url);
  await page.getByLabel('Model', { exact: true }).selectOption('nsfw-mobilenet-v2');
  await keepOnlyConfigurations(page, ['TF.js cpu', 'TF.js wasm']);
  await page.getByLabel('Limit').fill('2');
  await page.getByLabel('Warm-up runs').fill('5');
  await page.getByLabel('Timed runs').fill('10');
  await page.getByRole('button', { name: 'Run', exact: true }).click();

  // The reference (tfjs-cpu) has answered its cold inference on the first image: labels, named.
  const first = page.getByTestId('first-labels');
  await expect(first).toBeVisible({ timeout: 5 * 60_000 });
  await expect(first).toContainText(/on tfjs-cpu:\s+\S+ \d+%/);
  // An ordering, not a time: the run has not ended (no results yet, progress still shown).
  await expect(page.getByTestId('config-table')).toHaveCount(0);
  await expect(page.getByTestId('progress')).toBeVisible();
  await expect(page.getByTestId('config-table')).toBeVisible({ timeout: 5 * 60_000 });
});

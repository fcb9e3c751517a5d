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

// The Device tab's model shelf looks up every on-demand model's files (weights included); done at start-up,
// that work shared the first seconds with the first run (a cold start fetched InceptionV3's six shards).
test('the app fetches no model it was not asked for until the Device tab opens', async ({ page }) => {
  const modelFiles: string[] = [];
  page.on('request', (request) => {
    if (/\/(generated|shared)\/models\//.test(request.url())) modelFiles.push(request.url());
  });
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Crosscheck', level: 1 })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(modelFiles).toEqual([]);

  const shelfLooks = page.waitForRequest(/\/generated\/models\/nsfw-inception-v3\/model\.json/);
  await page.getByRole('button', { name: 'Device', exact: true }).click();
  await shelfLooks;
  await expect(page.getByTestId('model-cache').locator('li[data-model="nsfw-inception-v3"]')).toBeVisible();
});

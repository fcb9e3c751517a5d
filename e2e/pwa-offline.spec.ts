import { expect, test, type Page } from '@playwright/test';
import { useLabServer } from './support/lab-server';
import { keepOnlyConfigurations } from './support/choose-configurations';

const server = useLabServer();

async function runTwoConfigs(page: Page): Promise<void> {
  await page.getByLabel('Model', { exact: true }).selectOption('nsfw-mobilenet-v2');
  await keepOnlyConfigurations(page, ['TF.js cpu', 'TF.js wasm']);
  await page.getByLabel('Limit').fill('2');
  await page.getByLabel('Warm-up runs').fill('0');
  await page.getByLabel('Timed runs').fill('2');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const table = page.getByTestId('config-table');
  await expect(table).toBeVisible({ timeout: 5 * 60_000 });
  await expect(table.locator('tr[data-config="tfjs-cpu"]')).toHaveAttribute('data-status', 'ok');
  await expect(table.locator('tr[data-config="tfjs-wasm"]')).toHaveAttribute('data-status', 'ok');
}

test('after one visit the app starts and completes a run offline, still cross-origin isolated', async ({
  page,
  context,
}, testInfo) => {
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Crosscheck', level: 1 })).toBeVisible();
  await runTwoConfigs(page);
  // Everything precached: the service worker is active once its install (the precache) has finished.
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (registration.active?.state !== 'activated') {
      await new Promise((resolve) => registration.active!.addEventListener('statechange', resolve));
    }
  });
  await expect(page.getByText('Ready to work offline')).toBeVisible();

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Crosscheck', level: 1 })).toBeVisible();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await runTwoConfigs(page);
  await page.screenshot({ path: testInfo.outputPath('offline-results.png'), fullPage: true });
});

import { expect, type Page } from '@playwright/test';
import { keepOnlyConfigurations } from './choose-configurations';

/** A small run (the embedded model, two TF.js configurations, two images) that must complete with both ok. */
export async function runTwoConfigs(page: Page): Promise<void> {
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

/** Everything precached: the service worker is active once its install (the precache) has finished. */
export async function waitUntilReadyOffline(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (registration.active?.state !== 'activated') {
      await new Promise((resolve) => registration.active!.addEventListener('statechange', resolve));
    }
  });
  await expect(page.getByText('Ready to work offline')).toBeVisible();
}

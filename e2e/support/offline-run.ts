import { expect, type Page } from '@playwright/test';
import { configuration, type ConfigId } from '../../src/adapters/configurations';
import { keepOnlyConfigurations } from './choose-configurations';

/** The configurations the offline checks run: both TF.js wasm and, through the converted ONNX, ORT. */
export const offlineConfigIds: ConfigId[] = ['tfjs-cpu', 'tfjs-wasm', 'ort-wasm'];

/** A small run (the embedded model, the given configurations, two images) that must complete with each ok. */
export async function runEmbeddedModel(page: Page, configIds: ConfigId[]): Promise<void> {
  await page.getByLabel('Model', { exact: true }).selectOption('nsfw-mobilenet-v2');
  await keepOnlyConfigurations(
    page,
    configIds.map((id) => configuration(id).label),
  );
  await page.getByLabel('Limit').fill('2');
  await page.getByLabel('Warm-up runs').fill('0');
  await page.getByLabel('Timed runs').fill('2');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const table = page.getByTestId('config-table');
  await expect(table).toBeVisible({ timeout: 5 * 60_000 });
  for (const id of configIds) {
    await expect(table.locator(`tr[data-config="${id}"]`), id).toHaveAttribute('data-status', 'ok');
  }
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

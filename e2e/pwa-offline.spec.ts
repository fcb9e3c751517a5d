import { expect, test } from '@playwright/test';
import { useLabServer } from './support/lab-server';
import { offlineConfigIds, runEmbeddedModel, waitUntilReadyOffline } from './support/offline-run';

const server = useLabServer();

test('after one visit the app starts and completes a TF.js and ORT run offline, still cross-origin isolated', async ({
  page,
  context,
}, testInfo) => {
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Crosscheck', level: 1 })).toBeVisible();
  await runEmbeddedModel(page, offlineConfigIds);
  await waitUntilReadyOffline(page);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Crosscheck', level: 1 })).toBeVisible();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await runEmbeddedModel(page, offlineConfigIds);
  await page.screenshot({ path: testInfo.outputPath('offline-results.png'), fullPage: true });
  // The Device section says which runtime binaries the app keeps offline.
  await page.getByRole('button', { name: 'Device', exact: true }).click();
  await page.getByRole('button', { name: 'Detect what this device supports' }).click();
  for (const runtime of ['ort', 'tfjs']) {
    await expect(page.locator(`[data-testid="runtime-offline"][data-runtime="${runtime}"]`)).toHaveAttribute(
      'data-kept',
      'true',
    );
  }
});

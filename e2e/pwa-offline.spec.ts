import { expect, test } from '@playwright/test';
import { useLabServer } from './support/lab-server';
import { runTwoConfigs, waitUntilReadyOffline } from './support/offline-run';

const server = useLabServer();

test('after one visit the app starts and completes a run offline, still cross-origin isolated', async ({
  page,
  context,
}, testInfo) => {
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Crosscheck', level: 1 })).toBeVisible();
  await runTwoConfigs(page);
  await waitUntilReadyOffline(page);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Crosscheck', level: 1 })).toBeVisible();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await runTwoConfigs(page);
  await page.screenshot({ path: testInfo.outputPath('offline-results.png'), fullPage: true });
});

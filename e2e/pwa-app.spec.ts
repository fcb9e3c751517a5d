import { chromium, devices, expect, test } from '@playwright/test';
import { configurations } from '../src/adapters/configurations';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from '../cli/chromium';
import { useLabServer } from './support/lab-server';
import { keepOnlyConfigurations } from './support/choose-configurations';
import { runInPage } from '../cli/run-headless';

const server = useLabServer();

test('Chromium finds the app installable: manifest, icons and service worker all accepted', async () => {
  const profile = await mkdtemp(join(tmpdir(), 'crosscheck-install-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: chromiumArgs,
    headless: true,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const { errors } = await cdp.send('Page.getAppManifest');
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});

test('a run is kept across reloads, exports to JSON and imports back to the same table', async ({
  page,
}, testInfo) => {
  await page.goto(server.url);
  await page.getByLabel('Model', { exact: true }).selectOption('nsfw-mobilenet-v2');
  await keepOnlyConfigurations(page, ['TF.js cpu', 'TF.js wasm']);
  await page.getByLabel('Limit').fill('2');
  await page.getByLabel('Warm-up runs').fill('0');
  await page.getByLabel('Timed runs').fill('3');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const table = page.getByTestId('config-table');
  await expect(table).toBeVisible({ timeout: 5 * 60_000 });
  const original = await table.innerText();
  await expect(
    page
      .getByRole('figure', { name: /Heat map/ })
      .locator('svg')
      .first(),
  ).toBeVisible();
  await expect(
    page
      .getByRole('figure', { name: /Box plots/ })
      .locator('svg')
      .first(),
  ).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('results.png'), fullPage: true });

  await page.reload();
  await page.getByRole('button', { name: 'History' }).click();
  const runs = page.getByTestId('history-run');
  await expect(runs).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('history.png'), fullPage: true });

  const downloading = page.waitForEvent('download');
  await runs.getByRole('button', { name: 'Export JSON' }).click();
  const exported = testInfo.outputPath('exported-run.json');
  await (await downloading).saveAs(exported);
  await runs.getByRole('button', { name: 'Delete' }).click();
  await expect(runs).toHaveCount(0);

  await page.getByLabel('Import JSON run').setInputFiles(exported);
  await expect(page.getByTestId('import-message')).toContainText('imported run');
  await expect(runs).toHaveCount(1);
  await runs.getByRole('button', { name: 'Open' }).click();
  await expect(table).toBeVisible();
  expect(await table.innerText()).toBe(original);

  await page.getByRole('button', { name: 'History' }).click();
  await page.getByLabel('Import JSON run').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"schemaVersion":1}'),
  });
  await expect(page.getByTestId('import-message')).toContainText('broken.json: not a Crosscheck run: runId');
});

test.describe('on a phone', () => {
  const { defaultBrowserType: _, ...pixel7 } = devices['Pixel 7'];
  test.use(pixel7);

  test('every section fits a phone screen without sideways scrolling', async ({ page }, testInfo) => {
    await page.goto(server.url);
    for (const section of ['Lab', 'History', 'Device']) {
      await page.getByRole('button', { name: section, exact: true }).click();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `${section} scrolls sideways`).toBeLessThanOrEqual(0);
      await page.screenshot({
        path: testInfo.outputPath(`phone-${section.toLowerCase()}.png`),
        fullPage: true,
      });
    }
    await page.getByRole('button', { name: 'Detect what this device supports' }).click();
    const probed = page.getByTestId('probed-configs').locator('li');
    await expect(probed).toHaveCount(configurations.length, { timeout: 3 * 60_000 });
    await expect(probed.and(page.locator('[data-config="tfjs-cpu"]'))).toHaveAttribute(
      'data-available',
      'true',
    );
    await expect(page.locator('[data-config="ort-webnn"]')).toContainText('unsupported');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: testInfo.outputPath('phone-device.png'), fullPage: true });
  });
});

test('a run started with the page puts off the service worker’s first install (its precache) until it ends', async ({
  page,
  context,
}) => {
  let installedAt: number | null = null;
  context.on('serviceworker', () => (installedAt ??= Date.now()));
  const started = Date.now();
  const finished = await runInPage(page, server.url, {
    modelId: 'nsfw-mobilenet-v2',
    configIds: ['tfjs-wasm'],
    referenceConfigId: 'tfjs-wasm',
    limit: 2,
    warmupRuns: 0,
    // About 5 s of timed runs: longer than the page waits before registering.
    timedRuns: 80,
  }).then(() => Date.now());
  // A run shorter than the page's wait would pass without anything being put off.
  expect(finished - started).toBeGreaterThan(2000);
  expect(installedAt).toBeNull();
  await page.evaluate(() => navigator.serviceWorker.ready);
  expect(installedAt).toBeGreaterThanOrEqual(finished);
});

import { expect, test, type Page, type TestInfo } from '@playwright/test';
import type { RunResult } from '../src/core/result-schema';
import { validRunResult } from '../src/core/result-schema.test-fixture';
import { useLabServer } from './support/lab-server';

const server = useLabServer();

/**
 * A stored run to open from History: ort-wasm the reference, tfjs-webgl failed, and ort-webgpu the
 * MobileNetV2-int8 case (the same 6.9e8 logit for every class, 69 of 71 nodes on CPU); one of the two
 * images could not be decoded.
 */
function garbageRun(): RunResult {
  const run = validRunResult();
  const [reference] = run.configs;
  run.configs.push({
    ...reference,
    configId: 'ort-webgpu',
    runtime: {
      ...reference.runtime!,
      requestedBackend: 'webgpu',
      fellBack: true,
      fallbackDetail: '69 of 71 nodes on CPU',
    },
  });
  const [tench] = run.images;
  tench.outcomes.push({
    ...tench.outcomes[0],
    configId: 'ort-webgpu',
    maxAbsDiff: 6.9e8,
    top1AgreesWithReference: false,
  });
  return run;
}

async function importAndOpen(page: Page, run: RunResult): Promise<void> {
  await page.getByRole('button', { name: 'History', exact: true }).click();
  await page.getByLabel('Import JSON run').setInputFiles({
    name: 'garbage-run.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(run)),
  });
  await page
    .getByTestId('history-run')
    .filter({ hasText: run.model.name })
    .getByRole('button', { name: 'Open' })
    .click();
}

async function createCampaign(configIds: string[]): Promise<string> {
  const plan = {
    name: 'promises',
    modelIds: ['nsfw-mobilenet-v2'],
    images: { source: 'samples', limit: 1 },
    configIds,
    repetitions: 1,
    warmupRuns: 0,
    timedRuns: 1,
  };
  const response = await fetch(`${server.url}api/campaigns`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: JSON.stringify(plan),
  });
  return ((await response.json()) as { campaignId: string }).campaignId;
}

/** No main screen may scroll sideways; each is kept as a screenshot for review. */
async function checkScreens(
  page: Page,
  testInfo: TestInfo,
  width: number,
  campaignId: string,
): Promise<void> {
  for (const [name, path] of [
    ['lab', ''],
    ['fleet', 'fleet'],
    ['phone-set-up', 'lan'],
    ['campaign', `c/${campaignId}`],
  ]) {
    await page.goto(server.url + path);
    await expect(page.getByRole('heading', { name: 'Crosscheck', level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth),
      `${name} at ${width} px`,
    ).toBeLessThanOrEqual(width);
    await page.screenshot({ path: testInfo.outputPath(`${name}-${width}.png`), fullPage: true });
  }
}

test.describe('phone, 360 px, touch', () => {
  test.use({ viewport: { width: 360, height: 800 }, hasTouch: true, isMobile: true });

  test('no sideways scrolling, 44 px targets, token feedback at Save, verdicts and fallbacks in the row, undo', async ({
    page,
  }, testInfo) => {
    const campaignId = await createCampaign(['tfjs-cpu']);
    await checkScreens(page, testInfo, 360, campaignId);

    await page.goto(server.url);
    expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
    const small = await page
      .locator(
        'button:visible, select:visible, input:visible:not([type=checkbox], [type=radio]), label:has(> input[type=checkbox]):visible',
      )
      .evaluateAll((els) =>
        els
          .filter((el) => el.getBoundingClientRect().height < 43.5)
          .map(
            (el) =>
              `${el.tagName} "${el.textContent?.trim().slice(0, 30)}" ${el.getBoundingClientRect().height}px`,
          ),
      );
    expect(small).toEqual([]);
    const runButton = await page.getByRole('button', { name: 'Run', exact: true }).boundingBox();
    expect(runButton?.height).toBeGreaterThanOrEqual(44);

    // A wrong lab token is told at Save; the right one is confirmed.
    const sync = page.getByTestId('sync-panel');
    await sync.getByLabel('Lab token').fill('not-the-token');
    await sync.getByRole('button', { name: 'Save' }).click();
    await expect(sync.getByTestId('token-check')).toContainText(
      'the store refuses this lab token (HTTP 401)',
    );
    await sync.getByLabel('Lab token').fill(server.token);
    await sync.getByRole('button', { name: 'Save' }).click();
    await expect(sync.getByTestId('token-check')).toContainText('the store accepts this lab token');

    const run = garbageRun();
    await importAndOpen(page, run);
    const table = page.getByTestId('config-table');
    await expect(table.locator('caption')).toContainText(
      'on 1 image (imagenet-samples; 1 of 2 could not be decoded)',
    );
    await expect(table.locator('tr[data-config="ort-wasm"]')).toHaveAttribute('data-verdict', 'reference');
    await expect(table.locator('tr[data-config="tfjs-webgl"]')).toHaveAttribute('data-verdict', 'failed');
    const webgpu = table.locator('tr[data-config="ort-webgpu"]');
    await expect(webgpu).toHaveAttribute('data-verdict', 'disagrees');
    await expect(webgpu.getByTestId('fallback')).toHaveText('fell back: 69 of 71 nodes on CPU');
    // Cold first inferences are orange dots, in the plot and in its legend.
    const cold = page.locator('figure.plot span', { hasText: 'cold (first)' }).locator('svg');
    expect(await cold.evaluate((svg) => svg.outerHTML)).toContain('fill="orange"');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: testInfo.outputPath('results-360.png'), fullPage: true });

    // Delete in History can be undone.
    await page.getByRole('button', { name: 'History', exact: true }).click();
    const row = page.getByTestId('history-run').filter({ hasText: run.model.name });
    await row.getByRole('button', { name: 'Delete' }).click();
    await expect(row).toHaveCount(0);
    await page.getByTestId('deleted').getByRole('button', { name: 'Undo' }).click();
    await expect(row).toHaveCount(1);
  });
});

test('desktop: a campaign runs ORT on the converted model, says what this device cannot run, and its fleet updates without reload', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  const campaignId = await createCampaign(['tfjs-cpu', 'ort-wasm', 'ort-webnn']);
  await page.addInitScript((t) => localStorage.setItem('crosscheck-lab-token', t), server.token);

  // Favicon and theme colour.
  await page.goto(server.url);
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', '#161b22');
  const icon = await page.locator('link[rel="icon"]').getAttribute('href');
  expect((await page.request.get(new URL(icon!, server.url).href)).status()).toBe(200);

  // The model picker shows weight shards without an extension (group1-shard1of1).
  await page.getByLabel('My own model').check();
  expect(await page.locator('input[name="model-files"]').getAttribute('accept')).toBeNull();

  await page.goto(`${server.url}c/${campaignId}`);
  const campaign = page.getByTestId('campaign');
  await campaign.getByRole('button', { name: /Run the plan/ }).click();
  const results = campaign.getByTestId('campaign-results');
  await expect(results.locator('tr[data-config="ort-wasm"]')).toContainText('ok', { timeout: 5 * 60_000 });
  await expect(results.locator('tr[data-config="tfjs-cpu"]')).toContainText('ok');
  await expect(results.locator('tr[data-config="ort-webnn"]')).toContainText('unsupported here: ');
  await expect(campaign.getByTestId('contributed')).toContainText('1 of 1 runs contributed');
  // The fleet below shows the contribution without a reload.
  await expect(page.getByTestId('fleet-matrix').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('fleet-matrix').locator('td[data-config="ort-wasm"]')).toContainText(
    '1/1 ok',
  );
  await page.screenshot({ path: testInfo.outputPath('campaign-run-1366.png'), fullPage: true });

  await checkScreens(page, testInfo, 1366, campaignId);
  await page.goto(server.url);
  await importAndOpen(page, garbageRun());
  await expect(page.getByTestId('config-table')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('results-1366.png'), fullPage: true });
});

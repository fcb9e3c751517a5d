import { expect, test } from '@playwright/test';
import type { RunResult } from '../src/core/result-schema';
import { validRunResult } from '../src/core/result-schema.test-fixture';
import type { RunSummary } from '../src/core/store-api';
import { json } from '../server/test/store-backends';
import { startServer, type RunningServer } from '../server/start-server';

const token = 'e2e-campaign-token-0123456789';
let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer({ dataDir: null, token });
});
test.afterAll(async () => server?.close());

async function api(path: string, body: unknown): Promise<Response> {
  return fetch(`${server.url}api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
}

test('a device opens a campaign link, runs the plan, contributes, and compares itself with another device', async ({
  page,
}, testInfo) => {
  const plan = {
    name: 'smoke',
    modelIds: ['nsfw-mobilenet-v2'],
    images: { source: 'samples', limit: 1 },
    configIds: ['tfjs-cpu', 'tfjs-wasm'],
    repetitions: 1,
    warmupRuns: 0,
    timedRuns: 2,
  };
  const { campaignId } = await json<{ campaignId: string }>(api('campaigns', plan));

  await page.addInitScript((t) => {
    localStorage.setItem('crosscheck-lab-token', t);
    localStorage.setItem('crosscheck-device-name', 'e2e desktop');
  }, token);
  await page.goto(`${server.url}c/${campaignId}`);
  const campaign = page.getByTestId('campaign');
  await expect(campaign.getByTestId('plan')).toContainText('tfjs-cpu, tfjs-wasm');
  await expect(campaign.getByRole('img', { name: /QR code/ })).toBeVisible();
  await campaign.getByRole('button', { name: /Run the plan/ }).click();
  await expect(campaign.getByTestId('contributed')).toContainText('1 of 1 runs contributed', {
    timeout: 5 * 60_000,
  });

  const { runs } = await json<{ runs: RunSummary[] }>(
    fetch(`${server.url}api/campaigns/${campaignId}/contributions`),
  );
  expect(runs).toHaveLength(1);
  expect(runs[0].device).toBe('e2e desktop');
  expect(runs[0].configIds).toEqual(['tfjs-cpu', 'tfjs-wasm']);

  // A second device contributes the same inputs with one label flipped and half the speed.
  const mine = await json<RunResult>(fetch(`${server.url}api/runs/${runs[0].runId}`));
  const other: RunResult = { ...structuredClone(mine), runId: crypto.randomUUID() };
  const wasm = other.configs.find((c) => c.configId === 'tfjs-wasm');
  const outcome = other.images[0].outcomes.find((o) => o.configId === 'tfjs-wasm');
  if (!wasm?.warm || !outcome) throw new Error('the stored run lacks tfjs-wasm timings or outcomes');
  wasm.warm.p50Ms *= 2;
  outcome.top5[0] = { ...outcome.top5[0], label: 'a different label' };
  expect((await api(`runs?campaign=${campaignId}&device=e2e%20phone`, other)).status).toBe(201);
  // A run outside the campaign stays out of its fleet view.
  expect(
    (await api('runs?device=elsewhere', { ...validRunResult(), runId: crypto.randomUUID() })).status,
  ).toBe(201);

  await page.reload();
  const matrix = page.getByTestId('fleet-matrix');
  await expect(matrix.locator('tbody tr')).toHaveCount(2);
  await expect(matrix.locator('tr[data-device="e2e phone"] td[data-config="tfjs-wasm"]')).toContainText(
    '1/1 ok',
  );
  await matrix.locator('tr[data-device="e2e desktop"] td[data-config="tfjs-cpu"] button').click();
  await page.getByTestId('drill-down').getByRole('button').first().click();
  await expect(page.getByTestId('run-detail')).toContainText(`Run ${runs[0].runId}`);

  const comparison = page.getByTestId('device-comparison');
  await comparison.getByLabel('A').selectOption({ label: `e2e desktop · ${runs[0].browser}` });
  await comparison.getByLabel('B').selectOption({ label: `e2e phone · ${runs[0].browser}` });
  await comparison.getByRole('button', { name: 'Compare' }).click();
  await expect(comparison.locator('tr[data-config="tfjs-wasm"]')).toContainText('2.00×');
  await expect(comparison.locator('tr[data-config="tfjs-wasm"] td').nth(2)).toHaveText('1');
  await expect(comparison.locator('tr[data-config="tfjs-cpu"] td').nth(2)).toHaveText('0');
  await expect(comparison.getByRole('figure')).toBeVisible();
  await expect(comparison).toContainText('B says a different label');
  await page.screenshot({ path: testInfo.outputPath('campaign-fleet.png'), fullPage: true });
});

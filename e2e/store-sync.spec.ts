import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validRunResult } from '../src/core/result-schema.test-fixture';
import type { RunSummary } from '../src/core/store-api';
import { json } from '../server/test/store-backends';
import { startServer, type RunningServer } from '../server/start-server';
import { killProcess, startServerProcess } from './support/server-process';
import { freePort } from '../test-support/free-port';

const token = 'e2e-lab-token-0123456789';

// The page's own outbox, as on browsers without Background Sync; the service worker's replay has its
// own spec (background-sync.spec.ts).
test.use({ serviceWorkers: 'block' });

/** Run ids the store holds among `ids` (run_id is its primary key, so each at most once). */
async function storedIds(server: RunningServer, ids: string[]): Promise<string[]> {
  const rows = await server.db.query<{ run_id: string }>(
    'select run_id from runs where run_id = any($1::uuid[])',
    [ids],
  );
  return rows.map((r) => r.run_id).sort();
}

async function openLab(page: Page, server: RunningServer): Promise<void> {
  await page.addInitScript((t) => localStorage.setItem('crosscheck-lab-token', t), token);
  await page.goto(server.url);
  await page.waitForFunction(() => 'crosscheck' in window);
}

test('runs made while the store is unreachable wait in the outbox and arrive exactly once when it is back', async ({
  page,
  context,
}) => {
  const server = await startServer({ dataDir: null, token });
  try {
    await openLab(page, server);
    // The network to the store drops: every upload fails, as it would offline.
    await page.route('**/api/runs', (route) => route.abort('internetdisconnected'));
    const runIds: string[] = [];
    for (let i = 0; i < 2; i++) {
      const result = await page.evaluate(() =>
        window.crosscheck.run({
          images: { kind: 'samples' },
          modelId: 'nsfw-mobilenet-v2',
          configIds: ['tfjs-cpu'],
          limit: 1,
          warmupRuns: 0,
          timedRuns: 1,
        }),
      );
      runIds.push((result as { runId: string }).runId);
    }
    const rows = page.getByTestId('sync-panel').locator('tbody tr');
    await expect(rows).toHaveCount(2);
    for (const id of runIds)
      await expect(page.locator(`tr[data-run="${id}"]`)).toHaveAttribute('data-sync', 'queued');
    // The oldest run goes first; the rest wait behind it.
    await expect(page.locator(`tr[data-run="${runIds[0]}"]`)).toContainText('store unreachable');
    expect(await storedIds(server, runIds)).toEqual([]);

    // The network comes back: the browser's online event sends the queue at once.
    await page.unroute('**/api/runs');
    await context.setOffline(true);
    await context.setOffline(false);
    for (const id of runIds)
      await expect(page.locator(`tr[data-run="${id}"]`)).toHaveAttribute('data-sync', 'synced');
    expect(await storedIds(server, runIds)).toEqual([...runIds].sort());
  } finally {
    await server.close();
  }
});

test('a store killed during uploads gets every run after it restarts, and repeated submissions are stored once', async ({
  page,
}) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'crosscheck-store-'));
  const port = await freePort();
  let server = await startServerProcess({ dataDir, token, port });
  const storedViaApi = async (ids: string[]) => {
    const { runs } = await json<{ runs: RunSummary[] }>(
      fetch(`${server.url}api/runs?limit=500&model=mobilenetv2-int8`),
    );
    return runs
      .map((r) => r.runId)
      .filter((id) => ids.includes(id))
      .sort();
  };
  try {
    await page.addInitScript((t) => localStorage.setItem('crosscheck-lab-token', t), token);
    await page.goto(server.url);
    await page.waitForFunction(() => 'crosscheck' in window);
    // Slow uploads down so the kill lands in the middle of them.
    await page.route('**/api/runs', async (route) => {
      await new Promise((r) => setTimeout(r, 150));
      await route.continue().catch(() => route.abort('connectionreset'));
    });
    const records = Array.from({ length: 12 }, () => ({ ...validRunResult(), runId: randomUUID() }));
    const ids = records.map((r) => r.runId);
    await page.evaluate(async (all) => {
      for (const record of all) await window.crosscheck.importRun(record);
    }, records);

    await expect
      .poll(async () => (await storedViaApi(ids)).length, { timeout: 60_000 })
      .toBeGreaterThanOrEqual(2);
    await killProcess(server.process);
    await expect(page.locator('[data-sync="queued"]').first()).toBeVisible();
    server = await startServerProcess({ dataDir, token, port });

    await expect(page.locator('[data-sync="synced"]')).toHaveCount(12, { timeout: 90_000 });
    expect(await storedViaApi(ids)).toEqual([...ids].sort());
    // Every device, tab or runner may send a run again: the store keeps one copy.
    for (const record of records.slice(0, 3)) {
      const again = await fetch(`${server.url}api/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(record),
      });
      expect(again.status).toBe(200);
    }
    expect(await storedViaApi(ids)).toHaveLength(12);
  } finally {
    await killProcess(server.process);
  }
});

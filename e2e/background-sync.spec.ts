import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { startServer } from '../server/start-server';
import { validRunResult } from '../src/core/result-schema.test-fixture';

const token = 'e2e-background-sync-token';

test("Background Sync wakes the outbox in the service worker: it delivers queued runs with the token from IndexedDB and keeps to each run's backoff and failed state", async ({
  context,
}) => {
  const server = await startServer({ dataDir: null, token });
  try {
    // A blank tab holds the DevTools session, so that the app's tab can be closed before the sync.
    const cdp = await context.newCDPSession(await context.newPage());
    const registrations = new Map<string, string>();
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }) => {
      for (const r of updated) if (!r.isDeleted) registrations.set(r.scopeURL, r.registrationId);
    });
    await cdp.send('ServiceWorker.enable');

    const page = await context.newPage();
    await page.goto(server.url);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) =>
          navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
        );
      }
    });
    // Entered once, as a person would; the page keeps it in IndexedDB, where the service worker reads it.
    const panel = page.getByTestId('sync-panel');
    await panel.getByLabel('Lab token').fill(token);
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect(panel.getByTestId('token-check')).toContainText('accepts this lab token');

    const [waiting, refused, delivered] = Array.from({ length: 3 }, () => ({
      ...validRunResult(),
      runId: randomUUID(),
    }));
    // The store fails on one run and asks for an hour (its backoff), and already holds other content
    // under another's id (409: failed).
    await context.route('**/api/runs*', async (route) => {
      const body = route.request().postData() ?? '';
      if (body.includes(waiting.runId))
        return route.fulfill({
          status: 500,
          headers: { 'retry-after': '3600' },
          json: { error: 'internal error' },
        });
      return route.fallback();
    });
    const clash = await fetch(`${server.url}api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ ...refused, crosscheckVersion: '0.0.9' }),
    });
    expect(clash.status).toBe(201);
    await page.evaluate(
      async (records) => {
        for (const record of records) await window.crosscheck.importRun(record);
      },
      [waiting, refused],
    );
    await expect(panel.locator(`tr[data-run="${refused.runId}"]`)).toHaveAttribute('data-sync', 'failed');
    await expect(panel.locator(`tr[data-run="${waiting.runId}"]`)).toContainText('500: internal error');

    // Offline: the page's outbox cannot send the third run, and asks for Background Sync.
    await context.setOffline(true);
    await page.evaluate((record) => window.crosscheck.importRun(record), delivered);
    await expect(panel.locator(`tr[data-run="${delivered.runId}"]`)).toContainText('store unreachable');
    await page.close();
    await context.unroute('**/api/runs*');
    await context.setOffline(false);

    // With no tab open, the browser fires the sync event (here on request, as it would on its own).
    const scope = new URL('/', server.url).href;
    expect(registrations.get(scope)).toBeDefined();
    await cdp.send('ServiceWorker.dispatchSyncEvent', {
      origin: new URL(server.url).origin,
      registrationId: registrations.get(scope)!,
      tag: 'crosscheck-outbox',
      lastChance: false,
    });
    const stored = async () =>
      (
        await server.db.query<{ run_id: string; crosscheck_version: string }>(
          "select run_id, record->>'crosscheckVersion' as crosscheck_version from runs where run_id = any($1::uuid[]) order by run_id",
          [[waiting.runId, refused.runId, delivered.runId]],
        )
      ).map((r) => `${r.run_id} ${r.crosscheck_version}`);
    await expect
      .poll(stored, { timeout: 30_000 })
      .toContain(`${delivered.runId} ${delivered.crosscheckVersion}`);
    // The run in backoff was not sent, and the failed one not sent again (the store keeps the other content).
    expect(await stored()).toEqual(
      [`${delivered.runId} ${delivered.crosscheckVersion}`, `${refused.runId} 0.0.9`].sort(),
    );

    // The service worker wrote what it did where the page reads it.
    const again = await context.newPage();
    await again.goto(server.url);
    const rows = again.getByTestId('sync-panel');
    await expect(rows.locator(`tr[data-run="${delivered.runId}"]`)).toHaveAttribute('data-sync', 'synced');
    await expect(rows.locator(`tr[data-run="${waiting.runId}"]`)).toHaveAttribute('data-sync', 'queued');
    await expect(rows.locator(`tr[data-run="${refused.runId}"]`)).toHaveAttribute('data-sync', 'failed');
  } finally {
    await server.close();
  }
});

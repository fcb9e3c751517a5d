import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { startServer } from '../server/start-server';
import { validRunResult } from '../src/core/result-schema.test-fixture';

const token = 'e2e-background-sync-token';
const queueTag = 'workbox-background-sync:crosscheck-run-uploads';

test('an upload that fails offline is kept by the service worker and replayed by Background Sync', async ({
  page,
  context,
}) => {
  const server = await startServer({ dataDir: null, token });
  try {
    const cdp = await context.newCDPSession(page);
    const registrations: string[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }) => {
      for (const r of updated) if (!r.isDeleted) registrations.push(r.registrationId);
    });
    await cdp.send('ServiceWorker.enable');
    await page.goto(server.url);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) =>
          navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
        );
      }
    });

    const run = { ...validRunResult(), runId: randomUUID() };
    await context.setOffline(true);
    const upload = await page.evaluate(
      async ({ body, token }) => {
        try {
          const response = await fetch('/api/runs', {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body,
          });
          return `answered ${response.status}`;
        } catch {
          return 'failed';
        }
      },
      { body: JSON.stringify(run), token },
    );
    expect(upload).toBe('failed');
    const stored = () => server.db.query('select run_id from runs where run_id = $1', [run.runId]);
    expect(await stored()).toHaveLength(0);

    // The network is back; the browser fires the sync event (here on request, as it would on its own).
    await context.setOffline(false);
    expect(registrations.length).toBeGreaterThan(0);
    await cdp.send('ServiceWorker.dispatchSyncEvent', {
      origin: new URL(server.url).origin,
      registrationId: registrations.at(-1)!,
      tag: queueTag,
      lastChance: false,
    });
    await expect.poll(async () => (await stored()).length, { timeout: 30_000 }).toBe(1);
  } finally {
    await server.close();
  }
});

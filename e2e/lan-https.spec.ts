import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, request, test, type Browser } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../cli/chromium';
import { startServer, type RunningServer } from '../server/start-server';
import { runEmbeddedModel, waitUntilReadyOffline } from './support/offline-run';

// Loopback is a secure context whatever its certificate, so the page is reached by a name instead:
// crosscheck.test, which the server certificate names and Chromium resolves to 127.0.0.1.
const name = 'crosscheck.test';
let server: RunningServer;
let origin: string;
let temporary: string;

test.beforeAll(async () => {
  temporary = await mkdtemp(join(tmpdir(), 'crosscheck-lan-'));
  server = await startServer({ https: true, tlsNames: [name], dataDir: null });
  origin = `https://${name}:${server.port}`;
});
test.afterAll(async () => {
  await server?.close();
  await rm(temporary, { recursive: true, force: true });
});

/** System Chromium with `home` as HOME: on Linux it trusts the CAs in $HOME/.pki/nssdb, as a user's would. */
function launchWithHome(home: string): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [...chromiumArgs, `--host-resolver-rules=MAP ${name} 127.0.0.1`],
    env: { ...process.env, HOME: home },
  });
}

/** What a user does: fetch the CA certificate past the warning, then add it to their NSS database. */
async function homeTrustingTheCa(): Promise<string> {
  const untrusted = await request.newContext({ ignoreHTTPSErrors: true });
  const response = await untrusted.get(`https://127.0.0.1:${server.port}/api/lan/ca.crt`);
  expect(response.headers()['content-type']).toBe('application/x-x509-ca-cert');
  const caFile = join(temporary, 'crosscheck-ca.crt');
  await writeFile(caFile, await response.body());
  await untrusted.dispose();
  const home = join(temporary, 'trusting');
  const db = `sql:${join(home, '.pki', 'nssdb')}`;
  await mkdir(join(home, '.pki', 'nssdb'), { recursive: true });
  try {
    execFileSync('certutil', ['-d', db, '-N', '--empty-password']);
    execFileSync('certutil', ['-d', db, '-A', '-t', 'C,,', '-n', 'crosscheck', '-i', caFile]);
  } catch (error) {
    throw new Error(`certutil failed (install it: apt-get install -y libnss3-tools): ${String(error)}`);
  }
  return home;
}

test('without the CA installed, the page does not load: a certificate error', async () => {
  const home = join(temporary, 'untrusting');
  await mkdir(home);
  const browser = await launchWithHome(home);
  try {
    const page = await browser.newPage();
    await expect(page.goto(`${origin}/lan`)).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
  } finally {
    await browser.close();
  }
});

test('with the CA installed, the app is a secure context, isolated, controlled by its service worker, and runs offline', async () => {
  const browser = await launchWithHome(await homeTrustingTheCa());
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(origin);
    await runEmbeddedModel(page, ['tfjs-cpu', 'tfjs-wasm']);
    await waitUntilReadyOffline(page);
    const check = (id: string) => page.locator(`[data-check="${id}"]`);
    await page.goto(`${origin}/lan`);
    for (const id of ['secure', 'controlled', 'isolated'])
      await expect(check(id)).toHaveAttribute('data-ok', 'true');
    await expect(page.getByTestId('ca-fingerprint')).toHaveText(server.tls?.caFingerprint ?? 'no CA');
    // The service worker answers navigations with the app; the download link must still get the certificate.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the CA certificate' }).first().click(),
    ]);
    expect(await readFile(await download.path(), 'utf8')).toBe(server.tls?.caCert);
    // iOS installs it from a plain navigation to the same URL: the store answers, not the app.
    await page.goto(`${origin}/api/lan`);
    expect(JSON.parse(await page.locator('body').innerText())).toMatchObject({ https: true });

    await context.setOffline(true);
    await page.goto(`${origin}/lan`);
    for (const id of ['secure', 'controlled', 'isolated'])
      await expect(check(id)).toHaveAttribute('data-ok', 'true');
    await page.goto(origin);
    expect(
      await page.evaluate(() => navigator.serviceWorker.controller !== null && crossOriginIsolated),
    ).toBe(true);
    await runEmbeddedModel(page, ['tfjs-cpu', 'tfjs-wasm']);
  } finally {
    await browser.close();
  }
});

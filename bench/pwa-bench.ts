/**
 * npm run bench:pwa: what the PWA costs a person. The JS a first visit must download before the app can
 * start (the app shell: index.html's entry script and its preloads, raw and gzipped), and a cold start
 * with the network off: reload a page whose service worker has everything cached, until the first
 * inference result comes back. Printed, never asserted.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../cli/chromium';
import { distDir } from '../server/project-paths';
import { startServer } from '../server/start-server';
import type { RunOptions } from '../src/lab/run/start-run';

export interface ShellSize {
  files: string[];
  bytes: number;
  gzipBytes: number;
}

/** The JS index.html loads up front (runtimes and workers load later, on demand). */
export async function appShellSize(dir = distDir): Promise<ShellSize> {
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/?([^"]+\.js)"/g)].map((m) => m[1]);
  const contents = await Promise.all(files.map((file) => readFile(join(dir, file))));
  return {
    files,
    bytes: contents.reduce((sum, c) => sum + c.length, 0),
    gzipBytes: contents.reduce((sum, c) => sum + gzipSync(c).length, 0),
  };
}

export interface OfflineColdStart {
  /** Reload (network off) until the first inference result of a one-image run. */
  reloadToFirstResultMs: number;
  /** Of which: reload until the app's API is there. */
  reloadToReadyMs: number;
  crossOriginIsolated: boolean;
  configId: string;
}

/** One visit online to fill the caches, then offline: reload → first result, from the service worker alone. */
export async function offlineColdStart(url: string, configId = 'tfjs-wasm'): Promise<OfflineColdStart> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      if (registration.active?.state !== 'activated') {
        await new Promise((resolve) => registration.active!.addEventListener('statechange', resolve));
      }
    });
    await context.setOffline(true);
    const options: RunOptions = {
      modelId: 'nsfw-mobilenet-v2',
      images: { kind: 'samples' },
      configIds: [configId],
      limit: 1,
      warmupRuns: 0,
      timedRuns: 1,
    };
    const started = performance.now();
    await page.reload();
    await page.waitForFunction(() => 'crosscheck' in window);
    const ready = performance.now();
    await page.evaluate((o) => window.crosscheck.run(o as RunOptions), options as object);
    const done = performance.now();
    return {
      reloadToFirstResultMs: done - started,
      reloadToReadyMs: ready - started,
      crossOriginIsolated: await page.evaluate(() => crossOriginIsolated),
      configId,
    };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  // An in-memory store: the bench's runs are measurements, not records to keep in ./data.
  const server = await startServer({ build: 'always', dataDir: null });
  try {
    const shell = await appShellSize();
    console.log(
      `app shell JS: ${(shell.bytes / 1024).toFixed(1)} KiB raw, ${(shell.gzipBytes / 1024).toFixed(1)} KiB gzip (${shell.files.join(', ')})`,
    );
    const cold = await offlineColdStart(server.url);
    console.log(
      `offline cold start (${cold.configId}): reload → app ready ${cold.reloadToReadyMs.toFixed(0)} ms, ` +
        `reload → first inference result ${cold.reloadToFirstResultMs.toFixed(0)} ms, crossOriginIsolated ${cold.crossOriginIsolated}`,
    );
  } finally {
    await server.close();
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) await main();

import type { Page } from 'playwright-core';
import { describeCounts, type ConformanceRecord } from '../src/core/conformance/conformance-schema';
import type { ConformanceProgress } from '../src/lab/conformance/run-conformance';
import { labMounts } from '../server/folder-mounts';
import { serveForCli } from './serve-for-cli';
import { launchChromium } from './chromium';

/** What the conformance and fuzz CLIs share: the page that runs the suite, its progress, and keeping its record. */
export interface SuiteFlags {
  noBuild: boolean;
  verbose: boolean;
}

function progressLine(started: number, { done, total, result }: ConformanceProgress): string {
  const seconds = ((Date.now() - started) / 1000).toFixed(0).padStart(5);
  const note = result.status === 'pass' ? '' : `  ${result.detail ?? ''}`.slice(0, 160);
  return `${seconds}s ${String(done).padStart(5)}/${total}  ${result.configId.padEnd(17)} ${result.status.padEnd(11)} ${result.caseId} ${result.op}${note}\n`;
}

/** Keeps the record in the lab store (./data, or DATABASE_URL), as `npm run lab` does with a run. */
async function storeConformanceRecord(
  server: { url: string; token: string },
  record: ConformanceRecord,
): Promise<string> {
  const response = await fetch(new URL('api/conformance', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: JSON.stringify(record),
  });
  if (response.ok)
    return `suite ${record.suiteId}; \`npm start\` serves it at /api/conformance/${record.suiteId}`;
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  return `not stored (${response.status} ${body.error ?? ''}); the report has everything`;
}

/**
 * Serves the app, opens it in headless Chromium, lets `inPage` drive the page's own suite (each case's
 * progress goes to stderr), and keeps the suite's record in the lab store.
 */
export async function runSuiteInPage<T>(
  flags: SuiteFlags,
  inPage: (page: Page) => Promise<T>,
  recordOf: (result: T) => ConformanceRecord,
): Promise<{ result: T; stored: string }> {
  const started = Date.now();
  const { server, store } = await serveForCli({
    build: flags.noBuild ? 'if-missing' : 'always',
    mounts: labMounts(),
    databaseUrl: process.env.DATABASE_URL,
    token: process.env.CROSSCHECK_TOKEN,
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(0);
    if (flags.verbose)
      page.on('console', (m) => process.stderr.write(`  browser [${m.type()}] ${m.text()}\n`));
    await page.exposeFunction('crosscheckConformanceProgress', (progress: ConformanceProgress) =>
      process.stderr.write(progressLine(started, progress)),
    );
    await page.goto(server.url);
    await page.waitForFunction(() => 'crosscheck' in window);
    const result = await inPage(page);
    return { result, stored: await storeConformanceRecord(store, recordOf(result)) };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** One line per configuration: its counts and time, or why it could not run. */
export function printConfigCounts(record: ConformanceRecord): void {
  for (const config of record.configs)
    console.log(
      config.unavailable
        ? `${config.configId}: unavailable (${config.unavailable})`
        : `${config.configId}: ${describeCounts(config.counts)} in ${(config.durationMs / 1000).toFixed(1)} s`,
    );
}

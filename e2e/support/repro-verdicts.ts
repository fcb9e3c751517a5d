import { expect, type Browser } from '@playwright/test';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serveFolder } from './serve-folder';

/**
 * Opens an unzipped bundle's `repro.html` from disk in a fresh context (no app, no service worker,
 * only the runtime's `dist` folder served), on the suspect's side and then the reference's, and gives
 * both verdicts. `runtimeQuery` says where the runtime is, e.g. `(url) => 'ort=' + url`.
 */
export async function reproVerdicts(
  browser: Browser,
  bundleDir: string,
  runtimeDist: string,
  runtimeQuery: (distUrl: string) => string,
): Promise<(string | null)[]> {
  const runtime = await serveFolder(runtimeDist);
  const fresh = await browser.newContext();
  try {
    const repro = await fresh.newPage();
    const page = pathToFileURL(join(bundleDir, 'repro.html')).href;
    const verdicts: (string | null)[] = [];
    for (const side of ['', '&side=reference']) {
      await repro.goto(`${page}?${runtimeQuery(runtime.url)}${side}`);
      const verdict = repro.locator('#verdict');
      await expect(verdict).not.toHaveAttribute('data-verdict', 'running', { timeout: 120_000 });
      console.log(
        `repro.html${side}: ${await verdict.textContent()}\n${await repro.locator('#out').textContent()}`,
      );
      verdicts.push(await verdict.getAttribute('data-verdict'));
    }
    return verdicts;
  } finally {
    await fresh.close();
    runtime.server.close();
  }
}

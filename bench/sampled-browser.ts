import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { launchChromium } from '../cli/chromium';
import { runInPage, type HeadlessOptions } from '../cli/run-headless';
import type { RunResult } from '../src/core/result-schema';
import { MemorySampler, type MemorySample } from './chromium-memory';

/**
 * A browser of its own for one measurement, its memory (PSS of all its processes) sampled every
 * `everyMs` while `measure` runs. A fresh browser each time, so one measurement's peak is not another's.
 */
export async function withSampledBrowser<T>(
  measure: (page: Page, sampler: MemorySampler) => Promise<T>,
  everyMs = 1000,
): Promise<{ value: T; samples: MemorySample[] }> {
  // Chromium ignores a switch it does not know; it marks this browser's main process in /proc.
  const marker = `--crosscheck-bench=${randomUUID()}`;
  const browser = await launchChromium([marker]);
  const sampler = new MemorySampler(marker, everyMs);
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(0);
    const value = await measure(page, sampler);
    return { value, samples: await sampler.stop() };
  } finally {
    await sampler.stop();
    await browser.close();
  }
}

/** One lab run in its own browser, the samples tagged with the configuration running at the time. */
export async function sampledRun(
  url: string,
  options: HeadlessOptions,
): Promise<{ result: RunResult; samples: MemorySample[] }> {
  const { value, samples } = await withSampledBrowser((page, sampler) =>
    runInPage(page, url, {
      ...options,
      onProgress: (p) => {
        sampler.label = p.configId ?? '';
        options.onProgress?.(p);
      },
    }),
  );
  return { result: value, samples };
}

/**
 * One lab run in a browser of its own, unsampled: reading every process's memory each second costs CPU
 * that a timed figure (the sweep's wall time) should not pay.
 */
export async function freshRun(url: string, options: HeadlessOptions): Promise<RunResult> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(0);
    return await runInPage(page, url, options);
  } finally {
    await browser.close();
  }
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from '@playwright/test';
import { runInPage } from '../../cli/run-headless';
import { test } from './fixtures';

/** MATRIX_IMAGES sample images per run (2 unless told), MATRIX_RUNS timed runs (5), CROSSCHECK_CAMPAIGN to contribute to. */
const limit = Number(process.env.MATRIX_IMAGES ?? 2);
const timedRuns = Number(process.env.MATRIX_RUNS ?? 5);
const campaignId = process.env.CROSSCHECK_CAMPAIGN;

for (const index of [0, 1]) {
  test(`run ${index + 1}: the profile's model and configurations, stored`, async ({
    page,
    profile,
    app,
    store,
    cpuCap: { emulation, group },
  }) => {
    const run = profile.runs[index];
    test.skip(!run, 'this profile has no such run');
    if (group)
      expect(
        readFileSync(join(group.path, 'cgroup.procs'), 'utf8'),
        'Chromium runs in the capped group',
      ).not.toBe('');
    page.setDefaultTimeout(0);
    const result = {
      ...(await runInPage(page, app.url, { ...run, limit, warmupRuns: 1, timedRuns })),
      emulation,
    };
    test.info().annotations.push({ type: 'throttling', description: emulation.throttling });
    await test.info().attach(`${run.modelId}.json`, {
      body: JSON.stringify(result, null, 2),
      contentType: 'application/json',
    });
    const query = new URLSearchParams({
      device: profile.device,
      ...(campaignId ? { campaign: campaignId } : {}),
    });
    const response = await fetch(new URL(`api/runs?${query}`, store.url), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        authorization: `Bearer ${store.token}`,
      },
      body: new Uint8Array(gzipSync(JSON.stringify(result))),
    });
    expect(response.ok, `the store refused the run: ${response.status} ${await response.text()}`).toBe(true);
    const broken = result.configs.filter((c) => c.status === 'crashed' || c.status === 'timeout');
    expect(broken.map((c) => `${c.configId} ${c.status}: ${c.reason}`)).toEqual([]);
  });
}

import { test as base } from '@playwright/test';
import type { LaunchOptions } from 'playwright-core';
import type { Emulation } from '../../src/core/result-schema';
import { labMounts } from '../../server/folder-mounts';
import { startServer, type RunningServer } from '../../server/start-server';
import type { StoreAddress } from '../../cli/serve-for-cli';
import type { MatrixProfile } from '../../cli/matrix-profiles';
import { inCpuCgroup } from '../../cli/chromium';
import { openCpuCgroup, type CpuCgroup } from '../../cli/cpu-cgroup';

interface MatrixFixtures {
  profile: MatrixProfile;
  app: RunningServer;
  store: StoreAddress;
  /** The profile's CPU cap (null: none, or unavailable) and how it is emulated, for its run records. */
  cpuCap: { emulation: Emulation; group: CpuCgroup | null };
  launchOptions: LaunchOptions;
}

/** CROSSCHECK_STORE_URL + CROSSCHECK_TOKEN name the store the runs go to; without them, the app's own throwaway store. */
function storeFromEnv(): StoreAddress | null {
  const url = process.env.CROSSCHECK_STORE_URL;
  if (!url) return null;
  const token = process.env.CROSSCHECK_TOKEN;
  if (!token)
    throw new Error('CROSSCHECK_STORE_URL is set but CROSSCHECK_TOKEN is not: the store needs its lab token');
  return { url: url.endsWith('/') ? url : `${url}/`, token };
}

export const test = base.extend<object, MatrixFixtures>({
  profile: [
    { device: 'matrix desktop', runs: [] },
    { scope: 'worker', option: true },
  ],
  app: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern; the app needs none.
    async ({}, use) => {
      const server = await startServer({ build: 'if-missing', mounts: labMounts(), dataDir: null });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  store: [async ({ app }, use) => use(storeFromEnv() ?? app), { scope: 'worker' }],
  // The cap is made before the browser starts and removed after it has gone (fixtures end in reverse).
  cpuCap: [
    async ({ profile }, use, workerInfo) => {
      const cap = profile.cpus === undefined ? null : openCpuCgroup(profile.cpus);
      const throttling = !cap
        ? 'none'
        : cap.ok
          ? cap.group.description
          : `throttling unavailable: ${cap.reason}`;
      if (cap && !cap.ok) console.warn(`${workerInfo.project.name}: ${throttling}`);
      const emulation = { profile: workerInfo.project.name, cpus: profile.cpus ?? null, throttling };
      try {
        await use({ emulation, group: cap?.ok ? cap.group : null });
      } finally {
        if (cap?.ok) await cap.group.close();
      }
    },
    { scope: 'worker' },
  ],
  launchOptions: [
    async ({ launchOptions, cpuCap: { group } }, use) =>
      use(group ? inCpuCgroup(launchOptions, group) : launchOptions),
    { scope: 'worker' },
  ],
});

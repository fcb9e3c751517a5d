import { spawn } from 'node:child_process';
import { test as base, type Browser } from '@playwright/test';
import { labMounts } from '../../server/folder-mounts';
import { startServer, type RunningServer } from '../../server/start-server';
import type { StoreAddress } from '../../cli/serve-for-cli';
import type { MatrixProfile } from './profiles';

interface MatrixFixtures {
  profile: MatrixProfile;
  app: RunningServer;
  store: StoreAddress;
  browser: Browser;
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
    { device: 'matrix desktop', cpuLimitPercent: null, runs: [] },
    { scope: 'worker', option: true },
  ],
  app: [
    async ({}, use) => {
      const server = await startServer({ build: 'if-missing', mounts: labMounts(), dataDir: null });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  store: [async ({ app }, use) => use(storeFromEnv() ?? app), { scope: 'worker' }],
  // The runtimes run in workers, wasm threads and the GPU process, out of CDP throttling's reach: cap them all.
  browser: [
    async ({ playwright, profile, launchOptions }, use) => {
      const server = await playwright.chromium.launchServer(launchOptions);
      const pid = server.process().pid;
      const limiter =
        profile.cpuLimitPercent === null || pid === undefined
          ? null
          : spawn(
              'cpulimit',
              [
                '--pid',
                String(pid),
                '--limit',
                String(profile.cpuLimitPercent),
                '--monitor-forks',
                '--lazy',
                '--quiet',
              ],
              { stdio: 'inherit' },
            );
      const failed =
        limiter &&
        new Promise<never>((_, reject) =>
          limiter.on('error', (e) =>
            reject(new Error(`cpulimit: ${e.message} (apt-get install -y cpulimit)`)),
          ),
        );
      const browser = await (failed
        ? Promise.race([failed, playwright.chromium.connect(server.wsEndpoint())])
        : playwright.chromium.connect(server.wsEndpoint()));
      await use(browser);
      // cpulimit sends SIGCONT as it exits, so a paused Chromium can close.
      limiter?.kill();
      await browser.close();
      await server.close();
    },
    { scope: 'worker' },
  ],
});

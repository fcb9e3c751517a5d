import { test as base } from '@playwright/test';
import { labMounts } from '../../server/folder-mounts';
import { startServer, type RunningServer } from '../../server/start-server';
import type { StoreAddress } from '../../cli/serve-for-cli';
import type { MatrixProfile } from '../../cli/matrix-profiles';

interface MatrixFixtures {
  profile: MatrixProfile;
  app: RunningServer;
  store: StoreAddress;
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
});

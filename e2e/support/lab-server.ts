import { test } from '@playwright/test';
import { labMounts } from '../../server/folder-mounts';
import { startServer } from '../../server/start-server';

/**
 * Serves the built app (global setup built it) with an in-memory store for one spec file: nothing is left
 * behind in ./data. `imagesDir` is mounted at /images/; `sharedDir` replaces the shared data folder at
 * /shared/, e.g. a folder of broken models.
 */
export function useLabServer(options: { imagesDir?: string; sharedDir?: string } = {}) {
  const state = { url: '', token: '' };
  let close: (() => Promise<void>) | undefined;
  test.beforeAll(async () => {
    const server = await startServer({ build: 'if-missing', dataDir: null, mounts: labMounts(options) });
    state.url = server.url;
    state.token = server.token;
    close = server.close;
  });
  test.afterAll(async () => close?.());
  return state;
}

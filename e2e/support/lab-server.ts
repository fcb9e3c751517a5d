import { test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveApp } from '../../cli/app-server';

export const sharedDir = join(import.meta.dirname, '..', '..', process.env.CROSSCHECK_SHARED ?? join('..', 'shared'));
export const hasShared = existsSync(join(sharedDir, 'README.md'));
export const imagenetDir = join(sharedDir, 'data', 'imagenet-samples');

/**
 * Serves the built app (and an in-memory store) for one spec file. `env` is applied while the server starts (the folder
 * mounts are read then), e.g. { CROSSCHECK_SHARED: tmp } for a folder of broken models.
 */
export function useLabServer(options: { imagesDir?: string; env?: Record<string, string> } = {}) {
  const state = { url: '', token: '' };
  let close: (() => Promise<void>) | undefined;
  test.beforeAll(async () => {
    const saved = Object.fromEntries(Object.keys(options.env ?? {}).map((k) => [k, process.env[k]]));
    Object.assign(process.env, options.env);
    try {
      // An in-memory store per spec: nothing is left behind in ./data.
      const server = await serveApp({ imagesDir: options.imagesDir, skipBuild: true, dataDir: null });
      state.url = server.url;
      state.token = server.token;
      close = server.close;
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      delete process.env.CROSSCHECK_IMAGES;
    }
  });
  test.afterAll(async () => close?.());
  return state;
}

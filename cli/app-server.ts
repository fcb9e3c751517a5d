import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { storeServedFrom } from '../server/data-dir-owner';
import { defaultDataDir, startServer, type ServerOptions } from '../server/start-server';

const projectRoot = join(import.meta.dirname, '..');

/** Builds the app unless told a build exists (or `dist/` has one). */
export async function buildApp(skipBuild = false): Promise<void> {
  if (!skipBuild || !existsSync(join(projectRoot, 'dist', 'index.html'))) {
    await build({ root: projectRoot, logLevel: 'warn' });
  }
}

/**
 * Builds the app (unless told a fresh build exists) and serves it with the store's server: cross-origin
 * isolated, the shared and image folders mounted, the API under /api. The store is ./data unless
 * `dataDir` says otherwise (null: in memory). When a server (`npm start`) already owns ./data, the
 * app is served over a store in memory and `store` is that server: runs go to it over the API.
 */
export async function serveApp(
  options: { imagesDir?: string; skipBuild?: boolean } & Pick<ServerOptions, 'dataDir' | 'port' | 'token' | 'databaseUrl'> = {},
): Promise<{ url: string; token: string; store: { url: string; token: string }; close: () => Promise<void> }> {
  if (options.imagesDir) process.env.CROSSCHECK_IMAGES = options.imagesDir;
  await buildApp(options.skipBuild);
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  const token = options.token ?? process.env.CROSSCHECK_TOKEN;
  const owner = options.dataDir === undefined && !databaseUrl ? await storeServedFrom(defaultDataDir, token) : null;
  const server = await startServer({ dataDir: owner ? null : options.dataDir, port: options.port, token, databaseUrl });
  return { url: server.url, token: server.token, store: owner ?? server, close: server.close };
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { startServer, type ServerOptions } from '../server/start-server';

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
 * `dataDir` says otherwise (null: in memory).
 */
export async function serveApp(
  options: { imagesDir?: string; skipBuild?: boolean } & Pick<ServerOptions, 'dataDir' | 'port' | 'token' | 'databaseUrl'> = {},
): Promise<{ url: string; token: string; close: () => Promise<void> }> {
  if (options.imagesDir) process.env.CROSSCHECK_IMAGES = options.imagesDir;
  await buildApp(options.skipBuild);
  const server = await startServer({
    dataDir: options.dataDir,
    port: options.port,
    token: options.token ?? process.env.CROSSCHECK_TOKEN,
    databaseUrl: options.databaseUrl ?? process.env.DATABASE_URL,
  });
  return { url: server.url, token: server.token, close: server.close };
}

import { storeServedFrom } from '../server/data-dir-owner';
import { defaultDataDir, startServer, type RunningServer, type ServerOptions } from '../server/start-server';

/** Where a CLI's runs go: a store's address and the lab token that writes to it. */
export interface StoreAddress {
  url: string;
  token: string;
}

/**
 * Serves the app for a CLI. When another process (`npm start`) owns the data dir, this one serves over a
 * store in memory and `store` is that owner: runs go to it over the API, like any device's.
 */
export async function serveForCli(
  options: ServerOptions,
): Promise<{ server: RunningServer; store: StoreAddress }> {
  const dataDir = options.dataDir === undefined ? defaultDataDir : options.dataDir;
  const owner = dataDir && !options.databaseUrl ? await storeServedFrom(dataDir, options.token) : null;
  const server = await startServer({ ...options, dataDir: owner ? null : dataDir });
  return { server, store: owner ?? server };
}

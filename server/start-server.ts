import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { buildApp, type BuildPolicy } from './app-build';
import { createApp } from './create-app';
import type { Db } from './db/db';
import { folderMountsMiddleware, type FolderMount } from './folder-mounts';
import { openDb } from './db/open-db';
import { distDir, projectRoot } from './project-paths';
import { loadLabToken } from './lab-token';
import { securityHeaders } from './security-headers';
import { selfSignedCertificate } from './self-signed';

export interface ServerOptions {
  port?: number;
  /** 127.0.0.1 unless told; '0.0.0.0' to listen on the LAN. */
  host?: string;
  https?: boolean;
  /** Where PGlite and the lab token live; null keeps both in memory (tests). */
  dataDir?: string | null;
  databaseUrl?: string;
  token?: string;
  privateReads?: boolean;
  distDir?: string;
  /** Build the app first (see BuildPolicy); without it, dist/ is served as it is. */
  build?: BuildPolicy;
  /** Local folders served beside the app, e.g. labMounts({ imagesDir }); none unless given. */
  mounts?: FolderMount[];
  rateLimit?: number;
  bodyLimitBytes?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  tokenCreated: boolean;
  db: Db;
  close: () => Promise<void>;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Builds the app if told, opens the store (migrated), then serves the API, the built app and the folder
 * mounts, every answer with the security headers.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  if (options.build) await buildApp(options.build);
  const dataDir = options.dataDir === undefined ? join(projectRoot, 'data') : options.dataDir;
  const db = await openDb({ databaseUrl: options.databaseUrl, dataDir });
  const { token, created } = await loadLabToken(dataDir, options.token);
  const app = createApp({
    db,
    token,
    privateReads: options.privateReads,
    rateLimit: options.rateLimit,
    bodyLimitBytes: options.bodyLimitBytes,
    distDir: options.distDir ?? distDir,
  });
  const honoListener = getRequestListener(app.fetch);
  const mounts = folderMountsMiddleware(options.mounts ?? []);
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    mounts(req, res, () => void honoListener(req, res));
  };
  const host = options.host ?? '127.0.0.1';
  const server = options.https
    ? createHttpsServer(await selfSignedCertificate(dataDir, host), listener)
    : createHttpServer(listener);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
  } catch (error) {
    await db.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `${options.https ? 'https' : 'http'}://${shownHost}:${port}/`,
    port,
    token,
    tokenCreated: created,
    db,
    close: async () => {
      await closeServer(server);
      await db.close();
    },
  };
}

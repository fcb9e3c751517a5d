import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { buildApp, type BuildPolicy } from './app-build';
import type { RateLimits } from './api/rate-limits';
import { createApp } from './create-app';
import { claimDataDir, type DataDirClaim } from './data-dir-owner';
import type { Db } from './db/db';
import { folderMountsMiddleware, type FolderMount } from './folder-mounts';
import { openDb } from './db/open-db';
import { distDir, projectRoot } from './project-paths';
import { loadLabToken } from './lab-token';
import { securityHeaders } from './security-headers';
import { certificateNames } from './tls/lan-names';
import { localTls, type LocalTls } from './tls/local-tls';

export const defaultDataDir = join(projectRoot, 'data');

export interface ServerOptions {
  port?: number;
  /** 127.0.0.1 unless told; '0.0.0.0' to listen on the LAN. */
  host?: string;
  https?: boolean;
  /** More DNS names for the HTTPS certificate (a local DNS name for this machine). */
  tlsNames?: string[];
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
  rateLimits?: Partial<RateLimits>;
  bodyLimitBytes?: number;
  maxRunBytes?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  tokenCreated: boolean;
  db: Db;
  /** The local CA and server certificate, with --https. */
  tls: LocalTls | null;
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
  const dataDir = options.dataDir === undefined ? defaultDataDir : options.dataDir;
  const host = options.host ?? '127.0.0.1';
  const tls = options.https
    ? await localTls(
        dataDir && join(dataDir, 'tls'),
        certificateNames({ host, extraDnsNames: options.tlsNames }),
      )
    : null;
  // PGlite's files take one process; PostgreSQL takes any number of servers.
  const claim: DataDirClaim | null = dataDir && !options.databaseUrl ? await claimDataDir(dataDir) : null;
  const db = await openDb({ databaseUrl: options.databaseUrl, dataDir }).catch(async (error: Error) => {
    await claim?.release();
    throw error;
  });
  const { token, created } = await loadLabToken(dataDir, options.token);
  const app = createApp({
    db,
    token,
    privateReads: options.privateReads,
    rateLimits: options.rateLimits,
    bodyLimitBytes: options.bodyLimitBytes,
    maxRunBytes: options.maxRunBytes,
    distDir: options.distDir ?? distDir,
    lan: {
      onLan: !['127.0.0.1', 'localhost', '::1'].includes(host),
      ca: tls ? { cert: tls.caCert, fingerprint: tls.caFingerprint } : undefined,
    },
  });
  const honoListener = getRequestListener(app.fetch);
  const mounts = folderMountsMiddleware(options.mounts ?? []);
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    mounts(req, res, () => void honoListener(req, res));
  };
  const server = tls ? createHttpsServer(tls.server, listener) : createHttpServer(listener);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
  } catch (error) {
    await db.close();
    await claim?.release();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `${tls ? 'https' : 'http'}://${shownHost}:${port}/`;
  await claim?.announce(url);
  return {
    url,
    port,
    token,
    tokenCreated: created,
    db,
    tls,
    close: async () => {
      await closeServer(server);
      await db.close();
      await claim?.release();
    },
  };
}

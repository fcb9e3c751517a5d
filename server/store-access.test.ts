import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rateLimitsFromOptions } from './api/rate-limits';
import { startServer, type RunningServer } from './start-server';
import { freshServer, postRun, runVariant, testToken } from './test/store-backends';

const get = (server: RunningServer, path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}api/${path}`, { headers });

describe('store access', () => {
  const servers: RunningServer[] = [];
  const start = async (options: Parameters<typeof freshServer>[1]) => {
    const server = await freshServer(undefined, options);
    servers.push(server);
    return server;
  };
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  it('keeps reads private when told, but not the health probe devices find the store with', async () => {
    const server = await start({ privateReads: true });
    expect((await get(server, 'health')).status).toBe(200);
    expect((await get(server, 'runs')).status).toBe(401);
    expect((await get(server, 'fleet')).status).toBe(401);
    expect((await get(server, 'runs', { authorization: `Bearer ${testToken}` })).status).toBe(200);
  });

  it('counts wrong-token attempts in their own bucket: they do not lock out valid devices on the same address', async () => {
    const server = await start({ rateLimits: { authFailures: 3 } });
    const wrong = [];
    for (let i = 0; i < 5; i++)
      wrong.push((await postRun(server, runVariant(), { authorization: 'Bearer guess' })).status);
    expect(wrong).toEqual([401, 401, 401, 429, 429]);
    const noToken = await postRun(server, runVariant(), { authorization: '' });
    expect(noToken.status).toBe(429);
    expect(noToken.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await postRun(server, runVariant())).status).toBe(201);
    expect((await get(server, 'runs')).status).toBe(200);
  });

  it('counts reads and writes apart, and writes per declared device', async () => {
    const server = await start({ rateLimits: { reads: 2, writes: 2 } });
    const writes = [];
    for (let i = 0; i < 3; i++)
      writes.push((await postRun(server, runVariant(), {}, '?device=bench%20laptop')).status);
    expect(writes).toEqual([201, 201, 429]);
    expect((await postRun(server, runVariant(), {}, '?device=lab%20phone')).status).toBe(201);
    const reads = [];
    for (let i = 0; i < 3; i++) reads.push((await get(server, 'runs')).status);
    expect(reads).toEqual([200, 200, 429]);
    expect((await postRun(server, runVariant(), {}, '?device=third')).status).toBe(201);
  });

  it('takes the limits from npm start options, naming a bad one', () => {
    expect(rateLimitsFromOptions({ 'read-limit': '50', 'auth-fail-limit': '5' })).toEqual({
      reads: 50,
      writes: 600,
      authFailures: 5,
    });
    expect(() => rateLimitsFromOptions({ 'write-limit': '0' })).toThrow(/--write-limit .* got "0"/);
    expect(() => rateLimitsFromOptions({ 'read-limit': '1e3' })).toThrow(/--read-limit/);
  });

  it('keeps the embedded store in a folder only its owner can enter', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'crosscheck-modes-'));
    try {
      const server = await startServer({ dataDir, token: testToken });
      await server.close();
      expect((await stat(join(dataDir, 'pglite'))).mode & 0o777).toBe(0o700);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
}, 60_000);

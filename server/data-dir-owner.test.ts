import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { killProcess, startServerProcess } from '../e2e/support/server-process';
import { claimDataDir, storeServedFrom } from './data-dir-owner';
import { startServer } from './start-server';
import { runVariant, testToken } from './test/store-backends';

const post = (url: string, token: string, body: unknown) =>
  fetch(new URL('api/runs', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });

describe('one process owns a PGlite data dir', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'crosscheck-owner-'));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('refuses a second opener naming the dir and the owner, sends CLI runs to the owner, and reopens after SIGKILL with nothing acknowledged lost', async () => {
    let owner = await startServerProcess({ dataDir, token: testToken, port: 0, storeOnly: true });
    const acknowledged: string[] = [];
    try {
      const refused = new RegExp(`data dir ${dataDir} is in use by process ${owner.process.pid}`);
      // Another process (npm start or npm run lab) on the same dir, and this one too.
      await expect(
        startServerProcess({ dataDir, token: testToken, port: 0, storeOnly: true }),
      ).rejects.toThrow(refused);
      await expect(startServer({ dataDir, token: testToken })).rejects.toThrow(refused);

      // What `npm run lab` / `npm run matrix` do while a server owns the dir: post to it like any device.
      const served = await storeServedFrom(dataDir, testToken);
      expect(served).toMatchObject({ pid: owner.process.pid, token: testToken });
      for (let i = 0; i < 20; i++) {
        const run = runVariant();
        const response = await post(served!.url, served!.token, run);
        expect(response.status).toBe(201);
        acknowledged.push(run.runId);
      }
      await killProcess(owner.process);
      expect(await storeServedFrom(dataDir, testToken)).toBeNull();

      // The dead owner's lock goes stale and the next start takes the dir over.
      owner = await startServerProcess({ dataDir, token: testToken, port: 0, storeOnly: true });
      for (const runId of acknowledged)
        expect((await fetch(new URL(`api/runs/${runId}`, owner.url))).status).toBe(200);
    } finally {
      await killProcess(owner.process);
    }
  }, 300_000);

  // A CLI killed with SIGKILL can stay a zombie (unreaped) while its lock is still fresh; taken for alive,
  // it made a resumed `npm run lab` send its run to the dead owner's address, its own port: 401.
  it('does not take a killed owner that is still a zombie for one that serves', async () => {
    const zombieDir = await mkdtemp(join(tmpdir(), 'crosscheck-owner-zombie-'));
    // sh starts a short sleep and becomes a long one that never reaps it: the short one ends a zombie.
    const parent = spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 30'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      const [pidLine] = (await once(parent.stdout, 'data')) as [Buffer];
      const zombie = Number(pidLine.toString());
      await vi.waitFor(async () =>
        expect((await readFile(`/proc/${zombie}/stat`, 'utf8')).split(') ')[1]).toMatch(/^Z/),
      );
      const claim = await claimDataDir(zombieDir);
      try {
        const owner = { pid: zombie, startedAt: new Date().toISOString(), url: 'http://127.0.0.1:9/' };
        await writeFile(join(zombieDir, 'owner.json'), JSON.stringify(owner));
        expect(await storeServedFrom(zombieDir, testToken)).toBeNull();
      } finally {
        await claim.release();
      }
    } finally {
      parent.kill('SIGKILL');
      await rm(zombieDir, { recursive: true, force: true });
    }
  });
});

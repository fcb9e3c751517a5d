import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { check, lock } from 'proper-lockfile';
import { keptLabToken } from './lab-token';

/** The process that has a data dir open, as it recorded itself (url once it listens). */
export interface DataDirOwner {
  pid: number;
  startedAt: string;
  url: string | null;
}

export interface DataDirClaim {
  /** Records where the owner serves, so `npm run lab` and `npm run matrix` can send it their runs. */
  announce: (url: string) => Promise<void>;
  release: () => Promise<void>;
}

// The lock is a folder whose mtime the owner refreshes every second (proper-lockfile); after SIGKILL
// it goes stale within `staleMs`, and the next opener takes it over then.
const staleMs = 5_000;
const lockOptions = (dataDir: string) => ({
  lockfilePath: join(dataDir, 'owner.lock'),
  realpath: false,
  stale: staleMs,
});
const ownerFile = (dataDir: string) => join(dataDir, 'owner.json');

/**
 * A SIGKILLed process stays a zombie until its parent reaps it, and for good when it was orphaned in a
 * container whose first process never reaps: kill(pid, 0) still succeeds on it. Linux only; elsewhere
 * (no /proc) kill(pid, 0) decides alone.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  if (isZombie(pid)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, only owned by another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(dataDir: string): Promise<DataDirOwner | null> {
  try {
    return JSON.parse(await readFile(ownerFile(dataDir), 'utf8')) as DataDirOwner;
  } catch {
    return null;
  }
}

function describeOwner(dataDir: string, owner: DataDirOwner | null): string {
  const who = owner
    ? `process ${owner.pid} (started ${owner.startedAt}${owner.url ? `, serving ${owner.url}` : ''})`
    : 'another process';
  return `data dir ${dataDir} is in use by ${who}; one process owns a data dir: stop that one, or use another --data dir`;
}

/**
 * Makes this process the only one with `dataDir` open (two PGlite instances on one directory lose
 * acknowledged runs). A second opener is refused at once, naming the owner; a lock left by a
 * SIGKILLed owner is taken over once it is stale (at most a few seconds).
 */
export async function claimDataDir(dataDir: string): Promise<DataDirClaim> {
  await mkdir(dataDir, { recursive: true });
  const deadline = Date.now() + 3 * staleMs;
  let release: () => Promise<void>;
  for (;;) {
    try {
      release = await lock(dataDir, {
        ...lockOptions(dataDir),
        onCompromised: (error) => {
          // Another process may now be writing the same files: stop before any more runs are acknowledged.
          console.error(`store: lost the lock on ${dataDir} (${error.message}); stopping`);
          process.exit(75);
        },
      });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      const owner = await readOwner(dataDir);
      // A dead owner's lock is still fresh for a moment after a SIGKILL: wait for it to go stale.
      if ((owner && isAlive(owner.pid)) || Date.now() > deadline)
        throw new Error(describeOwner(dataDir, owner));
      await sleep(250);
    }
  }
  const record = (owner: DataDirOwner) =>
    writeFile(ownerFile(dataDir), JSON.stringify(owner) + '\n', { mode: 0o600 });
  const startedAt = new Date().toISOString();
  await record({ pid: process.pid, startedAt, url: null });
  return {
    announce: (url) => record({ pid: process.pid, startedAt, url }),
    release: async () => {
      await rm(ownerFile(dataDir), { force: true });
      await release();
    },
  };
}

/** The live process that owns `dataDir` and serves it, or null when none does. */
async function servingOwner(dataDir: string): Promise<(DataDirOwner & { url: string }) | null> {
  const locked = await check(dataDir, lockOptions(dataDir)).catch(() => false);
  if (!locked) return null;
  const owner = await readOwner(dataDir);
  return owner?.url && isAlive(owner.pid) ? { ...owner, url: owner.url } : null;
}

/**
 * The store another process serves from `dataDir`, with the lab token to write to it (CROSSCHECK_TOKEN,
 * else the one kept in the dir), so a CLI sends its runs there like any device; null when none runs.
 */
export async function storeServedFrom(
  dataDir: string,
  tokenFromEnv?: string,
): Promise<{ url: string; token: string; pid: number } | null> {
  const owner = await servingOwner(dataDir);
  if (!owner) return null;
  const token = tokenFromEnv || (await keptLabToken(dataDir));
  if (!token)
    throw new Error(
      `process ${owner.pid} serves ${dataDir} at ${owner.url}, but ${dataDir}/lab-token is missing: set CROSSCHECK_TOKEN to its token`,
    );
  return { url: owner.url, token, pid: owner.pid };
}

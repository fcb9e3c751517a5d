import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The lab token writes need: CROSSCHECK_TOKEN when set, else the one kept in `dataDir`/lab-token,
 * else a new one written there (readable by this user only). `created` says it is new, to print it.
 */
export async function loadLabToken(
  dataDir: string | null,
  fromEnv?: string,
): Promise<{ token: string; created: boolean }> {
  if (fromEnv) return { token: fromEnv, created: false };
  const kept = dataDir ? await keptLabToken(dataDir) : null;
  if (kept) return { token: kept, created: false };
  const token = randomBytes(24).toString('base64url');
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'lab-token'), token + '\n', { mode: 0o600 });
  }
  return { token, created: true };
}

/** The token kept in `dataDir`/lab-token, or null when there is none. */
export async function keptLabToken(dataDir: string): Promise<string | null> {
  return (await readFile(join(dataDir, 'lab-token'), 'utf8').catch(() => '')).trim() || null;
}

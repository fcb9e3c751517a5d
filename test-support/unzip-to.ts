import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';

/** A zip (a repro bundle) unzipped into a fresh temporary folder, as its reader would. */
export async function unzipTo(zip: Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'crosscheck-repro-'));
  for (const [path, bytes] of Object.entries(unzipSync(zip))) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), bytes);
  }
  return dir;
}

import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

const sources = ['src', 'workers', 'models', 'index.html', 'vite.config.ts', 'package.json'];

async function newest(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  return Math.max(info.mtimeMs, ...(await Promise.all(entries.map((e) => newest(join(path, e))))));
}

/** True when dist/ was built after every source of the app last changed: `npm start` can skip the build. */
export async function distIsFresh(projectRoot: string): Promise<boolean> {
  const built = await stat(join(projectRoot, 'dist', 'index.html')).catch(() => null);
  if (!built) return false;
  const changed = Math.max(...(await Promise.all(sources.map((s) => newest(join(projectRoot, s))))));
  return built.mtimeMs > changed;
}

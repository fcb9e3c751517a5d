import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'vite';
import { distDir, projectRoot } from './project-paths';

/**
 * When to build the app before serving it: `always`; `if-stale` (dist/ is missing or older than a
 * source); `if-missing` (dist/ as it is, when there is one).
 */
export type BuildPolicy = 'always' | 'if-stale' | 'if-missing';

const sources = ['src', 'workers', 'models', 'index.html', 'vite.config.ts', 'package.json'];

async function newest(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  return Math.max(info.mtimeMs, ...(await Promise.all(entries.map((e) => newest(join(path, e))))));
}

/** True when dist/ was built after every source of the app last changed. */
export async function distIsFresh(): Promise<boolean> {
  const built = await stat(join(distDir, 'index.html')).catch(() => null);
  if (!built) return false;
  const changed = Math.max(...(await Promise.all(sources.map((s) => newest(join(projectRoot, s))))));
  return built.mtimeMs > changed;
}

/** Builds the app into dist/ (vite build with vite.config.ts) as the policy says; true when it built. */
export async function buildApp(policy: BuildPolicy = 'always'): Promise<boolean> {
  const skip =
    policy === 'if-stale'
      ? await distIsFresh()
      : policy === 'if-missing' && (await stat(join(distDir, 'index.html')).catch(() => null)) !== null;
  if (skip) return false;
  await build({ root: projectRoot, logLevel: 'warn' });
  return true;
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSharedDir } from '../server/folder-mounts';
import { projectRoot } from '../server/project-paths';

/** A file or folder under the shared data folder (CROSSCHECK_SHARED, default ../shared). */
export function sharedPath(...parts: string[]): string {
  return join(defaultSharedDir(), ...parts);
}

/** A file or folder under public/generated (written by `npm ci`'s prepare-assets step, never committed). */
export function generatedPath(...parts: string[]): string {
  return join(projectRoot, 'public', 'generated', ...parts);
}

/**
 * Whether the data a test needs is there. Generated assets and the shared folder are not in the
 * repository: when one is missing the test skips, saying so, on a developer's machine; with CI=true it
 * fails instead, so a CI run cannot pass by skipping the tests that need data.
 */
export function requireData(path: string, what: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (existsSync(path)) return true;
  const missing = `${what}: ${path} is missing`;
  if (env.CI === 'true') throw new Error(`${missing} (CI=true: tests that need data must not skip)`);
  console.warn(`skipping tests that need ${missing}`);
  return false;
}

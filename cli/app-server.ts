import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';

const projectRoot = join(import.meta.dirname, '..');

/**
 * Builds the app (unless told a fresh build exists) and serves it with Vite's preview server, with
 * cross-origin isolation and the shared and image folders mounted (see vite.config.ts).
 */
export async function serveApp(options: { imagesDir?: string; skipBuild?: boolean } = {}): Promise<{
  url: string;
  close: () => Promise<void>;
}> {
  if (options.imagesDir) process.env.CROSSCHECK_IMAGES = options.imagesDir;
  if (!options.skipBuild || !existsSync(join(projectRoot, 'dist', 'index.html'))) {
    await build({ root: projectRoot, logLevel: 'warn' });
  }
  const server: PreviewServer = await preview({
    root: projectRoot,
    logLevel: 'warn',
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the preview server did not report a URL');
  return { url, close: () => server.close() };
}

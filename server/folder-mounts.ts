import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';
import { projectRoot } from './project-paths.ts';

/** A folder on this machine exposed read-only under a URL prefix, e.g. /shared/ → ../shared. */
export interface FolderMount {
  prefix: string;
  dir: string;
}

const contentTypes: Record<string, string> = {
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.jpeg': 'image/jpeg',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.onnx': 'application/octet-stream',
};

/** Inside the mount only: `..` and absolute tricks resolve outside and are refused. */
function insideMount(root: string, urlPath: string): string | null {
  const target = resolve(root, '.' + sep + decodeURIComponent(urlPath));
  const rel = relative(root, target);
  return rel.startsWith('..') || resolve(root, rel) !== target ? null : target;
}

async function serve(mount: FolderMount, urlPath: string, res: ServerResponse): Promise<void> {
  const target = insideMount(resolve(mount.dir), urlPath);
  const info = target ? await stat(target).catch(() => null) : null;
  if (!target || !info) {
    res.statusCode = 404;
    res.end(`not found: ${mount.prefix}${urlPath}`);
    return;
  }
  if (info.isDirectory()) {
    // A folder answers with its file names, so the page can list an image folder it was pointed at.
    const entries = await readdir(target, { withFileTypes: true });
    const files = entries
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ files }));
    return;
  }
  res.setHeader('Content-Type', contentTypes[extname(target).toLowerCase()] ?? 'application/octet-stream');
  res.setHeader('Content-Length', info.size);
  res.setHeader('Cache-Control', 'no-cache');
  createReadStream(target).pipe(res);
}

/** Connect-style handler: answers GET/HEAD under a mount, hands everything else to `next`. */
export function folderMountsMiddleware(mounts: FolderMount[]) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const path = (req.url ?? '').split('?')[0];
    const mount = mounts.find((m) => path.startsWith(m.prefix));
    if (!mount || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    serve(mount, path.slice(mount.prefix.length), res).catch(next);
  };
}

/** Serves local folders (shared data, an image folder given to the CLI) beside the app, dev and preview alike. */
export function mountFolders(mounts: FolderMount[]): Plugin {
  return {
    name: 'crosscheck-mount-folders',
    configureServer: (server) => void server.middlewares.use(folderMountsMiddleware(mounts)),
    configurePreviewServer: (server) => void server.middlewares.use(folderMountsMiddleware(mounts)),
  };
}

/** The shared data folder (models, ImageNet samples): CROSSCHECK_SHARED, or ../shared beside the project. */
export function defaultSharedDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(projectRoot, env.CROSSCHECK_SHARED ?? join('..', 'shared'));
}

/** The lab's mounts: the shared data under /shared/ and, when given, an image folder under /images/. */
export function labMounts(options: { sharedDir?: string; imagesDir?: string } = {}): FolderMount[] {
  const mounts: FolderMount[] = [{ prefix: '/shared/', dir: options.sharedDir ?? defaultSharedDir() }];
  if (options.imagesDir) mounts.push({ prefix: '/images/', dir: resolve(options.imagesDir) });
  return mounts;
}

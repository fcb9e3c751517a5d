import { createServer, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** One folder's files (a runtime's dist/) and nothing else, on loopback, with CORS for a page opened from disk. */
export async function serveFolder(dist: string): Promise<{ url: string; server: Server }> {
  const types: Record<string, string> = {
    mjs: 'text/javascript',
    js: 'text/javascript',
    wasm: 'application/wasm',
  };
  const serve = async (path: string, res: ServerResponse) => {
    const name = path.slice(1);
    const body = /^[\w.-]+$/.test(name) ? await readFile(join(dist, name)).catch(() => null) : null;
    res.setHeader('access-control-allow-origin', '*');
    if (!body) return void res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': types[name.split('.').pop()!] ?? 'application/octet-stream' })
      .end(body);
  };
  const http = createServer((req, res) => void serve(new URL(req.url ?? '/', 'http://x').pathname, res));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/`, server: http };
}

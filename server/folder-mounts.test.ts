import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolationHeaders } from '../src/core/isolation-headers';
import { labMounts } from './folder-mounts';
import { startServer, type RunningServer } from './start-server';

describe('the server with explicit folder mounts', { timeout: 60_000 }, () => {
  let server: RunningServer;
  let bare: RunningServer;
  beforeAll(async () => {
    const images = await mkdtemp(join(tmpdir(), 'crosscheck-images-'));
    const shared = await mkdtemp(join(tmpdir(), 'crosscheck-shared-'));
    await writeFile(join(images, 'b.png'), 'png bytes');
    await writeFile(join(images, 'a.jpg'), 'jpeg bytes');
    await writeFile(join(shared, 'README.md'), 'shared');
    // Starting embedded Postgres takes seconds on a shared CPU.
    [server, bare] = await Promise.all([
      startServer({ dataDir: null, mounts: labMounts({ imagesDir: images, sharedDir: shared }) }),
      startServer({ dataDir: null }),
    ]);
  }, 60_000);
  afterAll(async () => Promise.all([server?.close(), bare?.close()]));

  it('serves the image folder under /images/ and the shared folder under /shared/, cross-origin isolated', async () => {
    const image = await fetch(`${server.url}images/b.png`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(await image.text()).toBe('png bytes');
    for (const [name, value] of Object.entries(isolationHeaders)) expect(image.headers.get(name)).toBe(value);
    expect(await (await fetch(`${server.url}shared/README.md`)).text()).toBe('shared');
  });

  it('lists a mounted folder and refuses paths that leave it', async () => {
    expect(await (await fetch(`${server.url}images/`)).json()).toEqual({ files: ['a.jpg', 'b.png'] });
    expect((await fetch(`${server.url}images/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
  });

  it('mounts nothing unless told: no folder reaches the server through the environment', async () => {
    expect((await fetch(`${bare.url}shared/README.md`)).status).toBe(404);
    expect((await fetch(`${bare.url}images/b.png`)).status).toBe(404);
  });
});

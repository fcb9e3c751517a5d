import { gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { jsonBodyReader } from './read-json-body';
import { json as readAnswer, type ErrorAnswer } from '../test/store-backends';

const MiB = 1024 * 1024;
const gzip = (text: string) => new Uint8Array(gzipSync(text));
const json = (bytes: number) => JSON.stringify({ padding: 'x'.repeat(bytes - 15) });

/** An app whose handler, once it has a body, waits for `gate` while holding it. */
function holdingApp(gate: Promise<void>, reached: () => void) {
  const bodies = jsonBodyReader({ maxBytes: 2 * MiB, budgetBytes: 2 * MiB });
  const app = new Hono();
  app.post('/', bodies.hold, async (c) => {
    const body = await bodies.read(c);
    if (!body.ok) {
      if (body.retryAfterS) c.header('Retry-After', String(body.retryAfterS));
      return c.json({ error: body.error }, body.status);
    }
    if (c.req.query('wait') !== undefined) {
      reached();
      await gate;
    }
    return c.json({ ok: true });
  });
  return app;
}

const post = (app: Hono, body: string | Uint8Array, headers: Record<string, string> = {}, query = '') =>
  app.request(`/${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

describe('JSON bodies, gzip-compressed or not, with bounded memory', () => {
  it('reads gzip bodies, and refuses unknown encodings, broken gzip and bodies that inflate past the limit', async () => {
    const app = holdingApp(Promise.resolve(), () => {});
    expect((await post(app, gzip(json(MiB)), { 'content-encoding': 'gzip' })).status).toBe(200);
    expect((await post(app, json(MiB))).status).toBe(200);
    const br = await post(app, json(100), { 'content-encoding': 'br' });
    expect([br.status, (await readAnswer<ErrorAnswer>(br)).error]).toEqual([
      415,
      expect.stringContaining('Content-Encoding br'),
    ]);
    const broken = await post(app, 'not gzip at all', { 'content-encoding': 'gzip' });
    expect([broken.status, (await readAnswer<ErrorAnswer>(broken)).error]).toEqual([
      400,
      'body: not valid gzip',
    ]);
    // 64 MiB of JSON in about 64 KiB of gzip: refused once 2 MiB have been inflated.
    const bomb = await post(app, gzip(json(64 * MiB)), { 'content-encoding': 'gzip' });
    expect([bomb.status, (await readAnswer<ErrorAnswer>(bomb)).error]).toEqual([
      413,
      expect.stringContaining('decompressed'),
    ]);
  });

  it('holds a body against the shared budget until its handler is done: another that does not fit gets 503 and Retry-After', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let reached!: () => void;
    const holding = new Promise<void>((resolve) => (reached = resolve));
    const app = holdingApp(gate, reached);
    const first = post(app, gzip(json(1.5 * MiB)), { 'content-encoding': 'gzip' }, '?wait');
    await holding;
    const busy = await post(app, json(MiB));
    expect([busy.status, busy.headers.get('retry-after')]).toEqual([503, '5']);
    expect((await post(app, json(MiB / 4))).status).toBe(200);
    open();
    expect((await first).status).toBe(200);
    expect((await post(app, json(MiB))).status).toBe(200);
  });
});

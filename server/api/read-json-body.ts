import type { Context, MiddlewareHandler } from 'hono';
import type { ReadableStreamReadResult } from 'node:stream/web';

export type JsonBody =
  | { ok: true; body: unknown }
  | { ok: false; status: 400 | 413 | 415 | 503; error: string; retryAfterS?: number };

export interface JsonBodyReader {
  /**
   * Reads a JSON body, gzip-compressed (`Content-Encoding: gzip`, how large runs travel) or not,
   * streaming: it stops at `maxBytes` decompressed, so a small compressed body cannot inflate
   * without bound.
   */
  read: (c: Context) => Promise<JsonBody>;
  /** Keeps the bytes a body read counted against the shared budget until the handler is done with it. */
  hold: MiddlewareHandler;
}

/**
 * Decompressed bytes of the bodies in flight, all requests together, stay under `budgetBytes`: that
 * bounds the server's memory when several large runs arrive at once (a parsed record costs a few
 * times its JSON). A body that does not fit is refused with 503 and Retry-After.
 */
export function jsonBodyReader(limits: { maxBytes: number; budgetBytes: number }): JsonBodyReader {
  let left = limits.budgetBytes;
  const heldBy = new WeakMap<Request, number>();
  const give = (request: Request) => {
    left += heldBy.get(request) ?? 0;
    heldBy.delete(request);
  };

  const read = async (c: Context): Promise<JsonBody> => {
    if (!c.req.header('content-type')?.startsWith('application/json'))
      return { ok: false, status: 415, error: 'body: send Content-Type: application/json' };
    const encoding = c.req.header('content-encoding')?.trim().toLowerCase() ?? 'identity';
    if (encoding !== 'gzip' && encoding !== 'identity')
      return {
        ok: false,
        status: 415,
        error: `body: Content-Encoding ${encoding} is not supported (send gzip or none)`,
      };
    const raw = c.req.raw.body;
    if (!raw) return { ok: false, status: 400, error: 'body: empty' };
    const reader = (encoding === 'gzip' ? raw.pipeThrough(new DecompressionStream('gzip')) : raw).getReader();
    const chunks: Uint8Array[] = [];
    let held = 0;
    const fail = async (status: 400 | 413 | 503, error: string, retryAfterS?: number): Promise<JsonBody> => {
      left += held;
      await reader.cancel().catch(() => {});
      return { ok: false, status, error, retryAfterS };
    };
    try {
      for (;;) {
        // DecompressionStream's output is typed any; it gives bytes.
        const { done, value } = (await reader.read()) as ReadableStreamReadResult<Uint8Array>;
        if (done) break;
        if (held + value.byteLength > limits.maxBytes)
          return await fail(413, `body: larger than ${limits.maxBytes} bytes decompressed`);
        if (value.byteLength > left)
          return await fail(503, 'body: the store is busy with other large runs; retry shortly', 5);
        left -= value.byteLength;
        held += value.byteLength;
        chunks.push(value);
      }
    } catch {
      return await fail(400, encoding === 'gzip' ? 'body: not valid gzip' : 'body: the upload was cut off');
    }
    heldBy.set(c.req.raw, held);
    try {
      return { ok: true, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
    } catch {
      return { ok: false, status: 400, error: 'body: not valid JSON' };
    }
  };

  const hold: MiddlewareHandler = async (c, next) => {
    try {
      await next();
    } finally {
      give(c.req.raw);
    }
  };
  return { read, hold };
}

/** The answer to a body that could not be read: its status and message, and Retry-After when busy. */
export function refuseBody(c: Context, refused: Extract<JsonBody, { ok: false }>): Response {
  if (refused.retryAfterS) c.header('Retry-After', String(refused.retryAfterS));
  return c.json({ error: refused.error }, refused.status);
}

import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `Authorization: Bearer <lab token>` (or `X-Lab-Token`) must match, else 401 without detail. */
export function requireToken(token: string): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const given = header?.startsWith('Bearer ') ? header.slice(7) : c.req.header('x-lab-token');
    if (!given || !sameToken(given, token)) {
      return c.json({ error: 'a valid lab token is required (Authorization: Bearer <token>)' }, 401);
    }
    await next();
  };
}

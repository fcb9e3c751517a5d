import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What a request carries: the lab token, some other token, or none (`Authorization: Bearer` or `X-Lab-Token`). */
export function tokenState(c: Context, token: string): 'valid' | 'wrong' | 'none' {
  const header = c.req.header('authorization');
  const given = header?.startsWith('Bearer ') ? header.slice(7) : c.req.header('x-lab-token');
  if (!given) return 'none';
  return sameToken(given, token) ? 'valid' : 'wrong';
}

/** The lab token must match, else 401 without detail. */
export function requireToken(token: string): MiddlewareHandler {
  return async (c, next) => {
    if (tokenState(c, token) !== 'valid') {
      return c.json({ error: 'a valid lab token is required (Authorization: Bearer <token>)' }, 401);
    }
    await next();
  };
}

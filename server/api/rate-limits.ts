import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { rateLimiter } from 'hono-rate-limiter';
import { tokenState } from './access';

/** Requests per minute, each counted in its own bucket. */
export interface RateLimits {
  /** GETs, per client address. */
  reads: number;
  /** Writes with the lab token, per client address and declared device name (`?device=`). */
  writes: number;
  /** Requests with a wrong token, or writes with none, per client address; valid devices on that address are unaffected. */
  authFailures: number;
}

export const defaultRateLimits: RateLimits = { reads: 1200, writes: 600, authFailures: 60 };

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const isRead = (c: Context) => c.req.method === 'GET' || c.req.method === 'HEAD';

/**
 * Three buckets, so that a flood of one kind cannot lock out another: reads, authenticated writes,
 * and bad-token attempts. `openRead` says whether a read needs no token (then a read without one is
 * no failed attempt; a write without one is).
 */
export function rateLimits(
  limits: RateLimits,
  token: string,
  openRead: (c: Context) => boolean,
): MiddlewareHandler[] {
  const bucket = (
    name: string,
    limit: number,
    counts: (c: Context) => boolean,
    key: (c: Context) => string,
  ) =>
    rateLimiter({
      windowMs: 60_000,
      limit,
      skip: (c) => !counts(c),
      keyGenerator: key,
      message: { error: `too many ${name} from this client (limit ${limit} a minute); slow down` },
    });
  return [
    bucket(
      'requests with a wrong or missing lab token',
      limits.authFailures,
      (c) => {
        const state = tokenState(c, token);
        return state === 'wrong' || (state === 'none' && !(isRead(c) && openRead(c)));
      },
      clientAddress,
    ),
    bucket('reads', limits.reads, isRead, clientAddress),
    bucket(
      'writes',
      limits.writes,
      (c) => !isRead(c) && tokenState(c, token) === 'valid',
      (c) => `${clientAddress(c)}|${c.req.query('device') ?? ''}`,
    ),
  ];
}

/** The `npm start` option that sets each bucket. */
const optionNames = { reads: 'read-limit', writes: 'write-limit', authFailures: 'auth-fail-limit' } as const;
type OptionName = (typeof optionNames)[keyof RateLimits];

/** Limits from `--read-limit`, `--write-limit`, `--auth-fail-limit` (requests a minute); defaults for the ones not given. */
export function rateLimitsFromOptions(values: Partial<Record<OptionName, string>>): RateLimits {
  const limits = { ...defaultRateLimits };
  for (const bucket of Object.keys(optionNames) as (keyof RateLimits)[]) {
    const value = values[optionNames[bucket]];
    if (value === undefined) continue;
    if (!/^[1-9]\d{0,8}$/.test(value))
      throw new Error(
        `--${optionNames[bucket]} must be a whole number of requests a minute, 1 or more; got "${value}"`,
      );
    limits[bucket] = Number(value);
  }
  return limits;
}

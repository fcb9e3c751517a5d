import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadId } from 'node:worker_threads';
import type { Db } from './db';
import { openPgliteDb } from './pglite-db';

describe('PGlite in its worker thread', () => {
  let db: Db & { threadId: number };
  beforeAll(async () => {
    db = await openPgliteDb(null);
    await db.query('create table t (n integer primary key)');
  }, 120_000);
  afterAll(async () => db?.close());

  it('runs SQL off this thread: the event loop keeps turning while a long statement executes', async () => {
    expect(db.threadId).not.toBe(threadId);
    let turns = 0;
    let running = true;
    const spin = () => {
      turns++;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    // Hundreds of milliseconds of work inside PGlite: on this thread it would run as one synchronous call.
    await db.query('select count(*) from generate_series(1, 3000000) a join generate_series(1, 1) b on true');
    running = false;
    expect(turns).toBeGreaterThan(50);
  }, 120_000);

  it('keeps transactions whole and apart: a failed one leaves nothing, concurrent ones do not interleave', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into t values (1)');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction(async (tx) => {
          await tx.query('insert into t values ($1)', [100 + i]);
          await tx.query('insert into t values ($1)', [200 + i]);
        }),
      ),
    );
    expect(await db.query('select count(*)::integer as n from t')).toEqual([{ n: 40 }]);
  });

  it('keeps the SQLSTATE of a database error across the thread boundary', async () => {
    await expect(db.query('insert into t values (100)')).rejects.toMatchObject({ code: '23505' });
  });

  it('fails at once after close instead of waiting forever', async () => {
    const other = await openPgliteDb(null);
    await other.close();
    await expect(other.query('select 1')).rejects.toThrow('closed');
    await other.close();
  }, 120_000);
});

import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { validRunResult } from '../src/core/result-schema.test-fixture';
import type { Db } from './db/db';
import { createRunWriter } from './run-writer';
import { describeEachStore } from './test/store-backends';

/** The store's database, counting the transactions begun on it; `failOn` makes one run's insert fail. */
function counted(db: Db, failOn?: string): Db & { transactions: () => number } {
  let transactions = 0;
  const refusing = (inner: Db): Db => ({
    ...inner,
    query: (sql, params) =>
      failOn && sql.includes('insert into runs') && JSON.stringify(params).includes(failOn)
        ? Promise.reject(new Error('disk full (simulated)'))
        : inner.query(sql, params),
  });
  return {
    ...refusing(db),
    transaction: (work) => {
      transactions++;
      return db.transaction((tx) => work(refusing(tx)));
    },
    transactions: () => transactions,
  };
}

const newRun = () => ({ ...validRunResult(), runId: randomUUID() });

describeEachStore('group commit', (server) => {
  const storedCount = async (ids: string[]) =>
    (
      await server().db.query<{ runs: number; configs: number }>(
        `select (select count(*)::integer from runs where run_id = any($1::uuid[])) as runs,
                (select count(*)::integer from run_configs where run_id = any($1::uuid[])) as configs`,
        [ids],
      )
    )[0];

  it('commits 60 concurrent runs in far fewer transactions, every one acknowledged and stored whole', async () => {
    const db = counted(server().db);
    const write = createRunWriter(db);
    const runs = Array.from({ length: 60 }, newRun);
    const outcomes = await Promise.all(runs.map((run) => write({ run })));
    expect(outcomes).toEqual(runs.map(() => 'created'));
    expect(db.transactions()).toBeLessThanOrEqual(10);
    const ids = runs.map((r) => r.runId);
    expect(await storedCount(ids)).toEqual({
      runs: 60,
      configs: runs.reduce((n, r) => n + r.configs.length, 0),
    });
    // Sent again, all at once: each is "already stored", nothing is added.
    expect(await Promise.all(runs.map((run) => write({ run })))).toEqual(runs.map(() => 'exists'));
    expect((await storedCount(ids)).runs).toBe(60);
  });

  it('stores a run sent twice at once once (created, already stored), and answers other content under its id as a conflict', async () => {
    const write = createRunWriter(server().db);
    const run = newRun();
    const other = { ...run, crosscheckVersion: '0.0.9' };
    // In one batch, or (PostgreSQL) in two concurrent transactions: either way one is stored, once.
    const outcomes = await Promise.all([write({ run }), write({ run })]);
    expect(outcomes.sort()).toEqual(['created', 'exists']);
    expect(await write({ run: other })).toBe('conflict');
    expect((await storedCount([run.runId])).runs).toBe(1);
  });

  it('fails only the run the database refuses, not the others in its batch', async () => {
    const poison = newRun();
    const db = counted(server().db, poison.runId);
    const write = createRunWriter(db);
    const good = Array.from({ length: 5 }, newRun);
    const answers = await Promise.allSettled([...good, poison].map((run) => write({ run })));
    expect(answers.map((a) => a.status)).toEqual([...good.map(() => 'fulfilled'), 'rejected']);
    expect(await storedCount(good.map((r) => r.runId))).toMatchObject({ runs: 5 });
    expect((await storedCount([poison.runId])).runs).toBe(0);
  });
});

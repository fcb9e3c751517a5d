import type { Db } from './db/db';
import { insertRuns, type InsertOutcome, type RunWrite } from './runs-store';

export interface RunWriterOptions {
  /** Most runs in one transaction. */
  maxBatch?: number;
  /** Transactions in flight at once: PGlite is one connection; PostgreSQL's pool has ten. */
  concurrency?: number;
}

interface Pending {
  write: RunWrite;
  resolve: (outcome: InsertOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: runs posted while a transaction is committing wait for it, then go into the next
 * transaction together, so a busy store commits many runs per transaction and a few statements per
 * batch (PGlite's one connection, and each round trip to its worker thread, were the bottleneck).
 * Each run's answer comes after its transaction committed. A batch the database refuses is tried
 * again one run at a time, so one bad run fails alone.
 */
export function createRunWriter(
  db: Db,
  options: RunWriterOptions = {},
): (write: RunWrite) => Promise<InsertOutcome> {
  const maxBatch = options.maxBatch ?? 64;
  const concurrency = options.concurrency ?? (db.kind === 'pglite' ? 1 : 4);
  const queue: Pending[] = [];
  let inFlight = 0;

  /** The oldest waiting runs, with distinct ids: a run sent twice at once goes in the next batch (as 'exists'). */
  const takeBatch = (): Pending[] => {
    const ids = new Set<string>();
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    for (const pending of queue) {
      const id = pending.write.run.runId;
      if (batch.length < maxBatch && !ids.has(id)) {
        ids.add(id);
        batch.push(pending);
      } else rest.push(pending);
    }
    queue.splice(0, queue.length, ...rest);
    return batch;
  };

  const commit = async (batch: Pending[]): Promise<void> => {
    try {
      const outcomes = await db.transaction((tx) =>
        insertRuns(
          tx,
          batch.map((p) => p.write),
        ),
      );
      batch.forEach((p, i) => p.resolve(outcomes[i]));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      for (const pending of batch) await commit([pending]);
    }
  };

  const pump = () => {
    while (inFlight < concurrency && queue.length) {
      inFlight++;
      void commit(takeBatch()).finally(() => {
        inFlight--;
        pump();
      });
    }
  };

  return (write) =>
    new Promise<InsertOutcome>((resolve, reject) => {
      queue.push({ write, resolve, reject });
      pump();
    });
}

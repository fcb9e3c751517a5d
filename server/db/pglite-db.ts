import { chmod, mkdir } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { Db } from './db';
import {
  errorFromFields,
  type PgliteCall,
  type PgliteReady,
  type PgliteReply,
  type PgliteRequest,
} from './pglite-protocol';

/**
 * The worker is TypeScript and a worker thread does not inherit tsx's loader (nor vitest's), so it
 * starts from a line of JavaScript that loads it through tsx's API.
 */
function workerBootstrap(): string {
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const file = JSON.stringify(new URL('./pglite-worker.ts', import.meta.url).href);
  return `import(${api}).then(({ tsImport }) => tsImport(${file}, ${file}))`;
}

/**
 * Embedded Postgres in a worker thread, kept in `dir` (created if missing); in memory when `dir` is
 * null. PGlite is one connection, so statements run one at a time: a transaction holds it from
 * BEGIN to COMMIT and every other statement waits its turn (so work inside a transaction must use
 * its `tx`: a statement on the outer Db would wait for the transaction to end).
 */
export async function openPgliteDb(dir: string | null): Promise<Db & { threadId: number }> {
  if (dir) {
    // PGlite creates its files world-writable (0666) whatever the umask: only this user may enter the folder.
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
  }
  const worker = new Worker(workerBootstrap(), { eval: true, workerData: { dir } });
  const pending = new Map<number, { resolve: (rows: unknown[]) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  // Set once the worker is gone (closed or crashed): every statement after that fails at once.
  let stopped: Error | null = null;
  await new Promise<void>((resolve, reject) => {
    worker.once('message', (ready: PgliteReady) =>
      ready.ready ? resolve() : reject(errorFromFields(ready.error)),
    );
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`the PGlite worker exited (code ${code}) before the database opened`)),
    );
  });
  worker.on('message', (reply: PgliteReply) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if ('error' in reply) waiter?.reject(errorFromFields(reply.error));
    else waiter?.resolve(reply.rows);
  });
  const stop = (error: Error) => {
    stopped ??= error;
    for (const waiter of pending.values()) waiter.reject(stopped);
    pending.clear();
  };
  worker.on('error', (error) => stop(new Error(`the PGlite worker crashed: ${error.message}`)));
  worker.on('exit', () => stop(new Error('the PGlite database is closed')));

  const send = (request: PgliteCall): Promise<unknown[]> =>
    new Promise((resolve, reject) => {
      if (stopped) return reject(stopped);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id } satisfies PgliteRequest);
    });
  const run = async <T>(sql: string, params: unknown[] = []) =>
    (await send({ kind: 'query', sql, params })) as T[];

  // One statement or transaction at a time, in arrival order.
  let turn: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = turn.then(work, work);
    turn = result.catch(() => {});
    return result;
  };

  const close = async () => {
    // Closed cleanly first, so PGlite flushes its files; a second close has nothing left to do.
    if (!stopped) await exclusive(() => send({ kind: 'close' }));
    await worker.terminate();
  };
  const inTransaction: Db = { kind: 'pglite', query: run, transaction: (work) => work(inTransaction), close };
  return {
    kind: 'pglite',
    threadId: worker.threadId,
    query: <T>(sql: string, params?: unknown[]) => exclusive(() => run<T>(sql, params)),
    transaction: (work) =>
      exclusive(async () => {
        await run('begin');
        try {
          const result = await work(inTransaction);
          await run('commit');
          return result;
        } catch (error) {
          await run('rollback');
          throw error;
        }
      }),
    close,
  };
}

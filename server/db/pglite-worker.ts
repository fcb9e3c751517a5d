import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { errorFields, type PgliteReady, type PgliteReply, type PgliteRequest } from './pglite-protocol';

/**
 * Runs PGlite off the HTTP thread: PGlite executes SQL synchronously in WebAssembly, so in the
 * server's own thread one busy write would stall every request, static files included.
 */
const port = parentPort!;
const { dir } = workerData as { dir: string | null };

try {
  const pg = await PGlite.create(dir ?? undefined);
  const answer = async (request: PgliteRequest) => {
    if (request.kind === 'close') {
      await pg.close();
      port.postMessage({ id: request.id, rows: [] } satisfies PgliteReply);
      return;
    }
    try {
      const result = await pg.query(request.sql, request.params);
      port.postMessage({ id: request.id, rows: result.rows } satisfies PgliteReply);
    } catch (error) {
      port.postMessage({ id: request.id, error: errorFields(error) } satisfies PgliteReply);
    }
  };
  port.on('message', (request: PgliteRequest) => void answer(request));
  port.postMessage({ ready: true } satisfies PgliteReady);
} catch (error) {
  port.postMessage({ ready: false, error: errorFields(error) } satisfies PgliteReady);
}

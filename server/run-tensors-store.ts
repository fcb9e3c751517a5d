import type { Db } from './db/db';

/** One full tensor a device sends after a trace: a traced output's bytes, nothing else. */
export interface TensorWrite {
  runId: string;
  configId: string;
  output: string;
  data: Uint8Array;
}

/** Stores a tensor once; 'exists' when it was already there (its bytes are fixed by the trace's hash). */
export async function putTensor(db: Db, write: TensorWrite): Promise<'created' | 'exists'> {
  const rows = await db.query<{ output: string }>(
    `insert into run_tensors (run_id, config_id, output, bytes, data) values ($1, $2, $3, $4, $5)
     on conflict (run_id, config_id, output) do nothing returning output`,
    [write.runId, write.configId, write.output, write.data.byteLength, write.data],
  );
  return rows.length ? 'created' : 'exists';
}

/** The bytes already stored for a run's tensors, all configurations together. */
export async function storedTensorBytes(db: Db, runId: string): Promise<number> {
  const [row] = await db.query<{ total: string | number | null }>(
    'select sum(bytes) as total from run_tensors where run_id = $1',
    [runId],
  );
  return Number(row?.total ?? 0);
}

/** A stored tensor's bytes; null when the run has none for that output. */
export async function getTensor(
  db: Db,
  runId: string,
  configId: string,
  output: string,
): Promise<Uint8Array | null> {
  const [row] = await db.query<{ data: Uint8Array }>(
    'select data from run_tensors where run_id = $1 and config_id = $2 and output = $3',
    [runId, configId, output],
  );
  return row ? new Uint8Array(row.data) : null;
}

/** Which of these outputs a run has stored for a configuration. */
export async function storedTensors(
  db: Db,
  runId: string,
  configId: string,
  outputs: readonly string[],
): Promise<Set<string>> {
  const rows = await db.query<{ output: string }>(
    'select output from run_tensors where run_id = $1 and config_id = $2 and output = any($3::text[])',
    [runId, configId, outputs],
  );
  return new Set(rows.map((r) => r.output));
}

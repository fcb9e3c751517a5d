import { browserLabel, deviceLabel } from '../src/core/device-label';
import {
  caseStatuses,
  type CaseStatus,
  type ConformanceRecord,
  type OperatorCell,
  type StatusCounts,
} from '../src/core/conformance/conformance-schema';
import type { Db } from './db/db';

export type InsertOutcome = 'created' | 'exists' | 'conflict';

/** Stores a validated conformance record once (its cases in the same transaction); resending it is harmless. */
export async function insertConformance(db: Db, record: ConformanceRecord): Promise<InsertOutcome> {
  return db.transaction(async (tx) => {
    const json = JSON.stringify(record);
    const inserted = await tx.query(
      `insert into conformance_runs (suite_id, schema_version, suite, device, browser, started_at, record)
       values ($1, $2, $3, $4, $5, $6, $7::jsonb)
       on conflict (suite_id) do nothing returning suite_id`,
      [
        record.suiteId,
        record.schemaVersion,
        record.suite,
        deviceLabel(record.environment),
        browserLabel(record.environment),
        record.startedAt,
        json,
      ],
    );
    if (inserted.length === 0) {
      const [same] = await tx.query<{ same: boolean }>(
        'select record = $2::jsonb as same from conformance_runs where suite_id = $1',
        [record.suiteId, json],
      );
      return same?.same ? 'exists' : 'conflict';
    }
    for (const c of record.cases) {
      await tx.query(
        `insert into conformance_cases (suite_id, config_id, case_id, op, status, max_abs_error) values ($1, $2, $3, $4, $5, $6)`,
        [record.suiteId, c.configId, c.caseId, c.op, c.status, c.maxAbsError],
      );
    }
    return 'created';
  });
}

export async function getConformance(db: Db, suiteId: string): Promise<ConformanceRecord | null> {
  const [row] = await db.query<{ record: ConformanceRecord | string }>(
    'select record from conformance_runs where suite_id = $1',
    [suiteId],
  );
  if (!row) return null;
  return typeof row.record === 'string' ? (JSON.parse(row.record) as ConformanceRecord) : row.record;
}

/** Which operators fail where: case counts per operator × device × browser × configuration, over every stored run. */
export async function operatorView(
  db: Db,
  filters: { op?: string; device?: string } = {},
): Promise<OperatorCell[]> {
  const rows = await db.query<{
    op: string;
    device: string;
    browser: string;
    config_id: string;
    status: CaseStatus;
    n: number;
  }>(
    `select c.op, r.device, r.browser, c.config_id, c.status, count(*)::integer as n
       from conformance_cases c join conformance_runs r using (suite_id)
      where ($1::text is null or c.op = $1) and ($2::text is null or r.device = $2)
      group by c.op, r.device, r.browser, c.config_id, c.status
      order by c.op, r.device, r.browser, c.config_id`,
    [filters.op ?? null, filters.device ?? null],
  );
  const cells = new Map<string, OperatorCell>();
  for (const row of rows) {
    const key = JSON.stringify([row.op, row.device, row.browser, row.config_id]);
    const cell = cells.get(key) ?? {
      op: row.op,
      device: row.device,
      browser: row.browser,
      configId: row.config_id,
      counts: Object.fromEntries(caseStatuses.map((s) => [s, 0])) as StatusCounts,
    };
    cell.counts[row.status] += row.n;
    cells.set(key, cell);
  }
  return [...cells.values()];
}

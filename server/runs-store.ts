import { browserLabel, deviceLabel } from '../src/core/device-label';
import type { RunResult } from '../src/core/result-schema';
import type { Db } from './db/db';
import type { RunSummary } from '../src/core/store-api';

export type { RunSummary };

export interface RunFilters {
  model?: string;
  config?: string;
  device?: string;
  browser?: string;
  campaign?: string;
  from?: string;
  to?: string;
}

/** 'created': stored now; 'exists': the same record was already stored; 'conflict': same id, other content. */
export type InsertOutcome = 'created' | 'exists' | 'conflict';

/**
 * Stores a validated run once: the row, its configurations and its campaign link in one transaction.
 * `device` is the name its owner gave the device; else one is derived from the environment.
 */
export async function insertRun(db: Db, run: RunResult, link: { campaignId?: string; device?: string } = {}): Promise<InsertOutcome> {
  const { campaignId } = link;
  return db.transaction(async (tx) => {
    const json = JSON.stringify(run);
    const inserted = await tx.query(
      `insert into runs (run_id, schema_version, model_id, device, browser, started_at, image_set_sha256, record)
       values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
       on conflict (run_id) do nothing returning run_id`,
      [run.runId, run.schemaVersion, run.model.id, link.device ?? deviceLabel(run.environment), browserLabel(run.environment),
        run.startedAt, run.imageSet.sha256, json],
    );
    let outcome: InsertOutcome = 'created';
    if (inserted.length === 0) {
      const [same] = await tx.query<{ same: boolean }>('select record = $2::jsonb as same from runs where run_id = $1', [run.runId, json]);
      if (!same?.same) return 'conflict';
      outcome = 'exists';
    } else {
      for (const c of run.configs) {
        await tx.query(
          `insert into run_configs (run_id, config_id, status, top1_agreement, accuracy_top1, latency_p50_ms)
           values ($1, $2, $3, $4, $5, $6)`,
          [run.runId, c.configId, c.status, c.agreement?.top1AgreementRate ?? null, c.accuracy?.top1 ?? null, c.warm?.p50Ms ?? null],
        );
      }
    }
    if (campaignId) {
      await tx.query('insert into campaign_runs (campaign_id, run_id) values ($1, $2) on conflict do nothing', [campaignId, run.runId]);
    }
    return outcome;
  });
}

/** The where clause shared by the run list and the fleet summary; `r` is runs. */
export function whereRuns(filters: RunFilters, params: unknown[]): string {
  const clauses: string[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace('?', `$${params.length}`));
  };
  if (filters.model) add('r.model_id = ?', filters.model);
  if (filters.device) add('r.device = ?', filters.device);
  if (filters.browser) add('r.browser = ?', filters.browser);
  if (filters.from) add('r.started_at >= ?', filters.from);
  if (filters.to) add('r.started_at < ?', filters.to);
  if (filters.config) add('exists (select 1 from run_configs f where f.run_id = r.run_id and f.config_id = ?)', filters.config);
  if (filters.campaign) add('exists (select 1 from campaign_runs k where k.run_id = r.run_id and k.campaign_id = ?)', filters.campaign);
  return clauses.length ? `where ${clauses.join(' and ')}` : '';
}

interface RunRow {
  run_id: string;
  model_id: string;
  device: string;
  browser: string;
  started_at: Date;
  image_set_sha256: string;
  config_ids: string | null;
}

/** Cursor = the last row's (started_at, run_id): stable under concurrent appends, no offsets. */
export function encodeCursor(row: { startedAt: string; runId: string }): string {
  return Buffer.from(`${row.startedAt}|${row.runId}`).toString('base64url');
}

export function decodeCursor(cursor: string): { startedAt: string; runId: string } | null {
  const [startedAt, runId] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!runId || Number.isNaN(Date.parse(startedAt)) || !/^[0-9a-f-]{36}$/.test(runId)) return null;
  return { startedAt, runId };
}

/** Newest first, `limit` at a time. */
export async function listRuns(
  db: Db,
  filters: RunFilters,
  page: { limit: number; after?: { startedAt: string; runId: string } },
): Promise<{ runs: RunSummary[]; nextCursor: string | null }> {
  const params: unknown[] = [];
  let where = whereRuns(filters, params);
  if (page.after) {
    params.push(page.after.startedAt, page.after.runId);
    const n = params.length;
    where += `${where ? ' and' : 'where'} (r.started_at, r.run_id) < ($${n - 1}::timestamptz, $${n}::uuid)`;
  }
  params.push(page.limit + 1);
  const rows = await db.query<RunRow>(
    `select r.run_id, r.model_id, r.device, r.browser, r.started_at, r.image_set_sha256,
            (select string_agg(c.config_id, ',' order by c.config_id) from run_configs c where c.run_id = r.run_id) as config_ids
     from runs r ${where} order by r.started_at desc, r.run_id desc limit $${params.length}`,
    params,
  );
  const runs = rows.slice(0, page.limit).map((r) => ({
    runId: r.run_id,
    modelId: r.model_id,
    device: r.device,
    browser: r.browser,
    startedAt: new Date(r.started_at).toISOString(),
    imageSetSha256: r.image_set_sha256,
    configIds: r.config_ids ? r.config_ids.split(',') : [],
  }));
  const last = runs.at(-1);
  return { runs, nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null };
}

export async function getRun(db: Db, runId: string): Promise<RunResult | null> {
  const [row] = await db.query<{ record: RunResult | string }>('select record from runs where run_id = $1', [runId]);
  if (!row) return null;
  return typeof row.record === 'string' ? JSON.parse(row.record) : row.record;
}

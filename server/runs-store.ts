import { z } from 'zod';
import { sameJson } from '../src/core/canonical-json';
import { browserLabel, deviceLabel } from '../src/core/device-label';
import { RESULT_SCHEMA_VERSION, runDateSchema, type RunResult } from '../src/core/result-schema';
import { upgradeRunResult, type RunResultV1 } from '../src/core/result-versions';
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
export async function insertRun(
  db: Db,
  run: RunResult,
  link: { campaignId?: string; device?: string } = {},
): Promise<InsertOutcome> {
  const { campaignId } = link;
  return db.transaction(async (tx) => {
    // Sent as text and parsed by the database, so both drivers store a jsonb object, never a JSON string.
    const inserted = await tx.query(
      `insert into runs (run_id, schema_version, model_id, device, browser, started_at, image_set_sha256, record)
       values ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb)
       on conflict (run_id) do nothing returning run_id`,
      [
        run.runId,
        run.schemaVersion,
        run.model.id,
        link.device ?? deviceLabel(run.environment),
        browserLabel(run.environment),
        run.startedAt,
        run.imageSet.sha256,
        JSON.stringify(run),
      ],
    );
    let outcome: InsertOutcome = 'created';
    if (inserted.length === 0) {
      const [stored] = await tx.query<{ record: RunResult | RunResultV1 }>(
        'select record from runs where run_id = $1',
        [run.runId],
      );
      // The same run sent again, maybe with its keys in another order or by an app one version behind.
      if (!stored || !sameJson(upgradeRunResult(stored.record), run)) return 'conflict';
      outcome = 'exists';
    } else {
      for (const c of run.configs) {
        await tx.query(
          `insert into run_configs (run_id, config_id, status, top1_agreement, accuracy_top1, latency_p50_ms)
           values ($1, $2, $3, $4, $5, $6)`,
          [
            run.runId,
            c.configId,
            c.status,
            c.agreement?.top1AgreementRate ?? null,
            c.accuracy?.top1 ?? null,
            c.warm?.p50Ms ?? null,
          ],
        );
      }
    }
    if (campaignId) {
      await tx.query(
        'insert into campaign_runs (campaign_id, run_id) values ($1, $2) on conflict do nothing',
        [campaignId, run.runId],
      );
    }
    return outcome;
  });
}

/** The where clause shared by the run list and the fleet summary; `r` is runs. */
export function whereRuns(
  filters: RunFilters,
  params: unknown[],
  options: { retracted?: false } = {},
): string {
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
  if (filters.config)
    add('exists (select 1 from run_configs f where f.run_id = r.run_id and f.config_id = ?)', filters.config);
  if (filters.campaign)
    add(
      'exists (select 1 from campaign_runs k where k.run_id = r.run_id and k.campaign_id = ?)',
      filters.campaign,
    );
  if (options.retracted === false) clauses.push('r.retracted_at is null');
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
  retracted_at: Date | null;
  retraction_reason: string | null;
}

/** Cursor = the last row's (started_at, run_id): stable under concurrent appends, no offsets. */
export function encodeCursor(row: { startedAt: string; runId: string }): string {
  return Buffer.from(`${row.startedAt}|${row.runId}`).toString('base64url');
}

const cursorSchema = z.tuple([runDateSchema, z.uuid()]);

export function decodeCursor(cursor: string): { startedAt: string; runId: string } | null {
  const parsed = cursorSchema.safeParse(Buffer.from(cursor, 'base64url').toString().split('|'));
  return parsed.success ? { startedAt: parsed.data[0], runId: parsed.data[1] } : null;
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
    `select r.run_id, r.model_id, r.device, r.browser, r.started_at, r.image_set_sha256, r.retracted_at, r.retraction_reason,
            (select string_agg(c.config_id, ' ' order by c.config_id) from run_configs c where c.run_id = r.run_id) as config_ids
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
    // Space-separated: a configuration with options has commas inside its brackets (tfjs-webgl[A=true,B=false]).
    configIds: r.config_ids ? r.config_ids.split(' ') : [],
    retracted: r.retracted_at
      ? { at: new Date(r.retracted_at).toISOString(), reason: r.retraction_reason ?? '' }
      : null,
  }));
  const last = runs.at(-1);
  return { runs, nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null };
}

/** The record at the current schema version, whichever version it was stored at. */
export async function getRun(db: Db, runId: string): Promise<RunResult | null> {
  const [row] = await db.query<{ record: RunResult | RunResultV1 }>(
    'select record from runs where run_id = $1',
    [runId],
  );
  return row ? upgradeRunResult(row.record) : null;
}

/**
 * Marks a run retracted (kept, listed as retracted, left out of the fleet figures); the first
 * retraction's time and reason stay. Null when there is no such run.
 */
export async function retractRun(
  db: Db,
  runId: string,
  reason: string,
): Promise<{ at: string; reason: string } | null> {
  const [row] = await db.query<{ retracted_at: Date; retraction_reason: string }>(
    `update runs set retracted_at = coalesce(retracted_at, now()), retraction_reason = coalesce(retraction_reason, $2)
     where run_id = $1 returning retracted_at, retraction_reason`,
    [runId, reason],
  );
  return row ? { at: new Date(row.retracted_at).toISOString(), reason: row.retraction_reason } : null;
}

/**
 * Rewrites rows stored at an older schema version at the current one, a batch at a time; safe to
 * run from several servers at once (each row's update is conditional on its old version).
 */
export async function upgradeStoredRuns(db: Db, batch = 200): Promise<number> {
  let upgraded = 0;
  for (;;) {
    const rows = await db.query<{ run_id: string; record: RunResultV1 }>(
      'select run_id, record from runs where schema_version < $1 order by run_id limit $2',
      [RESULT_SCHEMA_VERSION, batch],
    );
    for (const row of rows) {
      await db.query(
        'update runs set record = $2::text::jsonb, schema_version = $3 where run_id = $1 and schema_version < $3',
        [row.run_id, JSON.stringify(upgradeRunResult(row.record)), RESULT_SCHEMA_VERSION],
      );
    }
    upgraded += rows.length;
    if (rows.length < batch) return upgraded;
  }
}

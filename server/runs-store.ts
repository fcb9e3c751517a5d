import { z } from 'zod';
import { sameJson } from '../src/core/canonical-json';
import { browserLabel, deviceLabel } from '../src/core/device-label';
import { RESULT_SCHEMA_VERSION, runDateSchema, type RunResult } from '../src/core/result-schema';
import { runResultOlderSchema, upgradeRunResult, type RunResultOlder } from '../src/core/result-versions';
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

/** A validated run to store, with its campaign (if any) and the name its owner gave the device (if any). */
export interface RunWrite {
  run: RunResult;
  campaignId?: string;
  device?: string;
  /** A run uploaded in parts: its record holds no images, and its parts this many (server/run-parts-store.ts). */
  parts?: number;
}

/**
 * Stores validated runs, each once: their rows, configurations and campaign links, in a few
 * statements whatever their number (one per table, not one per run or configuration). Call it
 * inside a transaction, so that every run lands whole or none does. The run ids must be distinct.
 */
export async function insertRuns(tx: Db, writes: readonly RunWrite[]): Promise<InsertOutcome[]> {
  const runs = writes.map((w) => w.run);
  // Records go as text and are parsed by the database, so both drivers store a jsonb object, never a JSON string.
  const inserted = await tx.query<{ run_id: string }>(
    `insert into runs (run_id, schema_version, model_id, device, browser, started_at, image_set_sha256, record, part_count)
     select id, v, m, d, b, s, h, r::jsonb, p
     from unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::int[])
       as t(id, v, m, d, b, s, h, r, p)
     on conflict (run_id) do nothing returning run_id`,
    [
      runs.map((r) => r.runId),
      runs.map((r) => r.schemaVersion),
      runs.map((r) => r.model.id),
      writes.map((w) => w.device ?? deviceLabel(w.run.environment)),
      runs.map((r) => browserLabel(r.environment)),
      runs.map((r) => r.startedAt),
      runs.map((r) => r.imageSet.sha256),
      runs.map((r) => JSON.stringify(r)),
      writes.map((w) => w.parts ?? null),
    ],
  );
  const created = new Set(inserted.map((r) => r.run_id));
  const configs = runs.filter((r) => created.has(r.runId)).flatMap((r) => r.configs.map((c) => ({ r, c })));
  if (configs.length) {
    await tx.query(
      `insert into run_configs (run_id, config_id, status, top1_agreement, accuracy_top1, latency_p50_ms)
       select * from unnest($1::uuid[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::float8[])`,
      [
        configs.map(({ r }) => r.runId),
        configs.map(({ c }) => c.configId),
        configs.map(({ c }) => c.status),
        configs.map(({ c }) => c.agreement?.top1AgreementRate ?? null),
        configs.map(({ c }) => c.accuracy?.top1 ?? null),
        configs.map(({ c }) => c.warm?.p50Ms ?? null),
      ],
    );
  }
  const resent = runs.filter((r) => !created.has(r.runId)).map((r) => r.runId);
  const stored = new Map<string, RunResult | RunResultOlder>();
  if (resent.length) {
    const rows = await tx.query<{ run_id: string; record: RunResult | RunResultOlder }>(
      'select run_id, record from runs where run_id = any($1::uuid[])',
      [resent],
    );
    for (const row of rows) stored.set(row.run_id, row.record);
  }
  // The same run sent again, maybe with its keys in another order or by an app one version behind.
  const outcomes = runs.map((run): InsertOutcome => {
    if (created.has(run.runId)) return 'created';
    const record = stored.get(run.runId);
    return record && sameJson(upgradeRunResult(record), run) ? 'exists' : 'conflict';
  });
  const links = writes.filter((w, i) => w.campaignId && outcomes[i] !== 'conflict');
  if (links.length) {
    await tx.query(
      `insert into campaign_runs (campaign_id, run_id)
       select * from unnest($1::uuid[], $2::uuid[]) on conflict do nothing`,
      [links.map((w) => w.campaignId), links.map((w) => w.run.runId)],
    );
  }
  return outcomes;
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

/**
 * The record at the current schema version, whichever version it was stored at; for a run uploaded
 * in parts, its header (no images) and how many parts hold them.
 */
export async function getRun(
  db: Db,
  runId: string,
): Promise<{ record: RunResult; partCount: number | null } | null> {
  const [row] = await db.query<{ record: RunResult | RunResultOlder; part_count: number | null }>(
    'select record, part_count from runs where run_id = $1',
    [runId],
  );
  return row ? { record: upgradeRunResult(row.record), partCount: row.part_count } : null;
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
    const rows = await db.query<{ run_id: string; record: RunResultOlder }>(
      'select run_id, record from runs where schema_version < $1 order by run_id limit $2',
      [RESULT_SCHEMA_VERSION, batch],
    );
    for (const row of rows) {
      // Parsed, so the row gains the current version's defaults; a row an older version accepted but
      // the current bounds refuse keeps its content (nothing stored is dropped).
      const parsed = runResultOlderSchema.safeParse(row.record);
      const record = upgradeRunResult(parsed.success ? parsed.data : row.record);
      await db.query(
        'update runs set record = $2::text::jsonb, schema_version = $3 where run_id = $1 and schema_version < $3',
        [row.run_id, JSON.stringify(record), RESULT_SCHEMA_VERSION],
      );
    }
    upgraded += rows.length;
    if (rows.length < batch) return upgraded;
  }
}

import type { Db } from './db/db';
import { whereRuns, type RunFilters } from './runs-store';
import type { FleetCell } from '../src/core/store-api';

/** One cell per model, device, browser and configuration: figures of different models are never pooled. */
export async function fleetSummary(db: Db, filters: RunFilters): Promise<FleetCell[]> {
  const params: unknown[] = [];
  // Retracted runs are kept, but no longer count.
  const where = whereRuns({ ...filters, config: undefined }, params, { retracted: false });
  const configFilter = filters.config
    ? (params.push(filters.config), `and c.config_id = $${params.length}`)
    : '';
  const rows = await db.query<{
    model_id: string;
    device: string;
    browser: string;
    config_id: string;
    runs: number;
    ok_runs: number;
    top1_agreement: number | null;
    accuracy_top1: number | null;
    latency_p50_ms: number | null;
  }>(
    `select r.model_id, r.device, r.browser, c.config_id, count(*)::integer as runs,
            count(*) filter (where c.status = 'ok')::integer as ok_runs,
            avg(c.top1_agreement)::double precision as top1_agreement,
            avg(c.accuracy_top1)::double precision as accuracy_top1,
            percentile_cont(0.5) within group (order by c.latency_p50_ms)::double precision as latency_p50_ms
     from runs r join run_configs c on c.run_id = r.run_id ${configFilter}
     ${where}
     group by r.model_id, r.device, r.browser, c.config_id
     order by r.model_id, r.device, r.browser, c.config_id`,
    params,
  );
  return rows.map((r) => ({
    modelId: r.model_id,
    device: r.device,
    browser: r.browser,
    configId: r.config_id,
    runs: r.runs,
    okRuns: r.ok_runs,
    top1Agreement: r.top1_agreement,
    accuracyTop1: r.accuracy_top1,
    latencyP50Ms: r.latency_p50_ms,
  }));
}

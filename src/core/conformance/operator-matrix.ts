import { countStatuses, type CaseResult, type StatusCounts } from './conformance-schema';

export interface OperatorRow {
  op: string;
  /** By configuration id; a configuration that ran none of the operator's cases is absent. */
  cells: Record<string, StatusCounts>;
  /** True when some configuration did not pass every case. */
  failing: boolean;
}

/** Cases grouped into operator × configuration counts, operators that fail somewhere first, then by name. */
export function operatorMatrix(cases: readonly CaseResult[]): OperatorRow[] {
  const byOp = new Map<string, Map<string, CaseResult[]>>();
  for (const c of cases) {
    const configs = byOp.get(c.op) ?? new Map<string, CaseResult[]>();
    configs.set(c.configId, [...(configs.get(c.configId) ?? []), c]);
    byOp.set(c.op, configs);
  }
  const rows = [...byOp].map(([op, configs]): OperatorRow => {
    const cells = Object.fromEntries([...configs].map(([id, results]) => [id, countStatuses(results)]));
    const failing = [...configs.values()].some((results) => results.some((r) => r.status !== 'pass'));
    return { op, cells, failing };
  });
  return rows.sort((a, b) => Number(b.failing) - Number(a.failing) || a.op.localeCompare(b.op));
}

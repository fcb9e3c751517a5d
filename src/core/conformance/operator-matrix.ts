import { caseStatuses, countStatuses, type CaseResult, type StatusCounts } from './conformance-schema';

/** Counts of one operator in one column: a configuration on this device, or a device's configuration in the fleet. */
export interface MatrixEntry {
  op: string;
  column: string;
  counts: StatusCounts;
}

export interface OperatorRow {
  op: string;
  /** By column; a column with none of the operator's cases is absent. */
  cells: Record<string, StatusCounts>;
  /** True when some column did not pass every case. */
  failing: boolean;
}

/** One device's cases as matrix entries, one column per configuration. */
export function entriesOf(cases: readonly CaseResult[]): MatrixEntry[] {
  return cases.map((c) => ({ op: c.op, column: c.configId, counts: countStatuses([c]) }));
}

export const totalOf = (counts: StatusCounts) => caseStatuses.reduce((sum, s) => sum + counts[s], 0);

/** Entries summed into operator × column counts, operators that fail somewhere first, then by name. */
export function operatorMatrix(entries: readonly MatrixEntry[]): OperatorRow[] {
  const byOp = new Map<string, Record<string, StatusCounts>>();
  for (const { op, column, counts } of entries) {
    const cells = byOp.get(op) ?? {};
    const cell = (cells[column] ??= countStatuses([]));
    for (const s of caseStatuses) cell[s] += counts[s];
    byOp.set(op, cells);
  }
  const rows = [...byOp].map(([op, cells]) => ({
    op,
    cells,
    failing: Object.values(cells).some((c) => c.pass < totalOf(c)),
  }));
  return rows.sort((a, b) => Number(b.failing) - Number(a.failing) || a.op.localeCompare(b.op));
}

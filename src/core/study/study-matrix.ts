import { configVerdict, type Verdict } from '../report/config-verdict';
import type { RunResult } from '../result-schema';
import type { StudyCell, StudyProgress } from './study-progress';

/** What a run holds that a study's matrix shows. */
export type StudyRun = Pick<RunResult, 'configs' | 'images' | 'settings' | 'model' | 'native'>;

/** One cell of the matrix: a variant on a configuration, as measured, or why it was not. */
export interface MatrixCell extends StudyCell {
  verdict: Verdict | null;
  /** Top-1 agreement with the original model on the reference configuration (0–1). */
  top1Agreement: number | null;
  p50Ms: number | null;
}

/** Every cell of the study with its verdict, agreement and steady-state p50 from its run (rows: variants). */
export function studyMatrix(progress: StudyProgress, runs: ReadonlyMap<string, StudyRun>): MatrixCell[] {
  return progress.cells.map((cell) => {
    const run = cell.runId ? runs.get(cell.runId) : undefined;
    const config = run?.configs.find((c) => c.configId === cell.configId);
    if (!run || !config) return { ...cell, verdict: null, top1Agreement: null, p50Ms: null };
    const { verdict, detail } = configVerdict(run, config);
    return {
      ...cell,
      reason: config.status === 'ok' ? cell.reason : (config.reason ?? detail),
      verdict,
      top1Agreement: verdict === 'reference' ? 1 : (config.agreement?.top1AgreementRate ?? null),
      p50Ms: config.warm?.p50Ms ?? null,
    };
  });
}

/** A cell in a few characters: `agrees 100 % 12.3 ms`, `skipped`, `pending`. */
export function cellText(cell: MatrixCell): string {
  if (cell.state !== 'done') return cell.state;
  const agreement = cell.top1Agreement === null ? '—' : `${(cell.top1Agreement * 100).toFixed(0)} %`;
  const p50 = cell.p50Ms === null ? '—' : `${cell.p50Ms.toFixed(1)} ms`;
  return `${cell.verdict ?? '—'} ${agreement} ${p50}`;
}

/** The matrix as plain text (the CLI's output and report): rows variants, columns configurations, then why cells were skipped. */
export function matrixLines(progress: StudyProgress, cells: readonly MatrixCell[]): string[] {
  const { variants, configurations } = progress.definition;
  const header = ['variant', ...configurations];
  const rows = variants.map((variant) => [
    variant,
    ...configurations.map((configId) => {
      const cell = cells.find((c) => c.variant === variant && c.configId === configId);
      return cell ? cellText(cell) : '';
    }),
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
  const line = (row: string[]) =>
    row
      .map((text, i) => text.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const notes = cells
    .filter((c) => c.reason)
    .map((c) => `  ${c.variant} on ${c.configId}: ${c.state === 'skipped' ? 'skipped, ' : ''}${c.reason}`);
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), ...notes];
}

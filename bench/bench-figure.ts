import { availableParallelism, loadavg } from 'node:os';
import { renderTable } from './text-table';

/** One figure the issue asks for, beside its target and the machine's load when it was measured. */
export interface BenchFigure {
  figure: string;
  value: string;
  target: string;
  /** Whether the value meets the target; null when there is no value. */
  met: boolean | null;
  /** 1-, 5- and 15-minute load averages when the figure was taken. */
  load: number[];
}

/** Above this 1-minute load the machine is busy with something else: a figure then is not evidence. */
export const quietLoad = 1.0;

export function figure(figure: string, value: string, target: string, met: boolean | null): BenchFigure {
  return { figure, value, target, met, load: loadavg() };
}

const loadText = (load: number[]) => load.map((l) => l.toFixed(2)).join(' ');

/** A figure's own line, printed as soon as it is measured, with the warning when the load says so. */
export function figureLine(f: BenchFigure): string {
  const verdict = f.met === null ? '' : f.met ? ' (met)' : ' (NOT met)';
  const line = `${f.figure}: ${f.value}; target ${f.target}${verdict}; load ${loadText(f.load)}`;
  return f.load[0] > quietLoad ? `${line}\n  WARNING: ${busy(f.load[0])}` : line;
}

function busy(load1: number): string {
  return `1-min load ${load1.toFixed(2)} > ${quietLoad.toFixed(1)} on ${availableParallelism()} cores: other work competed, this figure is not evidence either way`;
}

/** The closing table: figure | value | target | met | load, then one warning per busy figure. */
export function summaryTable(figures: BenchFigure[]): string {
  const rows = figures.map((f) => [
    f.figure,
    f.value,
    f.target,
    f.met === null ? '—' : f.met ? 'yes' : 'NO',
    loadText(f.load) + (f.load[0] > quietLoad ? ' !' : ''),
  ]);
  const busyCount = figures.filter((f) => f.load[0] > quietLoad).length;
  return [
    renderTable(['figure', 'value', 'target', 'met', 'load 1/5/15 min'], rows),
    ...(busyCount
      ? [
          '',
          `WARNING: ${busyCount} of ${figures.length} figures (marked !) were taken with the 1-min load above ${quietLoad.toFixed(1)}: not evidence either way; rerun on a quiet machine.`,
        ]
      : []),
  ].join('\n');
}

import { availableParallelism, loadavg } from 'node:os';
import type { OtherCpu } from './other-cpu';
import { renderTable } from './text-table';

/** One figure the issue asks for, beside its target and how busy the machine was when it was measured. */
export interface BenchFigure {
  figure: string;
  value: string;
  target: string;
  /** Whether the value meets the target; null when there is no value. */
  met: boolean | null;
  /** 1-, 5- and 15-minute load averages when the figure was taken (the bench's own browser included). */
  load: number[];
  /** The CPU that other processes used while the figure was measured; null where it cannot be read. */
  others: OtherCpu | null;
}

/**
 * Above this many cores' worth of others' CPU, something else competed: a figure then is not evidence.
 * (Measured here with nothing else running: 0.02, the system's own daemons.)
 */
export const quietOtherCores = 0.1;
/** Without a reading of others' CPU, the load average judges; it counts the bench's own browser too. */
export const quietLoad = 1.0;

export function figure(figure: string, value: string, target: string, met: boolean | null): BenchFigure {
  return { figure, value, target, met, load: loadavg(), others: null };
}

const loadText = (load: number[]) => load.map((l) => l.toFixed(2)).join(' ');
const othersText = (others: OtherCpu | null) => (others ? `others ${others.cores.toFixed(2)} cores` : '');

/** Why a figure is not evidence, or null when the machine was quiet while it was measured. */
export function busyReason(f: BenchFigure): string | null {
  if (f.others) {
    return f.others.cores > quietOtherCores
      ? `other processes used ${f.others.cores.toFixed(2)} cores (${f.others.cpuSeconds.toFixed(1)} CPU s) while it was measured, more than ${quietOtherCores}: this figure is not evidence either way`
      : null;
  }
  return f.load[0] > quietLoad
    ? `1-min load ${f.load[0].toFixed(2)} > ${quietLoad.toFixed(1)} on ${availableParallelism()} cores: other work competed, this figure is not evidence either way`
    : null;
}

/** A figure's own line, printed as soon as it is measured, with a warning when the machine was busy. */
export function figureLine(f: BenchFigure): string {
  const verdict = f.met === null ? '' : f.met ? ' (met)' : ' (NOT met)';
  const busy = [loadText(f.load), othersText(f.others)].filter(Boolean).join('; ');
  const line = `${f.figure}: ${f.value}; target ${f.target}${verdict}; load ${busy}`;
  const reason = busyReason(f);
  return reason ? `${line}\n  WARNING: ${reason}` : line;
}

/** The closing table: figure | value | target | met | load | others' CPU, then a warning for busy figures. */
export function summaryTable(figures: BenchFigure[]): string {
  const rows = figures.map((f) => [
    f.figure,
    f.value,
    f.target,
    f.met === null ? '—' : f.met ? 'yes' : 'NO',
    loadText(f.load),
    (f.others ? f.others.cores.toFixed(2) : '—') + (busyReason(f) ? ' !' : ''),
  ]);
  const busyCount = figures.filter((f) => busyReason(f) !== null).length;
  return [
    renderTable(['figure', 'value', 'target', 'met', 'load 1/5/15 min', 'others (cores)'], rows),
    ...(busyCount
      ? [
          '',
          `WARNING: ${busyCount} of ${figures.length} figures (marked !) were measured while other processes used more than ${quietOtherCores} cores: not evidence either way; rerun on a quiet machine.`,
        ]
      : []),
  ].join('\n');
}

import { readdirSync, readFileSync } from 'node:fs';
import { descendants, parentPid } from './chromium-memory';

/**
 * The CPU that processes other than the bench's own used while a figure was measured. The load average
 * cannot tell: on 2 cores the bench's own browser keeps it above 1. Linux counts CPU time per process
 * (`/proc/<pid>/stat`, a process's own time plus that of the children it reaped) and for the whole
 * machine (`/proc/stat`); the difference over a span is everybody else's.
 */
export interface CpuReading {
  atMs: number;
  /** CPU seconds the whole machine was busy (user, nice, system, irq, softirq), since boot. */
  machineSeconds: number;
  /** CPU seconds of this process and every process below it (Chromium and its children), since each started. */
  oursSeconds: number;
}

/** What others used over a span: CPU seconds, and the same as an average number of busy cores. */
export interface OtherCpu {
  cpuSeconds: number;
  cores: number;
}

/** Linux's USER_HZ: the unit of the CPU times in /proc. */
const ticksPerSecond = 100;

function machineBusySeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq] = fields;
  return (user + nice + system + irq + softirq) / ticksPerSecond;
}

/** A process's CPU ticks in its `/proc/<pid>/stat` line: its own (utime, stime) and its reaped children's. */
function cpuTicks(stat: string): number {
  // After the command's closing parenthesis come state, ppid, …; utime is field 14 of the whole line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
}

function treeSeconds(root: number): number {
  const parents = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // it ended between the listing and the read
    }
    const ppid = parentPid(stat);
    if (ppid !== null) parents.set(Number(name), ppid);
    ticks.set(Number(name), cpuTicks(stat));
  }
  const total = descendants([root], parents).reduce((sum, pid) => sum + (ticks.get(pid) ?? 0), 0);
  return total / ticksPerSecond;
}

/** A reading now; null where the system has no /proc to read (not Linux). */
export function readCpu(root = process.pid): CpuReading | null {
  try {
    return { atMs: performance.now(), machineSeconds: machineBusySeconds(), oursSeconds: treeSeconds(root) };
  } catch {
    return null;
  }
}

/** Others' CPU between two readings. */
export function otherCpuBetween(from: CpuReading, to: CpuReading): OtherCpu {
  const cpuSeconds = Math.max(
    0,
    to.machineSeconds - from.machineSeconds - (to.oursSeconds - from.oursSeconds),
  );
  const seconds = (to.atMs - from.atMs) / 1000;
  return { cpuSeconds, cores: seconds > 0 ? cpuSeconds / seconds : 0 };
}

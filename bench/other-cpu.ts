import { readdirSync, readFileSync } from 'node:fs';

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

/** Each live process's parent and CPU ticks (utime + stime + cutime + cstime). */
function processTable(): Map<number, { parent: number; ticks: number }> {
  const table = new Map<number, { parent: number; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // it ended between the listing and the read
    }
    // After the command's closing parenthesis: state, ppid, …; utime is field 14 of the whole line.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    table.set(Number(name), { parent: Number(fields[1]), ticks });
  }
  return table;
}

function treeSeconds(root: number): number {
  const table = processTable();
  const children = new Map<number, number[]>();
  for (const [pid, { parent }] of table) children.set(parent, [...(children.get(parent) ?? []), pid]);
  let ticks = 0;
  const pending = [root];
  while (pending.length) {
    const pid = pending.pop()!;
    ticks += table.get(pid)?.ticks ?? 0;
    pending.push(...(children.get(pid) ?? []));
  }
  return ticks / ticksPerSecond;
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

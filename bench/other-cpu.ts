import { readdirSync, readFileSync } from 'node:fs';
import { descendants, parentPid } from './chromium-memory';

/**
 * The CPU that processes other than the bench's own used while a figure was measured. The load average
 * cannot tell: on 2 cores the bench's own browser keeps it above 1. Linux counts CPU time per process
 * (`/proc/<pid>/stat`) and for the whole machine (`/proc/stat`); the difference over a span is everybody
 * else's.
 */
export interface CpuReading {
  atMs: number;
  /** CPU seconds the whole machine was busy (user, nice, system, irq, softirq), since boot. */
  machineSeconds: number;
  /** CPU seconds of this process and every process it started (Chromium and its children), since the watch began. */
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

interface ProcessStat {
  parent: number | null;
  /** Its own CPU ticks (utime + stime): a reaped child's are counted where the child was seen. */
  ticks: number;
  /** When it started, in ticks since boot: with the pid, it names one process even after pid reuse. */
  startTicks: number;
}

function processStats(): Map<number, ProcessStat> {
  const stats = new Map<number, ProcessStat>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // it ended between the listing and the read
    }
    // After the command's closing parenthesis come state, ppid, …: utime is field 14, starttime 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    stats.set(Number(name), { parent: parentPid(stat), ticks, startTicks: Number(fields[19]) });
  }
  return stats;
}

/**
 * This process's tree, followed every `everyMs`: a process once seen in it stays ours after its parent
 * dies (Chromium's renderers outlive a closed browser for a moment, under init), and its CPU counts up to
 * the last time it was seen. Counting a parent's reaped children instead would lose a child reparented
 * away before it ended.
 */
class CpuWatch {
  readonly #members = new Map<string, { first: number; last: number }>();
  readonly #sinceTicks: number;

  constructor(
    private readonly root: number,
    everyMs: number,
  ) {
    const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    this.#sinceTicks = uptime * ticksPerSecond;
    this.sample();
    setInterval(() => this.sample(), everyMs).unref();
  }

  sample(): void {
    const stats = processStats();
    const parents = new Map<number, number>();
    for (const [pid, { parent }] of stats) if (parent !== null) parents.set(pid, parent);
    const tree = new Set(descendants([this.root], parents));
    for (const [pid, stat] of stats) {
      const key = `${pid}:${stat.startTicks}`;
      const member = this.#members.get(key);
      if (member) member.last = stat.ticks;
      // Started after the watch: all its CPU is the bench's. Older: only what it uses from now on.
      else if (tree.has(pid))
        this.#members.set(key, {
          first: stat.startTicks >= this.#sinceTicks ? 0 : stat.ticks,
          last: stat.ticks,
        });
    }
  }

  read(): CpuReading {
    this.sample();
    let ticks = 0;
    for (const { first, last } of this.#members.values()) ticks += last - first;
    return {
      atMs: performance.now(),
      machineSeconds: machineBusySeconds(),
      oursSeconds: ticks / ticksPerSecond,
    };
  }
}

const watches = new Map<number, CpuWatch>();

/** A reading now, the tree of `root` followed from the first call on; null where there is no /proc (not Linux). */
export function readCpu(root = process.pid): CpuReading | null {
  try {
    let watch = watches.get(root);
    if (!watch) watches.set(root, (watch = new CpuWatch(root, 500)));
    return watch.read();
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

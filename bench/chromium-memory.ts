import { readdir, readFile } from 'node:fs/promises';

/** The proportional set size in a `/proc/<pid>/smaps_rollup`, in KiB: shared pages counted once overall. */
export function pssKiB(smapsRollup: string): number | null {
  const match = /^Pss:\s+(\d+) kB$/m.exec(smapsRollup);
  return match ? Number(match[1]) : null;
}

/** The parent pid in a `/proc/<pid>/stat` line (the command may hold spaces and parentheses). */
export function parentPid(stat: string): number | null {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) ? ppid : null;
}

/** `roots` and every process below them, from a pid → parent pid map. */
export function descendants(roots: number[], parents: Map<number, number>): number[] {
  const found = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (!found.has(pid) && found.has(ppid)) grew = found.add(pid) !== undefined;
    }
  }
  return [...found];
}

const read = (path: string) => readFile(path, 'utf8').catch(() => '');

/** The processes of one browser: its main process (started with `marker` among its arguments) and below. */
async function browserPids(marker: string): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const parents = new Map<number, number>();
  const roots: number[] = [];
  await Promise.all(
    pids.map(async (pid) => {
      const [stat, cmdline] = await Promise.all([read(`/proc/${pid}/stat`), read(`/proc/${pid}/cmdline`)]);
      const ppid = parentPid(stat);
      if (ppid !== null) parents.set(pid, ppid);
      if (cmdline.split('\0').includes(marker)) roots.push(pid);
    }),
  );
  // Only the topmost: child processes that copied the marker are found as descendants anyway.
  return descendants(
    roots.filter((pid) => !roots.includes(parents.get(pid) ?? -1)),
    parents,
  );
}

/** The PSS of every process of one browser now, in KiB (processes that end meanwhile count 0). */
export async function browserPssKiB(marker: string): Promise<number> {
  const pids = await browserPids(marker);
  const sizes = await Promise.all(pids.map(async (pid) => pssKiB(await read(`/proc/${pid}/smaps_rollup`))));
  return sizes.reduce<number>((sum, kib) => sum + (kib ?? 0), 0);
}

export interface MemorySample {
  /** When it was taken, on this process's performance.now() clock. */
  atMs: number;
  pssKiB: number;
  /** What the browser was doing (e.g. the configuration being run), set by the caller as it goes. */
  label: string;
}

/**
 * Samples one browser's PSS every `everyMs` (1 s by default) until stopped. `label` tags the samples, so a
 * configuration-major run's peak can be split by configuration.
 */
export class MemorySampler {
  readonly samples: MemorySample[] = [];
  label = '';
  #timer: ReturnType<typeof setInterval> | undefined;
  #pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly marker: string,
    everyMs = 1000,
  ) {
    this.#timer = setInterval(() => {
      this.#pending = this.#sample();
    }, everyMs);
  }

  async #sample(): Promise<void> {
    const label = this.label;
    const pss = await browserPssKiB(this.marker);
    if (pss > 0) this.samples.push({ atMs: performance.now(), pssKiB: pss, label });
  }

  /** Takes a last sample and stops (once; later calls only return the samples). */
  async stop(): Promise<MemorySample[]> {
    if (this.#timer === undefined) return this.samples;
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#pending;
    await this.#sample();
    return this.samples;
  }
}

/** The highest sample, overall or for one label; 0 with no samples. */
export function peakKiB(samples: MemorySample[], label?: string): number {
  return Math.max(0, ...samples.filter((s) => label === undefined || s.label === label).map((s) => s.pssKiB));
}

import { mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A CPU cap for a whole browser: a cgroup with a CFS quota. CDP's CPU throttling reaches only the page,
 * and Chromium refuses it for workers, where the inference runs; a cgroup caps every process that joins
 * it and every process they start (renderers, workers' threads, wasm threads, the GPU process).
 */
export interface CpuCgroup {
  /** The group's folder: a process joins by writing its pid to `cgroup.procs`. */
  path: string;
  /** What caps the CPU, for the run record, e.g. "cgroup v1 cpu quota 0.5 CPU". */
  description: string;
  /** Ends what is left in the group (by pid) and removes it. */
  close(): Promise<void>;
}

export type CpuCap = { ok: true; group: CpuCgroup } | { ok: false; reason: string };

/** Where to look; the defaults are this machine's, a test hands in its own. */
export interface CgroupHost {
  /** The text of /proc/self/mounts. */
  mounts: string;
  /** The text of /proc/self/cgroup. */
  selfCgroup: string;
}

const periodUs = 100_000;
const prefix = 'crosscheck-';

function readHost(): CgroupHost {
  return {
    mounts: readFileSync('/proc/self/mounts', 'utf8'),
    selfCgroup: readFileSync('/proc/self/cgroup', 'utf8'),
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function readIfThere(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function mountsOf(mounts: string): { point: string; type: string; options: string[] }[] {
  return mounts
    .split('\n')
    .map((line) => line.split(' '))
    .filter((f) => f.length >= 4)
    .map(([, point, type, options]) => ({ point, type, options: options.split(',') }));
}

/** Where a new group may go and how its quota is written, or why not. */
type Hierarchy = { ok: true; version: 'v1' | 'v2'; parent: string } | { ok: false; reason: string };

function v2Hierarchy(host: CgroupHost): Hierarchy {
  const mount = mountsOf(host.mounts).find((m) => m.type === 'cgroup2');
  if (!mount) return { ok: false, reason: 'no cgroup v2 mounted' };
  const own = /^0::(.*)$/m.exec(host.selfCgroup)?.[1] ?? '/';
  const parent = join(mount.point, own);
  const controllers = readIfThere(join(parent, 'cgroup.controllers'))?.split(/\s+/) ?? [];
  if (!controllers.includes('cpu'))
    return { ok: false, reason: `cgroup v2 at ${parent} has no cpu controller` };
  const subtree = join(parent, 'cgroup.subtree_control');
  if (!readIfThere(subtree)?.split(/\s+/).includes('cpu')) {
    try {
      writeFileSync(subtree, '+cpu');
    } catch (error) {
      return { ok: false, reason: `cgroup v2: cannot enable cpu in ${subtree}: ${message(error)}` };
    }
  }
  return { ok: true, version: 'v2', parent };
}

function v1Hierarchy(host: CgroupHost): Hierarchy {
  // The cpu controller may share a hierarchy (cpu,cpuacct); its mount's root is this container's group.
  const mount = mountsOf(host.mounts).find((m) => m.type === 'cgroup' && m.options.includes('cpu'));
  if (!mount) return { ok: false, reason: 'no cgroup v1 cpu controller mounted' };
  return { ok: true, version: 'v1', parent: mount.point };
}

/** Removes empty groups left by a process that is gone (a killed run), so they never pile up. */
function sweepLeftovers(parent: string): void {
  for (const name of readdirSync(parent)) {
    const owner = Number(/^crosscheck-(\d+)-/.exec(name)?.[1]);
    if (!owner || owner === process.pid || readIfThere(`/proc/${owner}/stat`) !== null) continue;
    try {
      rmdirSync(join(parent, name));
    } catch {
      // Not empty (something still runs in it) or already gone: leave it.
    }
  }
}

function pidsIn(path: string): number[] {
  return (readIfThere(join(path, 'cgroup.procs')) ?? '').split('\n').filter(Boolean).map(Number);
}

async function closeGroup(path: string): Promise<void> {
  // Chromium's helpers exit soon after the browser; wait a little, then end the stragglers by pid.
  for (let i = 0; i < 50 && pidsIn(path).length > 0; i++) await sleep(100);
  for (const pid of pidsIn(path)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  for (let i = 0; i < 50 && pidsIn(path).length > 0; i++) await sleep(100);
  rmdirSync(path);
}

let created = 0;

/**
 * A new cgroup capping its processes to `cpus` CPUs (0.5 = half of one core's time), cgroup v2 where its
 * cpu controller is usable, else v1's. When neither is writable, the reason (never a silent no-cap).
 */
export function openCpuCgroup(cpus: number, host: CgroupHost = readHost()): CpuCap {
  if (!(cpus > 0)) throw new Error(`cpus: ${cpus} is not a positive number of CPUs`);
  const v2 = v2Hierarchy(host);
  const hierarchy = v2.ok ? v2 : v1Hierarchy(host);
  if (!hierarchy.ok) return { ok: false, reason: `${v2.ok ? '' : `${v2.reason}; `}${hierarchy.reason}` };
  const { version, parent } = hierarchy;
  const quotaUs = Math.max(1000, Math.round(cpus * periodUs));
  const path = join(parent, `${prefix}${process.pid}-${++created}`);
  try {
    sweepLeftovers(parent);
    mkdirSync(path);
  } catch (error) {
    return { ok: false, reason: `cgroup ${version}: cannot create ${path}: ${message(error)}` };
  }
  try {
    if (version === 'v2') writeFileSync(join(path, 'cpu.max'), `${quotaUs} ${periodUs}`);
    else {
      writeFileSync(join(path, 'cpu.cfs_period_us'), String(periodUs));
      writeFileSync(join(path, 'cpu.cfs_quota_us'), String(quotaUs));
    }
  } catch (error) {
    rmdirSync(path);
    return { ok: false, reason: `cgroup ${version}: cannot set the quota in ${path}: ${message(error)}` };
  }
  return {
    ok: true,
    group: { path, description: `cgroup ${version} cpu quota ${cpus} CPU`, close: () => closeGroup(path) },
  };
}

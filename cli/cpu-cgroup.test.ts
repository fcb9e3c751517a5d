import { mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCpuCgroup } from './cpu-cgroup';

// A folder standing in for /sys/fs/cgroup: the mounts text points the module at it.
let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));
function fakeRoot(): string {
  root = mkdtempSync(join(tmpdir(), 'cgroup-'));
  return root;
}

describe('openCpuCgroup', () => {
  it('says why when no cpu controller is mounted, never a silent no-cap', () => {
    const cap = openCpuCgroup(0.5, { mounts: 'proc /proc proc rw 0 0\n', selfCgroup: '0::/\n' });
    expect(cap).toEqual({
      ok: false,
      reason: 'no cgroup v2 mounted; no cgroup v1 cpu controller mounted',
    });
  });

  it('names a v2 hierarchy without the cpu controller (a hybrid host) and uses v1', () => {
    const dir = fakeRoot();
    mkdirSync(join(dir, 'unified'));
    writeFileSync(join(dir, 'unified', 'cgroup.controllers'), 'memory pids\n');
    mkdirSync(join(dir, 'cpu,cpuacct'));
    const mounts = `cgroup2 ${dir}/unified cgroup2 rw 0 0\ncgroup ${dir}/cpu,cpuacct cgroup rw,cpu,cpuacct 0 0\n`;
    const cap = openCpuCgroup(0.25, { mounts, selfCgroup: '0::/\n' });
    if (!cap.ok) throw new Error(cap.reason);
    expect(cap.group.description).toBe('cgroup v1 cpu quota 0.25 CPU');
    expect(readFileSync(join(cap.group.path, 'cpu.cfs_quota_us'), 'utf8')).toBe('25000');
    expect(readFileSync(join(cap.group.path, 'cpu.cfs_period_us'), 'utf8')).toBe('100000');
  });

  it('on v2 enables cpu for its own group and writes cpu.max', () => {
    const dir = fakeRoot();
    mkdirSync(join(dir, 'user.slice'));
    writeFileSync(join(dir, 'user.slice', 'cgroup.controllers'), 'cpu memory\n');
    writeFileSync(join(dir, 'user.slice', 'cgroup.subtree_control'), '');
    const cap = openCpuCgroup(0.5, {
      mounts: `cgroup2 ${dir} cgroup2 rw 0 0\n`,
      selfCgroup: '0::/user.slice\n',
    });
    if (!cap.ok) throw new Error(cap.reason);
    expect(readFileSync(join(dir, 'user.slice', 'cgroup.subtree_control'), 'utf8')).toBe('+cpu');
    expect(readFileSync(join(cap.group.path, 'cpu.max'), 'utf8')).toBe('50000 100000');
  });

  it("removes an empty group a dead run left behind, and keeps a live process's", () => {
    const dir = fakeRoot();
    const dead = join(dir, 'crosscheck-2147483646-1');
    const live = join(dir, `crosscheck-${process.ppid}-1`);
    mkdirSync(dead);
    mkdirSync(live);
    const cap = openCpuCgroup(1, { mounts: `cgroup ${dir} cgroup rw,cpu 0 0\n`, selfCgroup: '' });
    expect(cap.ok).toBe(true);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });

  it('refuses a quota that is not a positive number of CPUs', () => {
    expect(() => openCpuCgroup(0)).toThrow('cpus: 0 is not a positive number of CPUs');
  });
});

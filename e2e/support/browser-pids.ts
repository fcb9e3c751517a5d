import { readdir, readFile } from 'node:fs/promises';

/** Chromium's processes for one profile: launched detached by Playwright, so not in the CLI's group. */
export async function browserPids(profileMark: string): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const lines = await Promise.all(
    pids.map(async (pid) => [Number(pid), await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')]),
  );
  return lines.filter(([, line]) => String(line).includes(profileMark)).map(([pid]) => Number(pid));
}

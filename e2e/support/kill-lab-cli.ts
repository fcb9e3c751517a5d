import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Chromium's processes for one profile: launched detached by Playwright, so not in the CLI's group. */
async function browserPids(profileMark: string): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const lines = await Promise.all(
    pids.map(async (pid) => [Number(pid), await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')]),
  );
  return lines.filter(([, line]) => String(line).includes(profileMark)).map(([pid]) => Number(pid));
}

/**
 * Runs `npm run lab` with `args` (and `--data <data>`) until `cutWhen` holds for what it has written to
 * stderr, then SIGKILLs it with its server (its own process group) and its Chromium. Resolves with that
 * stderr and how many browser processes were killed.
 */
export async function killLabCliWhen(
  root: string,
  args: string[],
  data: string,
  cutWhen: (log: string) => boolean,
): Promise<{ log: string; browsers: number }> {
  const cli = spawn('npx', ['tsx', 'cli/lab.ts', ...args, '--data', data], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    cli.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (cutWhen(log)) resolve();
    });
    cli.on('exit', (code) => reject(new Error(`the CLI ended (${code}) before the cut:\n${log}`)));
  });
  const browsers = await browserPids(join(data, 'unfinished-cli-runs'));
  process.kill(-cli.pid!, 'SIGKILL');
  for (const pid of browsers) process.kill(pid, 'SIGKILL');
  return { log, browsers: browsers.length };
}

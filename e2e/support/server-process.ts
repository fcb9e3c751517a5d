import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const projectRoot = join(import.meta.dirname, '..', '..');

/**
 * `npm start` as its own process (the built app, the store in `dataDir`), to be killed for real;
 * `storeOnly`: the same server without building the app first (unit tests, where dist/ may not exist).
 */
export async function startServerProcess(options: {
  dataDir: string;
  token: string;
  port: number;
  storeOnly?: boolean;
  /** Node flags for the server process (the store bench's --cpu-prof). */
  nodeArgs?: string[];
}): Promise<{ url: string; process: ChildProcess }> {
  const entry = options.storeOnly ? ['server/test/store-process.ts'] : ['server/main.ts', '--no-build'];
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      '--import',
      'tsx',
      ...entry,
      '--port',
      String(options.port),
      '--data',
      options.dataDir,
    ],
    {
      cwd: projectRoot,
      env: { ...process.env, CROSSCHECK_TOKEN: options.token },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running behind the failed test.
      child.kill('SIGKILL');
      reject(new Error(`the server did not start in 180 s:\n${output}`));
    }, 180_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const found = /this machine: (\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}):\n${output}`));
    });
  });
  return { url, process: child };
}

/** SIGKILL: no shutdown handler runs, in-flight requests are cut, as when a machine loses power. */
export async function killProcess(child: ChildProcess): Promise<void> {
  // A process ended by a signal keeps exitCode null; it has exited all the same.
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/**
 * npm run bench:store: the store under a fleet's load (a benchmark, not a test). 200 clients, each
 * from its own loopback address (as devices are; the rate limit is per address), post distinct
 * real-shaped ~50 KB runs for 30 s to a store server in its own process, while one more client
 * fetches a static file. Prints accepted runs/s, write p50/p99, static p99, the server's peak RSS and
 * lost runs (every acknowledged id is read back), on PGlite and, with DATABASE_URL_TEST, PostgreSQL,
 * with the targets beside them. --profile writes the server's CPU profile and prints its hot spots.
 */
import { execSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { killProcess, startServerProcess } from '../e2e/support/server-process';
import { realShapedRun } from '../server/test/real-shaped-run';
import { percentile } from '../src/core/stats/summary';
import { renderTable } from './text-table';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    clients: { type: 'string', default: '200' },
    profile: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const clients = Number(values.clients);
if (!(seconds > 0 && seconds <= 600)) throw new Error(`--seconds must be 1-600, got "${values.seconds}"`);
if (!(Number.isInteger(clients) && clients > 0 && clients <= 60_000))
  throw new Error(`--clients must be 1-60000, got "${values.clients}"`);
const token = 'bench-token-0123456789';
// 7 images on 8 configurations: about 50 KB of JSON, shaped like a real run.
const template = realShapedRun(7);
const templateJson = JSON.stringify(template);

const targets = {
  PGlite: { runsPerS: 300, writeP99Ms: 1000 },
  PostgreSQL: { runsPerS: 500, writeP99Ms: 500 },
  staticP99Ms: 100,
};

/** The n-th client's own loopback address: 127.1.0.1, 127.1.0.2, ... (all of 127/8 is loopback on Linux). */
const loopback = (n: number) => `127.1.${Math.floor(n / 250)}.${1 + (n % 250)}`;

interface Answer {
  status: number;
  body: string;
}

function send(
  url: URL,
  agent: Agent,
  localAddress: string,
  method: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, localAddress, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function rssBytes(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then(
    (status) => Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024,
    () => 0,
  );
}

/** Per thread (main, PGlite worker), the functions with the most self time in its V8 .cpuprofile. */
async function hotSpots(dir: string, top = 10): Promise<string[]> {
  const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.cpuprofile'));
  if (!files.length) return ['(no profile written)'];
  const lines: string[] = [];
  for (const file of files) {
    const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as {
      nodes: { hitCount?: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
    };
    const self = new Map<string, number>();
    let total = 0;
    for (const node of profile.nodes) {
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(server|src)\//, '$1/');
      const key = `${functionName || '(anonymous)'} (${where}:${lineNumber + 1})`;
      self.set(key, (self.get(key) ?? 0) + (node.hitCount ?? 0));
      total += node.hitCount ?? 0;
    }
    // tsx's module-loader thread idles throughout: leave it out.
    if ((self.get('(idle) (:0)') ?? 0) > 0.95 * total) continue;
    // File names end in .<pid>.<thread id>.<n>.cpuprofile; thread 0 is the HTTP thread.
    const thread = /\.(\d+)\.\d+\.cpuprofile$/.exec(file)?.[1] === '0' ? 'HTTP thread' : 'worker thread';
    lines.push(`${thread} (${file}):`);
    for (const [key, hits] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top))
      lines.push(`  ${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
  }
  return lines;
}

async function bench(name: 'PGlite' | 'PostgreSQL', databaseUrl?: string): Promise<string[][]> {
  if (databaseUrl) {
    const sql = postgres(databaseUrl, { onnotice: () => {} });
    await sql.unsafe('drop schema public cascade; create schema public');
    await sql.end();
  }
  const work = await mkdtemp(join(tmpdir(), 'crosscheck-store-bench-'));
  const distDir = join(work, 'dist');
  await mkdir(distDir);
  // A static file the size of the app's index.html.
  await writeFile(
    join(distDir, 'index.html'),
    `<!doctype html>${'<meta name="x" content="crosscheck">'.repeat(100)}`,
  );
  const profileDir = join(work, 'profile');
  process.env.CROSSCHECK_DIST = distDir;
  if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
  else delete process.env.DATABASE_URL;
  const server = await startServerProcess({
    dataDir: join(work, 'data'),
    token,
    port: 0,
    storeOnly: true,
    nodeArgs: values.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
  const pid = server.process.pid!;
  const base = new URL(server.url);
  const runsUrl = new URL('api/runs', base);
  let peakRss = 0;
  const writeMs: number[] = [];
  const staticMs: number[] = [];
  const refused = new Map<string, number>();
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };

  const acknowledgedBy = Array.from({ length: clients }, (): string[] => []);
  const client = async (n: number) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const localAddress = loopback(n);
    while (performance.now() < deadline) {
      const runId = randomUUID();
      const t0 = performance.now();
      try {
        const answer = await send(
          runsUrl,
          agent,
          localAddress,
          'POST',
          headers,
          templateJson.replace(template.runId, runId),
        );
        if (answer.status === 201) {
          writeMs.push(performance.now() - t0);
          acknowledgedBy[n].push(runId);
        } else {
          const key = `${answer.status} ${answer.body.slice(0, 80)}`;
          refused.set(key, (refused.get(key) ?? 0) + 1);
        }
      } catch {
        errors++;
        await sleep(100);
      }
    }
    agent.destroy();
  };
  const staticProbe = async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const indexUrl = new URL('index.html', base);
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const answer = await send(indexUrl, agent, '127.0.0.2', 'GET').catch(() => ({ status: 0, body: '' }));
      if (answer.status === 200) staticMs.push(performance.now() - t0);
      await sleep(20);
    }
    agent.destroy();
  };
  const rssProbe = async () => {
    while (performance.now() < deadline) {
      peakRss = Math.max(peakRss, await rssBytes(pid));
      await sleep(250);
    }
  };
  await Promise.all([...Array.from({ length: clients }, (_, n) => client(n)), staticProbe(), rssProbe()]);
  const elapsedS = (performance.now() - started) / 1000;

  // Every acknowledged run must read back: each client reads its own, from its own address (as a
  // device would), so the per-address rate limit is the one the writes met.
  let lost = 0;
  await Promise.all(
    acknowledgedBy.map(async (ids, n) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      for (const id of ids) {
        const answer = await send(new URL(`api/runs/${id}`, base), agent, loopback(n), 'GET').catch(() => ({
          status: 0,
          body: '',
        }));
        if (answer.status !== 200 || !answer.body.includes(id)) {
          lost++;
          console.log(`  not read back: ${id}: ${answer.status} ${answer.body.slice(0, 80)}`);
        }
      }
      agent.destroy();
    }),
  );
  server.process.kill('SIGTERM');
  await new Promise((resolve) => server.process.once('exit', resolve));
  await killProcess(server.process);
  const hot = values.profile ? await hotSpots(profileDir) : [];
  await rm(work, { recursive: true, force: true });

  const sortedWrites = writeMs.sort((a, b) => a - b);
  const sortedStatic = staticMs.sort((a, b) => a - b);
  const ms = (v: number) => (Number.isNaN(v) ? '–' : `${v.toFixed(0)} ms`);
  const target = targets[name];
  const acknowledged = acknowledgedBy.flat();
  const runsPerS = acknowledged.length / elapsedS;
  const writeP99 = percentile(sortedWrites, 0.99);
  const staticP99 = percentile(sortedStatic, 0.99);
  const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  const row = [
    name,
    `${runsPerS.toFixed(0)} (≥ ${target.runsPerS} ${mark(runsPerS >= target.runsPerS)})`,
    ms(percentile(sortedWrites, 0.5)),
    `${ms(writeP99)} (< ${target.writeP99Ms} ${mark(writeP99 < target.writeP99Ms)})`,
    `${ms(staticP99)} (< ${targets.staticP99Ms} ${mark(staticP99 < targets.staticP99Ms)})`,
    `${(peakRss / 1024 / 1024).toFixed(0)} MiB`,
    `${lost} of ${acknowledged.length} (0 ${mark(lost === 0)})`,
    String([...refused.values()].reduce((a, b) => a + b, 0)),
    String(errors),
  ];
  console.log(renderTable(header, [row]));
  for (const [answer, count] of refused) console.log(`  refused ${count}×: ${answer}`);
  if (hot.length) console.log(`  server CPU profile, self time:\n    ${hot.join('\n    ')}`);
  console.log(`  load: ${execSync('uptime').toString().trim()}\n`);
  // The machine's 1-minute load average as the store's load ended, beside each of its figures.
  const load = loadavg()[0].toFixed(1);
  return [
    [`${name} accepted runs/s`, runsPerS.toFixed(0), `≥ ${target.runsPerS}`, load],
    [`${name} write p50`, ms(percentile(sortedWrites, 0.5)), '', load],
    [`${name} write p99`, ms(writeP99), `< ${target.writeP99Ms} ms`, load],
    [`${name} static p99 during load`, ms(staticP99), `< ${targets.staticP99Ms} ms`, load],
    [`${name} server peak RSS`, `${(peakRss / 1024 / 1024).toFixed(0)} MiB`, '', load],
    [`${name} lost runs`, `${lost} of ${acknowledged.length}`, '0', load],
  ];
}

const header = [
  'store',
  'accepted runs/s',
  'write p50',
  'write p99',
  'static p99',
  'server peak RSS',
  'lost',
  'refused',
  'errors',
];
console.log(
  `store bench: ${clients} clients on their own loopback addresses, ${seconds} s, ${(templateJson.length / 1024).toFixed(0)} KB runs` +
    ` (load before: ${execSync('uptime').toString().trim()})\n`,
);
const figures = await bench('PGlite');
const pgUrl = process.env.DATABASE_URL_TEST;
if (pgUrl) figures.push(...(await bench('PostgreSQL', pgUrl)));
else
  console.log(
    'PostgreSQL  skipped: set DATABASE_URL_TEST (a throwaway database: the bench empties it), e.g. from .ci/start-postgres.sh',
  );
console.log(renderTable(['figure', 'value', 'target', 'load average'], figures));

import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import type { RunOptions } from '../src/lab/run/start-run';
import { refusalOf } from '../src/core/error-answer';
import { runResultSchema } from '../src/core/result-schema';
import type { FleetCell } from '../src/core/store-api';
import { chromiumPath } from './chromium';
import { matrixProfiles, type MatrixProfile } from './matrix-profiles';
import { labMounts } from '../server/folder-mounts';
import { serveForCli, type StoreAddress } from './serve-for-cli';

const usage = `usage: npm run matrix -- [--model <id>] [--limit N] [--runs N] [--profiles desktop,phone,raspberry-pi,no-gpu] [--memory] [--no-build]
  Runs one campaign on every profile through Playwright, stores each run (./data, or DATABASE_URL;
  --memory: a throwaway store; when \`npm start\` owns ./data, through its API) and prints the fleet summary. Exits 1 if a profile crashed or failed.`;

async function post(store: StoreAddress, path: string, body: unknown): Promise<Response> {
  return fetch(new URL(`api/${path}`, store.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${store.token}` },
    body: JSON.stringify(body),
  });
}

/** One profile: its own Chromium, context and CPU throttling; the run is contributed to the campaign. */
async function runProfile(appUrl: string, store: StoreAddress, campaignId: string, profile: MatrixProfile, options: RunOptions): Promise<string> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: profile.args });
  try {
    const context = await browser.newContext(profile.context);
    const page = await context.newPage();
    page.setDefaultTimeout(0);
    const crashed = new Promise<never>((_, reject) => page.on('crash', () => reject(new Error('the page crashed'))));
    await page.goto(appUrl);
    await page.waitForFunction(() => 'crosscheck' in window);
    if (profile.cpuThrottling > 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuThrottling });
    }
    const raw = await Promise.race([crashed, page.evaluate((o) => window.crosscheck.run(o as RunOptions), { ...options, configIds: profile.configIds, referenceConfigId: profile.referenceConfigId } as object)]);
    const result = runResultSchema.parse(raw);
    const response = await post(store, `runs?campaign=${campaignId}&device=${encodeURIComponent(profile.device)}`, result);
    if (!response.ok) throw new Error(`the store refused the run: ${response.status} ${await refusalOf(response)}`);
    const broken = result.configs.filter((c) => c.status === 'crashed' || c.status === 'timeout');
    if (broken.length) throw new Error(broken.map((c) => `${c.configId} ${c.status}: ${c.reason}`).join('; '));
    return `${result.configs.map((c) => `${c.configId} ${c.status}`).join(', ')}`;
  } finally {
    await browser.close();
  }
}

function fleetTable(cells: FleetCell[]): string {
  const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
  const rows = cells.map((c) => [c.device, c.configId, `${c.okRuns}/${c.runs}`, pct(c.top1Agreement), pct(c.accuracyTop1), c.latencyP50Ms === null ? '–' : `${c.latencyP50Ms.toFixed(1)} ms`]);
  const header = ['device', 'configuration', 'ok', 'top-1 vs ref', 'accuracy', 'p50'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((v, i) => v.padEnd(widths[i])).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: 'nsfw-mobilenet-v2' },
      limit: { type: 'string', default: '2' },
      runs: { type: 'string', default: '5' },
      profiles: { type: 'string' },
      memory: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(usage);
  const wanted = values.profiles?.split(',').map((p) => p.trim());
  const unknown = wanted?.filter((w) => !matrixProfiles.some((p) => p.name === w)) ?? [];
  if (unknown.length) throw new Error(`unknown profile(s): ${unknown.join(', ')} (known: ${matrixProfiles.map((p) => p.name).join(', ')})`);
  const profiles = matrixProfiles.filter((p) => !wanted || wanted.includes(p.name));
  const limit = Number(values.limit);
  const timedRuns = Number(values.runs);

  const { server, store } = await serveForCli({
    build: values['no-build'] ? 'if-missing' : 'always',
    mounts: labMounts(),
    dataDir: values.memory ? null : undefined,
    databaseUrl: process.env.DATABASE_URL,
    token: process.env.CROSSCHECK_TOKEN,
  });
  const failures: string[] = [];
  try {
    const plan = {
      name: `matrix ${new Date().toISOString()}`,
      modelIds: [values.model],
      images: { source: 'samples', limit },
      configIds: [...new Set(profiles.flatMap((p) => p.configIds))],
      repetitions: 1,
      warmupRuns: 1,
      timedRuns,
    };
    const created = await post(store, 'campaigns', plan);
    if (!created.ok) throw new Error(`campaign: ${await refusalOf(created)}`);
    const { campaignId } = (await created.json()) as { campaignId: string };
    console.log(`campaign ${campaignId}: ${values.model}, ${limit} sample images, ${timedRuns} timed runs`);
    const options: RunOptions = { modelId: values.model, images: { kind: 'samples' }, limit, warmupRuns: 1, timedRuns };
    for (const profile of profiles) {
      const started = Date.now();
      try {
        const summary = await runProfile(server.url, store, campaignId, profile, options);
        console.log(`  ${profile.name.padEnd(13)} ok in ${((Date.now() - started) / 1000).toFixed(0)} s: ${summary}`);
      } catch (error) {
        failures.push(`${profile.name}: ${(error as Error).message}`);
        console.log(`  ${profile.name.padEnd(13)} FAILED: ${(error as Error).message}`);
      }
    }
    const { cells } = (await (await fetch(new URL(`api/campaigns/${campaignId}/contributions`, store.url))).json()) as { cells: FleetCell[] };
    console.log(`\nFleet summary (campaign ${campaignId}):\n${fleetTable(cells)}`);
  } finally {
    await server.close();
  }
  if (failures.length) {
    console.error(`\nmatrix: ${failures.length} profile(s) failed:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
}

main().catch((error: Error) => {
  console.error(`matrix: ${error.message}`);
  process.exit(1);
});

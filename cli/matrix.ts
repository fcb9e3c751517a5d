import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import type { FleetCell } from '../src/core/store-api';
import { createStoreClient } from '../src/lab/sync/store-client';
import { labMounts } from '../server/folder-mounts';
import { serveForCli } from './serve-for-cli';
import { matrixPlanIds } from './matrix-profiles';

const usage = `usage: npm run matrix -- [--images N] [--runs N] [--memory] [-- <playwright test options, e.g. --project=phone>]
  Runs the device matrix (playwright.matrix.config.ts) as one campaign, stores every run (./data, or DATABASE_URL;
  --memory: a throwaway store; when \`npm start\` owns ./data, through its API) and prints the fleet summary.
  Exits with Playwright's status.`;

function fleetTable(cells: FleetCell[]): string {
  const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
  const rows = cells.map((c) => [
    c.modelId,
    c.device,
    c.configId,
    `${c.okRuns}/${c.runs}`,
    pct(c.top1Agreement),
    pct(c.accuracyTop1),
    c.latencyP50Ms === null ? '–' : `${c.latencyP50Ms.toFixed(1)} ms`,
  ]);
  const header = ['model', 'device', 'configuration', 'ok', 'top-1 vs ref', 'accuracy', 'p50'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((v, i) => v.padEnd(widths[i])).join('  ')).join('\n');
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      images: { type: 'string', default: '2' },
      runs: { type: 'string', default: '5' },
      memory: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return (console.log(usage), 0);
  const { server, store } = await serveForCli({
    build: 'always',
    mounts: labMounts(),
    dataDir: values.memory ? null : undefined,
    databaseUrl: process.env.DATABASE_URL,
    token: process.env.CROSSCHECK_TOKEN,
  });
  try {
    const client = createStoreClient({
      baseUrl: store.url,
      settings: () => ({ token: store.token, deviceName: '' }),
    });
    const { campaignId } = await client
      .post<{ campaignId: string }>('api/campaigns', {
        name: `matrix ${new Date().toISOString()}`,
        ...matrixPlanIds(),
        images: { source: 'samples', limit: Number(values.images) },
        repetitions: 1,
        warmupRuns: 1,
        timedRuns: Number(values.runs),
      })
      .catch((error: Error) => {
        throw new Error(`campaign: ${error.message}`);
      });
    const env = {
      ...process.env,
      CROSSCHECK_STORE_URL: store.url,
      CROSSCHECK_TOKEN: store.token,
      CROSSCHECK_CAMPAIGN: campaignId,
      MATRIX_IMAGES: values.images,
      MATRIX_RUNS: values.runs,
    };
    const { status } = spawnSync(
      'npx',
      ['playwright', 'test', '-c', 'playwright.matrix.config.ts', ...positionals],
      { stdio: 'inherit', env },
    );
    const { cells } = await client.get<{ cells: FleetCell[] }>(`api/campaigns/${campaignId}/contributions`);
    console.log(`\nFleet summary (campaign ${campaignId}):\n${fleetTable(cells)}`);
    return status ?? 1;
  } finally {
    await server.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`matrix: ${error.message}`);
    process.exit(1);
  },
);

import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runResultSchema } from '../src/core/result-schema';
import { validRunResult } from '../src/core/result-schema.test-fixture';
import { startServer } from '../server/start-server';
import { useLabServer } from './support/lab-server';

const run = promisify(execFile);
const app = useLabServer();

test('the results page shows the vs-native column of a run that has native references', async ({ page }) => {
  const record = validRunResult();
  record.native = {
    references: [{ id: 'node-ort-cpu', runtime: 'onnxruntime-node', status: 'ok', reason: null, images: 1 }],
    primaryId: 'node-ort-cpu',
    driftMaxAbsDiff: null,
    driftBetween: [],
    perConfiguration: { 'ort-wasm': { images: 1, top1Agreement: 1, maxAbsDiffTop5: 2.5e-6 } },
  };
  await page.goto(app.url);
  await page.getByRole('button', { name: 'History', exact: true }).click();
  await page.getByLabel('Import JSON run').setInputFiles({
    name: 'native-run.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(record)),
  });
  await page.getByTestId('history-run').getByRole('button', { name: 'Open' }).click();
  const table = page.getByTestId('config-table');
  await expect(table.getByRole('columnheader', { name: 'vs native' })).toBeVisible();
  await expect(table.locator('tr[data-config="ort-wasm"] [data-testid="vs-native"]')).toHaveText(
    '100.0% 2.50e-6',
  );
  await expect(table.locator('tr[data-config="tfjs-webgl"] [data-testid="vs-native"]')).toHaveText('—');
});

test('lab --native runs native references on the same inputs and stores the vs-native column', async () => {
  const out = await mkdtemp(join(tmpdir(), 'crosscheck-lab-native-'));
  const data = await mkdtemp(join(tmpdir(), 'crosscheck-lab-native-data-'));
  const args = ['--model', 'nsfw-mobilenet-v2', '--configs', 'tfjs-cpu,ort-wasm', '--limit', '1'];
  const { stdout } = await run(
    'npx',
    [
      'tsx',
      'cli/lab.ts',
      ...args,
      '--warmup',
      '0',
      '--runs',
      '1',
      '--native',
      '--no-build',
      '--out',
      out,
      '--data',
      data,
    ],
    { cwd: join(import.meta.dirname, '..'), timeout: 5 * 60_000 },
  );
  expect(stdout).toMatch(/ vs native\n/);
  expect(stdout).toMatch(/^ort-wasm .* 100\.0% \d\.\d\de-\d+$/m);
  expect(stdout).toMatch(/native drift: max \|Δ\| \S+ \(node-tfjs-cpu vs /);
  const report = runResultSchema.parse(
    JSON.parse(
      await readFile(
        join(
          out,
          (await readdir(out)).find((f) => f.endsWith('.json'))!,
        ),
        'utf8',
      ),
    ),
  );
  expect(report.native?.references.map((r) => `${r.id}:${r.status}`)).toEqual([
    'node-tfjs-cpu:ok',
    'node-tfjs-wasm:ok',
    'node-ort-cpu:ok',
  ]);
  expect(report.native?.perConfiguration['ort-wasm']).toMatchObject({ images: 1, top1Agreement: 1 });
  // The store holds the record with its native part (the page's outbox did not store it first).
  const server = await startServer({ dataDir: data });
  try {
    const stored = runResultSchema.parse(
      await (await fetch(new URL(`api/runs/${report.runId}`, server.url))).json(),
    );
    expect(stored.native).toEqual(report.native);
  } finally {
    await server.close();
  }
});

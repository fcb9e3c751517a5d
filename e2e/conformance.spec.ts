import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { conformanceRecordSchema } from '../src/core/conformance/conformance-schema';
import { useLabServer } from './support/lab-server';

const run = promisify(execFile);
const ops = ['Add', 'Relu', 'Conv', 'Cast'];

test('npm run conformance runs an operator subset on ort-wasm and ort-webgpu in Chromium', async () => {
  const out = await mkdtemp(join(tmpdir(), 'crosscheck-conformance-'));
  const args = [
    'cli/conformance.ts',
    '--ops',
    ops.join(','),
    '--configs',
    'ort-wasm,ort-webgpu',
    '--no-build',
    '--out',
    out,
  ];
  const { stdout } = await run('npx', ['tsx', ...args], {
    cwd: join(import.meta.dirname, '..'),
    timeout: 5 * 60_000,
  });

  const counts =
    /^(ort-wasm|ort-webgpu): (\d+) passed, (\d+) wrong, (\d+) fell back, (\d+) unsupported, (\d+) crashed, (\d+) timeout in [\d.]+ s$/gm;
  const lines = [...stdout.matchAll(counts)];
  expect(lines.map((m) => m[1])).toEqual(['ort-wasm', 'ort-webgpu']);

  expect(stdout).toMatch(/^Store: suite [0-9a-f-]{36}/m);
  const [file] = await readdir(out);
  const record = conformanceRecordSchema.parse(JSON.parse(await readFile(join(out, file), 'utf8')));
  expect(new Set(record.cases.map((c) => c.op))).toEqual(new Set(ops));
  const wasm = record.cases.filter((c) => c.configId === 'ort-wasm');
  const webgpu = record.cases.filter((c) => c.configId === 'ort-webgpu');
  // The reference CPU build passes every one of ONNX's own cases for these operators.
  expect(wasm.filter((c) => c.status !== 'pass')).toEqual([]);
  // Whatever WebGPU does here, every case ran and was classified, and the printed counts add up.
  expect(webgpu.map((c) => c.caseId)).toEqual(wasm.map((c) => c.caseId));
  const printed = lines[1].slice(2, 8).map(Number);
  expect(printed.reduce((a, b) => a + b, 0)).toBe(webgpu.length);
  for (const c of webgpu.filter((c) => c.status !== 'pass')) expect(c.detail).toBeTruthy();
});

const server = useLabServer();

test('the Conformance screen runs the chosen operators, fills its table, and the fleet sees the record', async ({
  page,
}) => {
  await page.addInitScript((t) => localStorage.setItem('crosscheck-lab-token', t), server.token);
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Conformance' }).click();
  const screen = page.getByRole('region', { name: 'Operator conformance' });
  await screen.getByLabel('ORT webgpu').uncheck();
  await screen.getByLabel('ORT webgl').uncheck();
  await screen.getByRole('textbox', { name: 'Operators' }).fill('Relu');
  await screen.getByRole('button', { name: 'Run conformance' }).click();
  await expect(screen.getByTestId('conformance-counts')).toHaveText(
    'ort-wasm: 1 passed, 0 wrong, 0 fell back, 0 unsupported, 0 crashed, 0 timeout',
    { timeout: 60_000 },
  );
  const row = screen.getByTestId('conformance-table').getByRole('row', { name: /Relu/ });
  await expect(row.getByRole('cell')).toHaveText(['1/1']);

  await screen.getByRole('button', { name: 'Send to the store' }).click();
  await expect(screen.getByTestId('conformance-stored')).toHaveText('stored (created)');
  await page.goto(new URL('fleet', server.url).href);
  const fleet = page.getByTestId('fleet-operators');
  await fleet.getByLabel('Only operators that fail somewhere').uncheck();
  await expect(fleet.getByRole('row', { name: /Relu/ }).getByRole('cell')).toHaveText(['1/1']);
});

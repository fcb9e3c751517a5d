import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runResultSchema } from '../src/core/result-schema';

const run = promisify(execFile);

// The README's command keeps the run in the project's store, ./data; here the store is a temporary folder.
test("the README's main command runs the embedded model headless and writes its reports", async () => {
  const out = await mkdtemp(join(tmpdir(), 'crosscheck-lab-cli-'));
  const data = await mkdtemp(join(tmpdir(), 'crosscheck-lab-cli-data-'));
  const args = [
    'cli/lab.ts',
    '--model',
    'nsfw-mobilenet-v2',
    '--configs',
    'tfjs-wasm',
    '--reference',
    'tfjs-wasm',
    '--limit',
    '1',
  ];
  const { stdout } = await run(
    'npx',
    ['tsx', ...args, '--warmup', '0', '--runs', '1', '--no-build', '--out', out, '--data', data],
    {
      cwd: join(import.meta.dirname, '..'),
      timeout: 5 * 60_000,
    },
  );
  expect(stdout).toMatch(/tfjs-wasm\s+ok/);
  expect(stdout).toMatch(/Store: run [0-9a-f-]{36} in the lab store/);
  expect(stdout).toContain(`lab token: ${data}/lab-token`);
  const files = (await readdir(out)).sort();
  expect(files.map((f) => f.split('.').pop())).toEqual(['json', 'txt']);
  const report = runResultSchema.parse(JSON.parse(await readFile(join(out, files[0]), 'utf8')));
  expect(report.configs.map((c) => `${c.configId}:${c.status}`)).toEqual(['tfjs-wasm:ok']);
});

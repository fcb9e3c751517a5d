import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runResultSchema } from '../src/core/result-schema';

const run = promisify(execFile);

// The run is also kept in the project's store, ./data (ignored by git), as the README's command does.
test("the README's main command runs the embedded model headless and writes its reports", async () => {
  const out = await mkdtemp(join(tmpdir(), 'crosscheck-lab-cli-'));
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
    ['tsx', ...args, '--warmup', '0', '--runs', '1', '--no-build', '--out', out],
    {
      cwd: join(import.meta.dirname, '..'),
      timeout: 5 * 60_000,
    },
  );
  expect(stdout).toMatch(/tfjs-wasm\s+ok/);
  const files = (await readdir(out)).sort();
  expect(files.map((f) => f.split('.').pop())).toEqual(['json', 'txt']);
  const report = runResultSchema.parse(JSON.parse(await readFile(join(out, files[0]), 'utf8')));
  expect(report.configs.map((c) => `${c.configId}:${c.status}`)).toEqual(['tfjs-wasm:ok']);
});

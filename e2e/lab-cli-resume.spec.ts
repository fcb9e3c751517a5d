import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runResultSchema } from '../src/core/result-schema';
import { killLabCliWhen } from './support/kill-lab-cli';

const root = join(import.meta.dirname, '..');
const configs = ['tfjs-wasm', 'tfjs-cpu', 'ort-wasm'];
const choices = [
  '--configs',
  configs.join(','),
  '--reference',
  'tfjs-wasm',
  '--limit',
  '2',
  '--warmup',
  '0',
  '--runs',
  '2',
];

test('a CLI run killed midway (CLI and browser, SIGKILL) carries on with --resume, measuring nothing twice', async () => {
  const out = await mkdtemp(join(tmpdir(), 'crosscheck-resume-out-'));
  const data = await mkdtemp(join(tmpdir(), 'crosscheck-resume-data-'));
  const common = ['--no-build', '--out', out, '--data', data];

  const { log, browsers } = await killLabCliWhen(
    root,
    [...choices, '--no-build', '--out', out],
    data,
    // The second configuration is on its second image: its first is measured and checkpointed.
    (log) => /\[2\/3\] images\s+2\/2/.test(log),
  );
  expect(browsers).toBeGreaterThan(0);
  const profileMark = join(data, 'unfinished-cli-runs');
  const [id] = await readdir(profileMark);
  expect(log).toContain(`npm run lab -- --resume ${id} --data ${data}`);

  const { stdout, stderr } = await promisify(execFile)('npx', ['tsx', 'cli/lab.ts', '--resume', ...common], {
    cwd: root,
    timeout: 5 * 60_000,
  });
  // The reference was finished before the kill and is not loaded again; tfjs-cpu is reloaded and timed
  // (a configuration's timing is kept once it is done) but classifies only the image it had not.
  expect(stderr).toContain(`resuming run ${id}`);
  expect(stderr).not.toMatch(/\[1\/3\]/);
  expect(stderr).toMatch(/\[2\/3\] load/);
  expect(stderr).not.toMatch(/\[2\/3\] images\s+1\/2/);
  expect(stderr).toMatch(/\[2\/3\] images\s+2\/2/);
  expect(stderr).toMatch(/\[3\/3\] images\s+1\/2/);
  expect(stdout).toMatch(/Store: run [0-9a-f-]{36} in the lab store/);

  const [json] = (await readdir(out)).filter((f) => f.endsWith('.json'));
  const report = runResultSchema.parse(JSON.parse(await readFile(join(out, json), 'utf8')));
  expect(report.status).toBe('complete');
  expect(report.configs.map((c) => `${c.configId}:${c.status}`)).toEqual(configs.map((c) => `${c}:ok`));
  expect(report.images).toHaveLength(2);
  for (const image of report.images)
    expect(image.outcomes.map((o) => `${o.configId}:${o.status}`)).toEqual(configs.map((c) => `${c}:ok`));
  // A finished run leaves no profile behind.
  expect(existsSync(join(profileMark, id))).toBe(false);
});

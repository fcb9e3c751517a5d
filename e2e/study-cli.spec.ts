import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { runResultSchema } from '../src/core/result-schema';
import { studyProgressSchema } from '../src/core/study/study-progress';
import { killLabCliWhen } from './support/kill-lab-cli';
import { smallStudy } from './support/small-study';

const root = join(import.meta.dirname, '..');
const study = { ...smallStudy, name: 'cli kill', warmupRuns: 1, timedRuns: 2 };

test('lab --study killed during its second run carries on with --resume: the run in flight resumes, none is made twice', async () => {
  test.setTimeout(8 * 60_000);
  const out = await mkdtemp(join(tmpdir(), 'crosscheck-study-out-'));
  const data = await mkdtemp(join(tmpdir(), 'crosscheck-study-data-'));
  const file = join(out, 'study.json');
  await writeFile(file, JSON.stringify(study));
  const common = ['--no-build', '--out', out, '--data', data];

  await killLabCliWhen(root, ['--study', file, '--no-build', '--out', out], data, (log) => {
    // The fp16 run has finished its reference and is on its first cell's images: checkpointed.
    const second = log.split('study  2/4 cells done or skipped')[1] ?? '';
    return /images ort-wasm\[threads=1\]/.test(second);
  });
  const profileMark = join(data, 'unfinished-cli-runs');

  const { stdout, stderr } = await promisify(execFile)('npx', ['tsx', 'cli/lab.ts', '--resume', ...common], {
    cwd: root,
    timeout: 5 * 60_000,
  });
  expect(stderr).toMatch(/resuming run [0-9a-f]{8}/);
  // Neither the original's run nor the fp16 run's reference is measured again.
  expect(stderr).not.toMatch(/loading ort-wasm\n/);
  expect(stderr.match(/done {3}done/g)).toHaveLength(1);
  expect(stdout).toContain('4 cells measured in 2 runs, 0 skipped');
  expect(stdout).toMatch(/Recommendation \(fastest cell .*\): (original|fp16) on ort-wasm\[threads=[12]\]/);

  const [json] = (await readdir(out)).filter((f) => f.startsWith('study-') && f.endsWith('.json'));
  const report = z
    .object({ study: studyProgressSchema, runs: z.array(runResultSchema) })
    .parse(JSON.parse(await readFile(join(out, json), 'utf8')));
  expect(report.runs.map((r) => r.study?.variant)).toEqual(['original', 'fp16']);
  const byVariant = (variant: string) => report.study.cells.filter((c) => c.variant === variant);
  expect(byVariant('original').map((c) => c.runId)).toEqual([report.runs[0].runId, report.runs[0].runId]);
  expect(byVariant('fp16').map((c) => c.runId)).toEqual([report.runs[1].runId, report.runs[1].runId]);
  expect(await readdir(profileMark)).toEqual([]);
});

import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createCliRun, listCliRuns } from './unfinished-cli-runs';

// Choices the CLI cannot honour are refused before any browser starts, naming what is wrong.
// `--native` has no Node reference for TFLite models.
const tfliteModel = 'mobilenetv1-025-quant-tflite';
let dataDir: string;

beforeEach(async () => (dataDir = await mkdtemp(join(tmpdir(), 'crosscheck-lab-native-'))));
afterEach(() => rm(dataDir, { recursive: true, force: true }));

async function lab(...args: string[]): Promise<{ code: number; stderr: string }> {
  const run = promisify(execFile)('npx', ['tsx', 'cli/lab.ts', ...args, '--data', dataDir], {
    timeout: 60_000,
  });
  return run.then(
    ({ stderr }) => ({ code: 0, stderr }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
}

test('a new --native run of a model without native references is refused and leaves no run to resume', async () => {
  const { code, stderr } = await lab('--native', '--model', tfliteModel);
  expect(code).toBe(1);
  expect(stderr).toContain(tfliteModel);
  expect(await readdir(dataDir)).toEqual([]);
}, 90_000);

test('--resume --native is refused for a stopped run of such a model, and the run is kept', async () => {
  const stopped = await createCliRun(dataDir, { modelId: tfliteModel });
  const { code, stderr } = await lab('--resume', stopped.id, '--native');
  expect(code).toBe(1);
  expect(stderr).toContain(tfliteModel);
  expect(stderr).not.toContain('resuming run');
  expect((await listCliRuns(dataDir)).map((r) => r.id)).toEqual([stopped.id]);
}, 90_000);

test('--preset takes a preset id, not --configs beside it, and an unknown id lists the ones there are', async () => {
  const unknown = await lab('--preset', 'threads');
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toContain(
    '--preset threads: no such preset; there are mobile-gpu-precision, threads-sweep',
  );
  const both = await lab('--preset', 'threads-sweep', '--configs', 'tfjs-cpu');
  expect(both.code).toBe(1);
  expect(both.stderr).toContain('--configs and --preset both choose the configurations: give one');
  expect(await readdir(dataDir)).toEqual([]);
}, 90_000);

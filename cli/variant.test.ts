import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallOnnxModel } from '../src/variants/small-onnx-model.test-fixture';

const run = promisify(execFile);
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crosscheck-variant-cli-'));
  await writeFile(join(dir, 'small.onnx'), smallOnnxModel());
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const variant = (spec: string) =>
  run(
    'npx',
    ['tsx', 'cli/variant.ts', join(dir, 'small.onnx'), '--variant', spec, '--out', join(dir, 'out')],
    {
      cwd: join(import.meta.dirname, '..'),
    },
  );

describe('npm run variant', () => {
  it('writes the variant named by its sha256, then finds it again for any spelling of the spec', async () => {
    const first = await variant('mutant[seed=4,op=max-to-min]');
    expect(first.stdout).toMatch(
      /^mutant\[op=max-to-min,seed=4\]: .*\/([0-9a-f]{64})\.onnx .*max-to-min at 1 of 1 places: mx/,
    );
    const again = await variant('mutant[op=max-to-min, seed=4]');
    expect(again.stdout).toMatch(/cached .*\.onnx/);
    const files = (await readdir(join(dir, 'out'))).sort();
    expect(files).toHaveLength(2);
    const onnx = files.find((f) => f.endsWith('.onnx'))!;
    expect(first.stdout).toContain(onnx);
    expect((await readFile(join(dir, 'out', onnx))).byteLength).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a bad spec, naming its bad part', async () => {
    await expect(variant('prune[sparsity=0]')).rejects.toMatchObject({
      stderr: expect.stringContaining(
        'variant "prune[sparsity=0]": sparsity: must be more than 0',
      ) as unknown,
    });
  }, 120_000);
});

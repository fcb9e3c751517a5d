import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runResultSchema } from '../src/core/result-schema';
import { openBundle } from '../src/repro/pack-bundle';
import { requireData, sharedPath } from '../test-support/test-data';

const run = promisify(execFile);
const onnxModel = sharedPath('models', 'mobilenetv2-12-int8-onnx', 'mobilenetv2-12-int8.onnx');
test.skip(!requireData(onnxModel, 'the shared int8 MobileNetV2'));

test('npm run lab -- --localize names the node where ort-webgpu (JSEP) leaves wasm; the native EP agrees', async () => {
  const out = await mkdtemp(join(tmpdir(), 'crosscheck-localize-cli-'));
  const data = await mkdtemp(join(tmpdir(), 'crosscheck-localize-cli-data-'));
  const repro = join(out, 'repro');
  const args = ['--model', 'mobilenetv2-int8', '--configs', 'ort-wasm,ort-webgpu,ort-webgpu-native'];
  const settings = ['--reference', 'ort-wasm', '--limit', '1', '--warmup', '0', '--runs', '1'];
  const { stdout } = await run(
    'npx',
    [
      'tsx',
      'cli/lab.ts',
      ...args,
      ...settings,
      '--localize',
      '--repro',
      repro,
      '--no-build',
      '--out',
      out,
      '--data',
      data,
    ],
    { cwd: join(import.meta.dirname, '..'), timeout: 5 * 60_000 },
  );
  console.log(
    stdout
      .split('\n')
      .filter((l) => l.startsWith('first divergent node:'))
      .join('\n'),
  );
  expect(stdout).toMatch(
    /^first divergent node: \S+ \(\w+.*\) on ort-webgpu vs ort-wasm; [\w-]+, [\d.]+ s$/m,
  );
  expect(stdout).toMatch(/^first divergent node: none \(ort-webgpu-native: agrees with ort-wasm\)$/m);
  // The record carries the localization, and the store took it.
  expect(stdout).toMatch(/Store: run [0-9a-f-]{36} in the lab store/);
  const [json] = (await readdir(out)).filter((f) => f.endsWith('.json'));
  const report = runResultSchema.parse(JSON.parse(await readFile(join(out, json), 'utf8')));
  expect(report.localizations).toHaveLength(1);
  const [record] = report.localizations!;
  if ('failed' in record) throw new Error(record.failed);
  expect(record).toMatchObject({ referenceId: 'ort-wasm', suspectId: 'ort-webgpu', reproduced: true });
  expect(record.inputSha256).toBe(report.images[0].inputSha256);
  expect(record.nodes.length).toBeGreaterThan(60);
  expect(record.nodes.find((n) => n.name === record.firstDivergent)?.divergent).toBe(true);
  // --repro: one bundle per localized configuration, named in the output.
  const [bundle] = await readdir(repro);
  expect(stdout).toContain(
    `Repro bundle: ${join(repro, bundle)} (ort-webgpu: the single-node model of ${record.firstDivergent}; reproduces)`,
  );
  const { manifest } = await openBundle(new Uint8Array(await readFile(join(repro, bundle))));
  expect(manifest.source).toMatchObject({ modelId: 'mobilenetv2-int8', inputSha256: record.inputSha256 });
});

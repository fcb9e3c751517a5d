import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync, zipSync, strToU8, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { unzipTo } from '../../test-support/unzip-to';
import { decodeModel } from '../convert/onnx/onnx-model';
import { chainModel as model, chainValues as values, bundleParts as parts } from './bundle.test-fixture';
import { packBundle, openBundle, bundleFileName } from './pack-bundle';
import { reproCandidates } from './repro-candidates';

const run = promisify(execFile);
describe('reproCandidates', () => {
  it('tries the node alone, then the 2, 4 … nodes ending at it, fed the reference values at the boundary', () => {
    const candidates = [...reproCandidates(model, values, 2)];
    expect(candidates.map((c) => [c.start, c.end])).toEqual([
      [2, 3],
      [1, 3],
      [0, 3],
    ]);
    const single = decodeModel(candidates[0].model);
    expect(single.graph.node.map((n) => n.name)).toEqual(['neg']);
    expect(single.graph.input.map((i) => i.name)).toEqual(['b']);
    expect(candidates[0].inputs[0].data).toEqual(values.get('b')!.data);
    // The node that reads an initializer takes it along.
    const add = decodeModel([...reproCandidates(model, values, 1)][0].model);
    expect(add.graph.initializer.map((t) => t.name)).toEqual(['W']);
  });
});

describe('packBundle / openBundle', () => {
  it('lays out model, tensors, manifest with every file hashed, page, Node script and README; reads them back', async () => {
    const { zip, manifest } = await packBundle(parts([1, 4, 3, 9]));
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual([
      'README.txt',
      'inputs/0.bin',
      'manifest.json',
      'model.onnx',
      'outputs/0-reference.bin',
      'outputs/0-suspect.bin',
      'repro-node.mjs',
      'repro.html',
    ]);
    expect(Object.keys(manifest.files).sort()).toEqual([
      'inputs/0.bin',
      'model.onnx',
      'outputs/0-reference.bin',
      'outputs/0-suspect.bin',
    ]);
    expect(manifest.inputs).toEqual([{ name: 'a', dtype: 'float32', shape: [1, 4], file: 'inputs/0.bin' }]);
    expect(bundleFileName(manifest)).toBe('repro-chain-ort-webgpu-add.zip');
    const opened = await openBundle(zip);
    expect(opened.outputs[0].suspect.data).toEqual(Float32Array.from([1, 4, 3, 9]));
    expect(opened.inputs[0].data).toEqual(values.get('a')!.data);
    expect(strFromU8(files['repro.html'])).toContain('?ort=');
  });

  it('refuses a bundle whose files or manifest do not hold together, naming what', async () => {
    const { zip } = await packBundle(parts([1, 4, 3, 9]));
    const files = unzipSync(zip);
    const tampered = zipSync({ ...files, 'inputs/0.bin': new Uint8Array(16) });
    await expect(openBundle(tampered, 'b.zip')).rejects.toThrow(
      /^b.zip: inputs\/0.bin has sha256 [0-9a-f]{64}, manifest.json says/,
    );
    const manifest = JSON.parse(strFromU8(files['manifest.json'])) as Record<string, unknown>;
    const bad = zipSync({
      ...files,
      'manifest.json': strToU8(JSON.stringify({ ...manifest, tolerance: { absolute: -1 } })),
    });
    await expect(openBundle(bad, 'b.zip')).rejects.toThrow(/^b.zip: manifest.json: .*tolerance/s);
    await expect(openBundle(strToU8('not a zip'), 'c.zip')).rejects.toThrow(
      /^c.zip: (not a zip file|no manifest.json)/,
    );
  });
});

describe('repro-node.mjs', { timeout: 120_000 }, () => {
  const script = async (dir: string) =>
    run('node', [join(dir, 'repro-node.mjs')], { cwd: process.cwd() }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  it('reruns the reference side in onnxruntime-node and says it matches the recorded reference', async () => {
    const { zip } = await packBundle(parts([1, 4, 3, 9]));
    const { code, stdout } = await script(await unzipTo(zip));
    expect(stdout).toContain('b [1×4]: 1.00000, 4.00000, 3.00000, 8.00000');
    expect(stdout).toMatch(
      /vs recorded suspect \(ort-webgpu\): max \|Δ\| 1\.00, 1 elements beyond tolerance/,
    );
    expect(stdout).toMatch(/matches the recorded reference output$/m);
    expect(code).toBe(0);
  });

  it('says so, exit 1, when the recorded reference is not what the CPU computes', async () => {
    const { zip } = await packBundle(parts([1, 4, 3, 9], [1, 4, 3, 7]));
    const { code, stdout } = await script(await unzipTo(zip));
    expect(stdout).toMatch(/does not match the recorded reference output$/m);
    expect(code).toBe(1);
  });
});

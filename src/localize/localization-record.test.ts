import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../core/preprocess/sha256';
import {
  localizationSchema,
  runResultSchema,
  type ImageConfigOutcome,
  type RunResult,
} from '../core/result-schema';
import { validRunResult } from '../core/result-schema.test-fixture';
import type { NamedTensor } from '../core/tensor';
import { casesToLocalize, disagreesOn, firstDisagreeingImage } from './choose-cases';
import { compareNodes, policyFor } from './compare-nodes';
import type { GraphNode } from './expose-outputs';
import { describeLocalization, localizationLines, toLocalizationRecord } from './localization-record';

/** The fixture's run (reference ort-wasm) plus two ORT configurations on a second image and the first. */
function runWith(outcomes: Record<string, Partial<ImageConfigOutcome>[]>): RunResult {
  const run = validRunResult();
  const [reference] = run.configs;
  const [first] = run.images;
  const second = { ...first, name: 'second.png', inputSha256: 'e'.repeat(64), outcomes: [...first.outcomes] };
  run.images = [first, second];
  for (const [configId, [onFirst, onSecond]] of Object.entries(outcomes)) {
    run.configs.push({ ...reference, configId });
    first.outcomes.push({ ...first.outcomes[0], configId, ...onFirst });
    second.outcomes.push({ ...first.outcomes[0], configId, ...onSecond });
  }
  return run;
}
const jsepLike = { maxAbsDiff: 6.9e8, top1AgreesWithReference: false };
const run = runWith({
  'ort-webgpu': [{ maxAbsDiff: 0 }, jsepLike],
  'ort-webgpu-native': [{ maxAbsDiff: 0 }, { maxAbsDiff: 0 }],
});

describe('choosing what to localize', () => {
  it('takes each configuration that does not agree, on its first disagreeing image; never the reference', () => {
    expect(casesToLocalize(run)).toEqual([{ suspectId: 'ort-webgpu', image: 'second.png' }]);
    expect(firstDisagreeingImage(run, 'ort-webgpu-native')).toBeNull();
    expect(disagreesOn(run, 'ort-webgpu', 'n01440764_tench.JPEG')).toBe(false);
    expect(disagreesOn(run, 'ort-wasm', 'second.png')).toBe(false);
    // Drift (same top-1, beyond the whole-model tolerance) is worth a "Why?" too.
    const drift = runWith({ 'ort-webgl': [{ maxAbsDiff: 0.05 }, { maxAbsDiff: 0 }] });
    expect(casesToLocalize(drift)).toEqual([{ suspectId: 'ort-webgl', image: 'n01440764_tench.JPEG' }]);
  });
});

const node = (name: string, input: string): GraphNode => ({
  name,
  opType: name === 'b' ? 'Conv' : 'Relu',
  domain: '',
  attributes: name === 'b' ? { strides: '[1,1]', note: '<b>' } : {},
  inputs: [input],
  outputs: [{ name, dtype: 'float32', quantization: null }],
});
const f32 = (name: string, values: number[]): NamedTensor => ({
  name,
  dtype: 'float32',
  shape: [1, values.length],
  data: Float32Array.from(values),
});

async function localized() {
  const nodes = [node('a', 'x'), node('b', 'a'), node('c', 'b')];
  const reference = new Map([f32('a', [1, 2]), f32('b', [3, 4]), f32('c', [5, 6])].map((t) => [t.name, t]));
  const suspect = new Map([f32('a', [1, 2]), f32('b', [3, 9]), f32('c', [NaN, 6])].map((t) => [t.name, t]));
  const policy = policyFor(['wasm', 'webgpu']);
  const result = {
    nodes,
    localization: compareNodes(nodes, reference, suspect, policy),
    reproduced: true,
    method: 'exposed-outputs' as const,
    tolerance: policy(nodes[0]),
    suspectPlacement: '2 of 3 nodes on CPUExecutionProvider',
    captures: { reference, suspect },
    elapsedMs: 1234,
  };
  const which = {
    referenceId: 'ort-wasm',
    suspectId: 'ort-webgpu',
    image: 'second.png',
    inputSha256: 'e'.repeat(64),
  };
  return { record: await toLocalizationRecord(which, result), reference, suspect };
}

describe('the localization record', () => {
  it('keeps per-node summaries with both sides’ output hashes, no tensors, and passes the run schema', async () => {
    const { record, suspect } = await localized();
    expect(localizationSchema.parse(record)).toEqual(record);
    if ('failed' in record) throw new Error('expected a localization');
    expect(record).toMatchObject({
      firstDivergent: 'b',
      firstJump: 'b',
      tolerance: { absolute: 1e-3, steps: 1 },
    });
    expect(record.nodes.map((n) => [n.name, n.op, n.divergent])).toEqual([
      ['a', 'Relu', false],
      ['b', 'Conv', true],
      ['c', 'Relu', true],
    ]);
    expect(record.nodes[1]).toMatchObject({
      maxAbs: 5,
      maxRel: 1.25,
      shape: [1, 2],
      attributes: { note: 'b' },
    });
    // NaN has no finite error: null, counted in nonFinite.
    expect(record.nodes[2]).toMatchObject({ maxAbs: null, nonFinite: 1 });
    expect(record.nodes[1].suspectHash).toBe(await sha256Hex(suspect.get('b')!.data));
    expect(record.nodes[0].referenceHash).toBe(record.nodes[0].suspectHash);

    const withIt = { ...run, localizations: [record, { ...record, suspectId: 'ort-webgl', failed: 'x' }] };
    expect(runResultSchema.parse(withIt).localizations).toHaveLength(2);
    expect(runResultSchema.parse(run).localizations).toBeUndefined();
  });

  it('reads as one line per configuration, starting "first divergent node:", with the time taken', async () => {
    const { record } = await localized();
    expect(describeLocalization(record)).toMatch(
      /^first divergent node: b \(Conv strides=\[1,1\] note=b; output b \[1×2\]; max abs 5\.00, rel 1\.25, cosine 0\.9\d+\) on ort-webgpu vs ort-wasm; exposed-outputs, 1\.2 s$/,
    );
    const failed = { ...record, failed: 'localization of TF.js models: not available in this build' };
    expect(describeLocalization(failed)).toBe(
      'first divergent node: not localized (ort-webgpu: localization of TF.js models: not available in this build)',
    );
    expect(localizationLines({ ...run, localizations: [record] })).toEqual([
      'first divergent node: none (tfjs-webgl: failed, not localized)',
      expect.stringMatching(/^first divergent node: b \(Conv/),
      'first divergent node: none (ort-webgpu-native: agrees with ort-wasm)',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { configurations } from '../../adapters/configurations';
import { modelManifestSchema, type ModelManifest } from '../../core/model-manifest';
import { planRun } from './plan-run';

const base = {
  name: 'Net',
  base: 'generated:models/net/',
  entry: 'model.json',
  preprocess: { size: [224, 224], resize: 'stretch', layout: 'NHWC' },
  output: 'logits',
  labels: { kind: 'inline', names: ['a', 'b'], count: 2 },
  licence: 'test',
  source: 'test',
} as const;
const converted = { base: 'generated:models/net/', entry: 'model.onnx', layout: 'NHWC' };
const zoo: ModelManifest[] = [
  modelManifestSchema.parse({ ...base, id: 'tfjs-converted', format: 'tfjs-graph', converted }),
  modelManifestSchema.parse({ ...base, id: 'tfjs-plain', format: 'tfjs-layers' }),
  modelManifestSchema.parse({ ...base, id: 'onnx-net', format: 'onnx', entry: 'model.onnx' }),
];

describe('planRun', () => {
  it('runs a TF.js model with a converted sibling on ORT too, through that sibling', () => {
    const plan = planRun(
      { modelId: 'tfjs-converted', configIds: ['tfjs-cpu', 'tfjs-wasm', 'ort-wasm'] },
      zoo,
    );
    expect(plan.configIds).toEqual(['tfjs-cpu', 'tfjs-wasm', 'ort-wasm']);
    expect(plan.configurations.at(-1)).toEqual({ configId: 'ort-wasm', route: { via: 'converted' } });
    expect(plan.referenceAdded).toBe(false);
  });

  it('defaults to every configuration that can run the model', () => {
    // A converted TF.js model runs on TF.js and, through its ONNX sibling, on ORT; never on LiteRT.
    expect(planRun({ modelId: 'tfjs-converted' }, zoo).configIds).toEqual(
      configurations.filter((c) => c.runtime === 'tfjs' || c.runtime === 'ort').map((c) => c.id),
    );
    expect(planRun({ modelId: 'tfjs-plain' }, zoo).configIds).toEqual([
      'tfjs-cpu',
      'tfjs-wasm',
      'tfjs-webgl',
      'tfjs-webgpu',
    ]);
    expect(planRun({ modelId: 'onnx-net' }, zoo).referenceConfigId).toBe('ort-wasm');
  });

  it('adds the reference first, and says it did, when it was not chosen', () => {
    const plan = planRun({ modelId: 'onnx-net', configIds: ['ort-webgpu'] }, zoo);
    expect(plan.configIds).toEqual(['ort-wasm', 'ort-webgpu']);
    expect(plan.referenceAdded).toBe(true);
  });

  it('refuses a configuration that cannot run the model, naming it, unless asked to keep it as unsupported', () => {
    expect(() => planRun({ modelId: 'tfjs-plain', configIds: ['tfjs-cpu', 'ort-wasm'] }, zoo)).toThrow(
      'ort-wasm cannot run tfjs-plain (tfjs-layers; use: tfjs-cpu, tfjs-wasm, tfjs-webgl, tfjs-webgpu)',
    );
    const kept = planRun(
      { modelId: 'tfjs-plain', configIds: ['tfjs-cpu', 'ort-wasm'], keepUnsupported: true },
      zoo,
    );
    expect(kept.configurations[1]).toEqual({
      configId: 'ort-wasm',
      route: { unsupported: 'ORT cannot run tfjs-layers models and the model has no converted ONNX sibling' },
    });
  });

  it('checks the variant before anything else; original is the model itself', () => {
    const plan = (variant: string) => planRun({ modelId: 'onnx-net', variant }, zoo);
    expect(plan('mutant[seed=2,op=add-to-sub]').variant).toEqual({
      kind: 'mutant',
      op: 'add-to-sub',
      seed: 2,
      nodes: 'one',
    });
    expect(plan('original').variant).toBeNull();
    expect(planRun({ modelId: 'onnx-net' }, zoo).variant).toBeNull();
    expect(() => plan('int4')).toThrow(/variant "int4": unknown kind "int4"/);
  });

  it('names unknown models and configurations', () => {
    expect(() => planRun({ modelId: 'nope' }, zoo)).toThrow(
      'unknown model "nope" (known: tfjs-converted, tfjs-plain, onnx-net)',
    );
    expect(() => planRun({ modelId: 'onnx-net', configIds: ['ort-cuda'] }, zoo)).toThrow(
      'unknown configuration "ort-cuda" (known: tfjs-cpu,',
    );
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeIssues } from './describe-issues';
import { parseLabels } from './labels';
import { modelManifestSchema, type ModelManifestInput } from './model-manifest';

const modelsDir = fileURLToPath(new URL('../../models/', import.meta.url));
const manifestFiles = fs
  .readdirSync(modelsDir)
  .filter((name) => name.endsWith('.json'))
  .sort();
const readManifest = (name: string): unknown =>
  JSON.parse(fs.readFileSync(path.join(modelsDir, name), 'utf8'));

/** The smallest valid manifest: every optional field left out. */
function minimalManifest(): ModelManifestInput {
  return {
    id: 'tiny-net',
    name: 'Tiny net',
    format: 'tfjs-layers',
    base: 'generated:models/tiny-net/',
    entry: 'model.json',
    preprocess: { size: [224, 224], resize: 'stretch', layout: 'NHWC' },
    output: 'probabilities',
    labels: { kind: 'inline', names: ['cat', 'dog'], count: 2 },
    licence: 'MIT',
    source: 'test',
  };
}

/** Parses and returns the issue paths and the readable message, expecting a rejection. */
function rejection(manifest: unknown): { paths: string[]; text: string } {
  const parsed = modelManifestSchema.safeParse(manifest);
  expect(parsed.success).toBe(false);
  if (parsed.success) return { paths: [], text: '' };
  return {
    paths: parsed.error.issues.map((issue) => issue.path.join('.')),
    text: describeIssues(parsed.error),
  };
}

describe('the model manifests in models/', () => {
  it('are there', () => {
    expect(manifestFiles.length).toBeGreaterThanOrEqual(1);
  });

  it.each(manifestFiles)('%s parses', (file) => {
    const parsed = modelManifestSchema.safeParse(readManifest(file));
    expect(parsed.success ? '' : describeIssues(parsed.error)).toBe('');
  });

  it.each(manifestFiles)(
    '%s points at files under generated: or shared:, with labels that fit its count',
    (file) => {
      const manifest = modelManifestSchema.parse(readManifest(file));
      for (const root of [manifest.base, manifest.labels.file, manifest.labels.namesFile]) {
        if (root !== undefined) expect(root).toMatch(/^(generated|shared):/);
      }
      if (manifest.labels.kind === 'inline') {
        expect(parseLabels(manifest.labels, null, null).names).toHaveLength(manifest.labels.count);
      } else {
        expect(manifest.labels.file).toBeDefined();
      }
      if (manifest.preprocess.resize === 'shorter-side-crop')
        expect(manifest.preprocess.resizeShorterTo).toBeDefined();
    },
  );

  it('have unique ids', () => {
    const ids = manifestFiles.map((file) => modelManifestSchema.parse(readManifest(file)).id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keep the values they set', () => {
    const mobilenet = modelManifestSchema.parse(readManifest('mobilenetv2-int8.json'));
    expect(mobilenet.preprocess.mean).toEqual([0.485, 0.456, 0.406]);
    expect(mobilenet.preprocess.std).toEqual([0.229, 0.224, 0.225]);
    expect(mobilenet.preprocess.halfPixelCenters).toBe(true);
    expect(mobilenet.preprocess.layout).toBe('NCHW');
  });
});

describe('modelManifestSchema', () => {
  it('fills in the preprocessing defaults', () => {
    const { preprocess } = modelManifestSchema.parse(minimalManifest());
    expect(preprocess).toEqual({
      size: [224, 224],
      resize: 'stretch',
      alignCorners: false,
      halfPixelCenters: false,
      inputDtype: 'float32',
      scale: 255,
      mean: [0, 0, 0],
      std: [1, 1, 1],
      layout: 'NHWC',
      channelOrder: 'RGB',
    });
  });

  it('fills in the same defaults for a real manifest that leaves them out', () => {
    const { preprocess } = modelManifestSchema.parse(readManifest('darknet-tiny.json'));
    expect(preprocess.mean).toEqual([0, 0, 0]);
    expect(preprocess.std).toEqual([1, 1, 1]);
    expect(preprocess.channelOrder).toBe('RGB');
    expect(preprocess.alignCorners).toBe(true);
  });

  it.each(['MobileNet', '-leading-dash', 'has space', 'under_score', 'dot.json', ''])(
    'rejects the id %j',
    (id) => {
      const { paths, text } = rejection({ ...minimalManifest(), id });
      expect(paths).toEqual(['id']);
      expect(text).toContain('id: ');
    },
  );

  it('rejects an unknown format', () => {
    const { paths, text } = rejection({ ...minimalManifest(), format: 'caffe' });
    expect(paths).toEqual(['format']);
    expect(text).toContain('format: ');
  });

  it('rejects a negative or fractional size', () => {
    const manifest = minimalManifest();
    expect(
      rejection({ ...manifest, preprocess: { ...manifest.preprocess, size: [-224, 224] } }).paths,
    ).toEqual(['preprocess.size.0']);
    const { paths, text } = rejection({
      ...manifest,
      preprocess: { ...manifest.preprocess, size: [224, 22.5] },
    });
    expect(paths).toEqual(['preprocess.size.1']);
    expect(text).toContain('preprocess.size.1: ');
  });

  it('rejects a missing preprocess block', () => {
    const { preprocess: _dropped, ...manifest } = minimalManifest();
    const { paths, text } = rejection(manifest);
    expect(paths).toEqual(['preprocess']);
    expect(text).toContain('preprocess: ');
  });

  it('rejects a zero std, which would divide by zero', () => {
    const manifest = minimalManifest();
    const { paths } = rejection({ ...manifest, preprocess: { ...manifest.preprocess, std: [1, 0, 1] } });
    expect(paths).toEqual(['preprocess.std.1']);
  });

  it('rejects a label count that is not a positive integer and an unknown label kind', () => {
    const manifest = minimalManifest();
    expect(rejection({ ...manifest, labels: { ...manifest.labels, count: 0 } }).paths).toEqual([
      'labels.count',
    ]);
    expect(rejection({ ...manifest, labels: { ...manifest.labels, kind: 'csv' } }).paths).toEqual([
      'labels.kind',
    ]);
  });

  it('takes uint8 raw-pixel input, and refuses it with a mean or std that it would not apply', () => {
    const manifest = minimalManifest();
    const uint8 = { ...manifest.preprocess, inputDtype: 'uint8' };
    expect(modelManifestSchema.parse({ ...manifest, preprocess: uint8 }).preprocess.inputDtype).toBe('uint8');
    const { paths, text } = rejection({ ...manifest, preprocess: { ...uint8, mean: [0.5, 0.5, 0.5] } });
    expect(paths).toEqual(['preprocess.inputDtype']);
    expect(text).toContain('mean and std must stay at their defaults');
  });

  it('rejects a sha256 that is not 64 lower-case hex digits', () => {
    expect(rejection({ ...minimalManifest(), sha256: 'ABC' }).paths).toEqual(['sha256']);
  });
});

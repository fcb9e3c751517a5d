import { describe, expect, it } from 'vitest';
import { parseTfjsModelJson, weightSpecs } from './tfjs-model-json';

const model = {
  format: 'layers-model',
  modelTopology: { class_name: 'Sequential' },
  weightsManifest: [
    { paths: ['a.bin'], weights: [{ name: 'dense/kernel', shape: [2, 3], dtype: 'float32' }] },
    { paths: ['b.bin'], weights: [{ name: 'dense/bias', shape: [3], dtype: 'float32', group: 'model' }] },
  ],
  convertedBy: 'TensorFlow.js Converter',
};

describe('parseTfjsModelJson', () => {
  it('keeps the fields it does not check, and lists the weights in manifest order', () => {
    const json = parseTfjsModelJson(model, 'model.json');
    expect(json.convertedBy).toBe('TensorFlow.js Converter');
    expect(weightSpecs(json).map((w) => w.name)).toEqual(['dense/kernel', 'dense/bias']);
  });

  it('refuses a model.json naming the file and the field that is wrong', () => {
    const bad = {
      ...model,
      weightsManifest: [{ paths: ['a.bin'], weights: [{ name: 'k', shape: 'x', dtype: 'float32' }] }],
    };
    expect(() => parseTfjsModelJson(bad, 'mobilenet/model.json')).toThrow(
      /^mobilenet\/model\.json: not a TF\.js model\.json \(weightsManifest\.0\.weights\.0\.shape: /,
    );
    expect(() => parseTfjsModelJson({ weightsManifest: [] }, 'settings.json')).toThrow(
      /settings\.json: .*modelTopology/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { localize, type LocalizationRequest } from './localize';

const request: LocalizationRequest = {
  modelUrl: 'http://127.0.0.1:1/model.json',
  input: { name: 'input', dtype: 'float32', shape: [1], data: new Float32Array(1) },
  referenceId: 'tfjs-cpu',
  suspectId: 'tfjs-webgl',
  assetBaseUrl: 'http://127.0.0.1:1/',
  timeoutMs: 1000,
};

describe('localize', () => {
  it('answers a format with no localizer in this build by name, before fetching anything', async () => {
    await expect(localize('tfjs-layers', request)).rejects.toThrow(
      'localization of TF.js models: not available in this build',
    );
    await expect(localize('tfjs-graph', request)).rejects.toThrow(/TF\.js models: not available/);
    await expect(localize('tflite', request)).rejects.toThrow(/TFLite models: not available/);
  });
});

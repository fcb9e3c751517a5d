import { describe, expect, it } from 'vitest';
import type { LocalizationRequest } from './localization-types';
import { localize } from './localize';

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
    await expect(localize('tflite', request)).rejects.toThrow(
      'localization of TFLite models: not available in this build',
    );
  });
});

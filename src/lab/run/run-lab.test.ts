import { describe, expect, it } from 'vitest';
import { modelManifestSchema } from '../../core/model-manifest';
import type { Environment } from '../../core/result-schema';
import manifestJson from '../../../models/nsfw-mobilenet-v2.json';
import type { ResolvedModel } from '../models/resolve-model';
import { runLab } from './run-lab';

const manifest = modelManifestSchema.parse(manifestJson);
const model: ResolvedModel = {
  manifest,
  sha256: 'a'.repeat(64),
  labels: { names: manifest.labels.names ?? [], wnids: null },
  source: { kind: 'url', baseUrl: 'http://127.0.0.1/m/', entry: 'model.json' },
  outputQuantization: null,
  loadRequestFor: () => ({ unsupported: 'never loaded here' }),
};
const text = (content: string) => async () => new TextEncoder().encode(content);

describe('runLab', () => {
  it('says no image could be decoded, naming each, when every chosen image is bad', async () => {
    const run = runLab({
      model,
      imageSetName: 'bad',
      images: [
        { name: 'notes.jpg', read: text('not an image') },
        { name: 'empty.png', read: text('') },
      ],
      configIds: ['tfjs-cpu'],
      referenceConfigId: 'tfjs-cpu',
      warmupRuns: 0,
      timedRuns: 1,
      timeoutMs: 1000,
      assetBaseUrl: 'http://127.0.0.1/',
      environment: {} as Environment,
      crosscheckVersion: '0',
    });
    await expect(run).rejects.toThrow(/^no image could be decoded \(2 tried\): notes\.jpg: .+; empty\.png: /);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelManifestSchema } from './model-manifest';
import { precacheGlobs } from './offline-assets';

const modelsDir = join(import.meta.dirname, '..', '..', 'models');
const zoo = readdirSync(modelsDir).map((name) =>
  modelManifestSchema.parse(JSON.parse(readFileSync(join(modelsDir, name), 'utf8'))),
);

describe('precacheGlobs (what the service worker installs)', () => {
  const globs = precacheGlobs(zoo);

  it('precaches the built-in model with its converted ONNX, so ORT runs it offline too', () => {
    expect(globs.include).toContain('generated/models/nsfw-mobilenet-v2/**');
    expect(zoo.find((m) => m.id === 'nsfw-mobilenet-v2')?.converted?.base).toBe(
      'generated:models/nsfw-mobilenet-v2/',
    );
  });

  it('leaves on-demand models and unused runtime binaries to the first use', () => {
    expect(globs.ignore).toEqual(
      expect.arrayContaining([
        'generated/models/nsfw-inception-v3/**',
        'generated/models/darknet-tiny/**',
        'generated/ort/ort-wasm-simd-threaded.wasm',
        'generated/litert/litert_wasm_jspi_internal.wasm',
      ]),
    );
    expect(globs.include).toContain('generated/ort/ort-wasm-simd-threaded.jsep.wasm');
    expect(globs.include).toContain('generated/tfjs-wasm/tfjs-backend-wasm-simd.wasm');
  });

  it('a model is on demand unless its manifest says precache', () => {
    expect(zoo.filter((m) => m.offline === 'precache').map((m) => m.id)).toEqual(['nsfw-mobilenet-v2']);
  });
});

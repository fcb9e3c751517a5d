import { expect, test } from '@playwright/test';
import { runInPage } from '../cli/run-headless';
import embedded from '../models/nsfw-mobilenet-v2.json' with { type: 'json' };
import { makeBadImageFolder, makeBrokenModelsFolder } from './support/bad-inputs';
import { useLabServer } from './support/lab-server';

const images = await makeBadImageFolder();
const brokenModels = await makeBrokenModelsFolder();
const server = useLabServer({ imagesDir: images.dir, sharedDir: brokenModels });
const fast = { configIds: ['tfjs-cpu', 'tfjs-wasm'], warmupRuns: 0, timedRuns: 1 };
const variant = (changes: object) => ({ ...embedded, id: 'broken-variant', ...changes });

test('bad image files are named and skipped; the good images are classified by every configuration', async ({
  page,
}) => {
  const result = await runInPage(page, server.url, {
    modelId: 'nsfw-mobilenet-v2',
    imagesDir: images.dir,
    ...fast,
  });
  expect(result.configs.map((c) => c.status)).toEqual(['ok', 'ok']);
  const byName = Object.fromEntries(result.images.map((i) => [i.name, i]));
  for (const name of images.bad) {
    expect(byName[name].decodeError, name).toMatch(new RegExp(`^${name.replace('.', '\\.')}: `));
    expect(byName[name].outcomes).toEqual([]);
  }
  expect(byName['huge.jpg'].decodeError).toMatch(/60000/);
  for (const name of images.good) {
    expect(
      byName[name].outcomes.map((o) => o.status),
      name,
    ).toEqual(['ok', 'ok']);
  }
  expect(
    result.findings
      .filter((f) => f.kind === 'decode-error')
      .map((f) => f.image)
      .sort(),
  ).toEqual(images.bad);
});

test('a missing weight file fails each configuration with the file named, and the run still reports', async ({
  page,
}) => {
  const result = await runInPage(page, server.url, {
    manifest: variant({ base: 'shared:missing-shard/' }),
    imagesDir: images.dir,
    ...fast,
  });
  for (const config of result.configs) {
    expect(config.status).toBe('failed');
    expect(config.reason).toMatch(/group1-shard1of1\.bin: HTTP 404/);
  }
  expect(result.images.filter((i) => !i.decodeError)).toHaveLength(images.good.length);
});

test('a corrupt model.json is named as such', async ({ page }) => {
  const result = await runInPage(page, server.url, {
    manifest: variant({ base: 'shared:corrupt-json/' }),
    imagesDir: images.dir,
    ...fast,
  });
  expect(result.configs.map((c) => c.status)).toEqual(['failed', 'failed']);
  expect(result.configs[0].reason).toMatch(/model\.json: not valid JSON/);
});

test('a model whose input does not match the preprocessing names its input layer and both shapes', async ({
  page,
}) => {
  const result = await runInPage(page, server.url, {
    manifest: variant({ preprocess: { ...embedded.preprocess, size: [299, 299] } }),
    imagesDir: images.dir,
    ...fast,
  });
  expect(result.configs[0].reason).toContain(
    'input "input_1" expects [null,224,224,3] but the preprocessing makes [1,299,299,3]',
  );
});

test('a model file whose hash differs from the manifest is refused before anything runs', async ({
  page,
}) => {
  const run = runInPage(page, server.url, {
    manifest: variant({ sha256: 'a'.repeat(64) }),
    imagesDir: images.dir,
    ...fast,
  });
  await expect(run).rejects.toThrow(/model\.json has sha256 [0-9a-f]{64}, the manifest expects a{64}/);
});

test('a configuration that outlives the time limit is terminated and reported; the others carry on', async ({
  page,
}) => {
  const result = await runInPage(page, server.url, {
    modelId: 'nsfw-mobilenet-v2',
    imagesDir: images.dir,
    ...fast,
    // tfjs-cpu needs over a second per MobileNetV2 inference here; tfjs-wasm a few tens of ms.
    timeoutMs: 600,
  });
  const cpu = result.configs.find((c) => c.configId === 'tfjs-cpu')!;
  expect(cpu.status).toBe('timeout');
  expect(cpu.reason).toMatch(/tfjs-cpu: .* did not finish within 600 ms/);
  expect(cpu.fetchMs).not.toBeNull(); // measured before the hang, kept
  const cpuOutcomes = result.images.flatMap((i) => i.outcomes.filter((o) => o.configId === 'tfjs-cpu'));
  expect(cpuOutcomes.every((o) => o.status === 'skipped')).toBe(true);
  expect(result.findings.some((f) => f.kind === 'failed' && f.configId === 'tfjs-cpu')).toBe(true);
});

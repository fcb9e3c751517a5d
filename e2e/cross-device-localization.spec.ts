import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTfjsModel } from '../node-reference/node-runtimes';
import type { RunResult, RunTrace } from '../src/core/result-schema';
import { injectTfjsFault } from '../src/localize/tfjs-faults';
import { traceLines } from '../src/localize/trace-summary';
import { generatedPath, requireData } from '../test-support/test-data';
import { useLabServer } from './support/lab-server';

// The built-in model's copy with one layer's weights perturbed is served from here as the shared folder.
const dir = mkdtempSync(join(tmpdir(), 'crosscheck-cross-device-'));
const server = useLabServer({ sharedDir: dir });
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));
const mobilenet = generatedPath('models', 'nsfw-mobilenet-v2', 'model.json');

test('two devices’ stored runs of the built-in model are localized against each other in the fleet view: the perturbed layer is named', async ({
  page,
}, testInfo) => {
  test.skip(!requireData(mobilenet, 'the generated NSFWJS MobileNetV2'));
  test.setTimeout(240_000);
  // A layer deep in the network (node 35 of 161 in graph order), not the first one.
  const faulty = injectTfjsFault(await readTfjsModel(mobilenet), 'weights', 'block_3_project');
  mkdirSync(join(dir, 'faulty'));
  writeFileSync(join(dir, 'faulty', 'model.json'), JSON.stringify(faulty.json));
  writeFileSync(join(dir, 'faulty', faulty.json.weightsManifest[0].paths[0]), faulty.data);

  // The page writes to the store with the lab token, as a person's device would.
  await page.addInitScript((t) => localStorage.setItem('crosscheck-lab-token', t), server.token);
  await page.goto(server.url);
  await page.waitForFunction(() => 'crosscheck' in window);
  // Device A: a real run with its trace, as `--trace` or the Lab's checkbox records one.
  const laptop = (await page.evaluate(() =>
    window.crosscheck.run({
      modelId: 'nsfw-mobilenet-v2',
      configIds: ['tfjs-cpu'],
      images: { kind: 'samples' },
      limit: 1,
      warmupRuns: 0,
      timedRuns: 1,
      trace: true,
    }),
  )) as RunResult;
  console.log(traceLines(laptop).join('\n'));
  expect(laptop.trace?.configs[0]).toMatchObject({ configId: 'tfjs-cpu', method: 'layer-outputs' });
  // Device B: the same input through the same configuration, its model's one layer perturbed, so its
  // intermediates really change from that layer on.
  const trace = (await page.evaluate(([record, url]) => window.crosscheck.traceAgain(record, url), [
    laptop,
    '/shared/faulty/model.json',
  ] as const)) as RunTrace;
  const phone: RunResult = {
    ...laptop,
    runId: randomUUID(),
    environment: { ...laptop.environment, platform: 'Linux armv8l', hardwareConcurrency: 8 },
    trace,
  };
  for (const run of [laptop, phone]) {
    const stored = await page.request.post(`${server.url}api/runs`, {
      data: run,
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect([200, 201]).toContain(stored.status());
  }

  await page.goto(`${server.url}fleet`);
  const section = page.getByTestId('cross-device');
  await section.locator('select[name="cross-device-a"]').selectOption(laptop.runId);
  await section.locator('select[name="cross-device-b"]').selectOption(phone.runId);
  await section.locator('select[name="cross-device-config"]').selectOption('tfjs-cpu');
  await section.getByRole('button', { name: 'Localize across devices' }).click();
  const localization = section.getByTestId('localization');
  await expect(localization.getByTestId('node-name').first()).toHaveText('block_3_project', {
    timeout: 60_000,
  });
  await expect(section.getByTestId('cross-device-pair')).toContainText('Linux armv8l');
  await expect(section.locator('figure.plot svg[viewBox]')).toBeVisible();
  console.log(await localization.locator('.line').textContent());
  const tensors = section.getByTestId('cross-device-tensors');
  await expect(tensors.locator('li')).toHaveText([
    /^block_3_depthwise_relu .*A not stored, B not stored/,
    /^block_3_project .*A not stored, B not stored/,
  ]);

  // Device B sends the divergent node's tensor and its input's, captured again: the store checks them
  // against B's trace, and the view says B has them.
  const sent = await page.evaluate(
    ([record, url]) =>
      window.crosscheck.sendTensors(record, 'tfjs-cpu', ['block_3_depthwise_relu', 'block_3_project'], url),
    [phone, '/shared/faulty/model.json'] as const,
  );
  expect(sent).toEqual(['block_3_depthwise_relu', 'block_3_project']);
  await section.getByRole('button', { name: 'Localize across devices' }).click();
  await expect(tensors.locator('li')).toHaveText([/A not stored, B stored$/, /A not stored, B stored$/]);
  await page.screenshot({ path: testInfo.outputPath('cross-device.png'), fullPage: true });
});

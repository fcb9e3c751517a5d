import { expect, it } from 'vitest';
import { bundleParts } from '../src/repro/bundle.test-fixture';
import { packBundle } from '../src/repro/pack-bundle';
import type { CampaignBundle } from '../src/repro/campaign-bundles';
import type { ReproAnswer } from '../src/repro/rerun-answer';
import type { Campaign } from '../src/core/campaign-plan';
import { describeEachStore, json, testToken, type ErrorAnswer } from './test/store-backends';

const plan = {
  name: 'repro',
  modelIds: ['nsfw-mobilenet-v2'],
  images: { source: 'samples' },
  configIds: ['ort-wasm'],
  repetitions: 1,
};
const answer = (bundleSha256: string, reproduces: boolean): ReproAnswer => {
  const side = (configId: string, agrees: boolean) => ({
    configId,
    unavailable: null,
    maxAbsVsReference: agrees ? 0 : 1,
    maxAbsVsSuspect: agrees ? 1 : 0,
    agreesWithReference: agrees,
  });
  return {
    bundleSha256,
    reproduces,
    suspect: side('ort-webgpu', !reproduces),
    reference: side('ort-wasm', true),
    elapsedMs: 12,
  };
};

describeEachStore('campaign repro bundles', (server) => {
  const api = (path: string, body?: unknown, token = testToken) =>
    fetch(`${server().url}api${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('carries a bundle, hands its zip back, and lists each device’s answer', async () => {
    const campaign = await json<Campaign>(api('/campaigns', plan));
    const { zip, manifest } = await packBundle(bundleParts([1, 4, 3, 9]));
    const upload = { fileName: 'repro-chain.zip', zipBase64: Buffer.from(zip).toString('base64') };
    const added = await api(`/campaigns/${campaign.campaignId}/bundles`, upload);
    expect(added.status).toBe(201);
    const { bundleSha256 } = (await added.json()) as { bundleSha256: string };
    // The same bytes again are the same bundle.
    expect((await api(`/campaigns/${campaign.campaignId}/bundles`, upload)).status).toBe(200);

    const fetched = await api(`/campaigns/${campaign.campaignId}/bundles/${bundleSha256}`);
    expect(new Uint8Array(await fetched.arrayBuffer())).toEqual(zip);

    const answers = `/campaigns/${campaign.campaignId}/bundles/${bundleSha256}/answers`;
    expect((await api(`${answers}?device=phone`, answer(bundleSha256, true))).status).toBe(201);
    expect((await api(`${answers}?device=laptop`, answer(bundleSha256, false))).status).toBe(201);
    // A device answering again replaces its answer.
    expect((await api(`${answers}?device=phone`, answer(bundleSha256, false))).status).toBe(201);

    const { bundles } = await json<{ bundles: CampaignBundle[] }>(
      api(`/campaigns/${campaign.campaignId}/bundles`),
    );
    expect(bundles).toHaveLength(1);
    expect(bundles[0]).toMatchObject({
      bundleSha256,
      fileName: 'repro-chain.zip',
      manifest: { source: manifest.source },
    });
    expect(bundles[0].answers.map((a) => [a.device, a.answer.reproduces])).toEqual([
      ['laptop', false],
      ['phone', false],
    ]);
  });

  it('refuses what does not fit, naming the field', async () => {
    const campaign = await json<Campaign>(api('/campaigns', plan));
    const bundles = `/campaigns/${campaign.campaignId}/bundles`;
    const notZip = await api(bundles, {
      fileName: 'x.zip',
      zipBase64: Buffer.from('nope').toString('base64'),
    });
    expect(notZip.status).toBe(422);
    expect((await json<ErrorAnswer>(notZip)).error).toMatch(/^x.zip: (not a zip file|no manifest.json)/);
    const badName = await api(bundles, { fileName: '../x.zip', zipBase64: '' });
    expect((await json<ErrorAnswer>(badName)).error).toMatch(/fileName/);
    expect((await api(bundles, { fileName: 'x.zip', zipBase64: '' }, 'wrong-token')).status).toBe(401);
    const { zip } = await packBundle(bundleParts([1, 4, 3, 9]));
    await api(bundles, { fileName: 'x.zip', zipBase64: Buffer.from(zip).toString('base64') });
    const [{ bundleSha256 }] = (await json<{ bundles: CampaignBundle[] }>(api(bundles))).bundles;
    const noDevice = await api(`${bundles}/${bundleSha256}/answers`, answer(bundleSha256, true));
    expect((await json<ErrorAnswer>(noDevice)).error).toMatch(/^device: /);
    const other = await api(`${bundles}/${bundleSha256}/answers?device=d`, answer('f'.repeat(64), true));
    expect((await json<ErrorAnswer>(other)).error).toMatch(/^bundleSha256: /);
    const missing = await api(`/campaigns/${campaign.campaignId}/bundles/${'e'.repeat(64)}`);
    expect(missing.status).toBe(404);
  });
});

import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { describeIssues } from '../../src/core/describe-issues';
import { campaignBundleLimits } from '../../src/repro/campaign-bundles';
import { openBundle } from '../../src/repro/pack-bundle';
import { reproAnswerSchema } from '../../src/repro/rerun-answer';
import { sha256Hex } from '../../src/core/preprocess/sha256';
import { addBundle, answerBundle, bundleZip, countBundles, listBundles } from '../campaign-bundles-store';
import { getCampaign } from '../campaigns-store';
import type { Db } from '../db/db';
import { refuseBody, type JsonBodyReader } from './read-json-body';
import { deviceNameSchema } from './run-link';

const uuid = z.uuid();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const uploadSchema = z.object({
  fileName: z
    .string()
    .max(256)
    .regex(/^[A-Za-z0-9._-]+\.zip$/, 'a file name like repro-x.zip'),
  zipBase64: z
    .string()
    .max(Math.ceil(campaignBundleLimits.maxZipBytes / 3) * 4, 'the zip is larger than 8 MiB'),
});

const error = (c: Context, message: string, status: 400 | 404 | 409 | 413 | 422) =>
  c.json({ error: message }, status);

/**
 * /api/campaigns/:id/bundles: a campaign's repro bundles (POST one as JSON `{ fileName, zipBase64 }`,
 * GET the list with every device's answer, GET one's zip) and each device's answer to each
 * (POST `/bundles/:sha256/answers?device=<name>`, a ReproAnswer).
 */
export function registerCampaignBundlesApi(
  api: Hono,
  options: { db: Db; write: MiddlewareHandler; bodies: JsonBodyReader },
): void {
  const { db, write, bodies } = options;
  const campaignOf = async (c: Context) => {
    const id = c.req.param('id') ?? '';
    if (!uuid.safeParse(id).success) return { refusal: error(c, 'id: not a campaign id', 400) };
    if (!(await getCampaign(db, id))) return { refusal: error(c, `no campaign ${id}`, 404) };
    return { id };
  };

  api.post('/campaigns/:id/bundles', write, bodies.hold, async (c) => {
    const campaign = await campaignOf(c);
    if ('refusal' in campaign) return campaign.refusal;
    const body = await bodies.read(c);
    if (!body.ok) return refuseBody(c, body);
    const upload = uploadSchema.safeParse(body.body);
    if (!upload.success) return error(c, describeIssues(upload.error), 422);
    const zip = new Uint8Array(Buffer.from(upload.data.zipBase64, 'base64'));
    const opened = await openBundle(zip, upload.data.fileName).catch((e: Error) => e);
    if (opened instanceof Error) return error(c, opened.message, 422);
    if ((await countBundles(db, campaign.id)) >= campaignBundleLimits.maxPerCampaign)
      return error(
        c,
        `campaign ${campaign.id} already carries ${campaignBundleLimits.maxPerCampaign} bundles, the most it may`,
        409,
      );
    const bundleSha256 = await sha256Hex(zip);
    const stored = await addBundle(db, campaign.id, {
      sha256: bundleSha256,
      fileName: upload.data.fileName,
      manifest: opened.manifest,
      zipBase64: upload.data.zipBase64,
    });
    return c.json({ bundleSha256, stored }, stored === 'created' ? 201 : 200);
  });

  api.get('/campaigns/:id/bundles', async (c) => {
    const campaign = await campaignOf(c);
    if ('refusal' in campaign) return campaign.refusal;
    return c.json({ campaignId: campaign.id, bundles: await listBundles(db, campaign.id) });
  });

  api.get('/campaigns/:id/bundles/:sha256', async (c) => {
    const campaign = await campaignOf(c);
    if ('refusal' in campaign) return campaign.refusal;
    const sha = c.req.param('sha256');
    const zip = sha256.safeParse(sha).success ? await bundleZip(db, campaign.id, sha) : null;
    if (zip === null) return error(c, `campaign ${campaign.id} carries no bundle ${sha}`, 404);
    return c.body(new Uint8Array(Buffer.from(zip, 'base64')), 200, { 'content-type': 'application/zip' });
  });

  api.post('/campaigns/:id/bundles/:sha256/answers', write, bodies.hold, async (c) => {
    const campaign = await campaignOf(c);
    if ('refusal' in campaign) return campaign.refusal;
    const device = deviceNameSchema.safeParse(c.req.query('device'));
    if (!device.success || !device.data)
      return error(c, `device: ${device.success ? 'required' : describeIssues(device.error)}`, 400);
    const body = await bodies.read(c);
    if (!body.ok) return refuseBody(c, body);
    const answer = reproAnswerSchema.safeParse(body.body);
    if (!answer.success) return error(c, describeIssues(answer.error), 422);
    const sha = c.req.param('sha256');
    if (answer.data.bundleSha256 !== sha)
      return error(c, `bundleSha256: ${answer.data.bundleSha256} answers another bundle than ${sha}`, 422);
    if ((await bundleZip(db, campaign.id, sha)) === null)
      return error(c, `campaign ${campaign.id} carries no bundle ${sha}`, 404);
    await answerBundle(db, campaign.id, device.data, answer.data);
    return c.json({ bundleSha256: sha, device: device.data }, 201);
  });
}

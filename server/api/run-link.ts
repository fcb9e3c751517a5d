import type { Context } from 'hono';
import { z } from 'zod';
import { describeIssues } from '../../src/core/describe-issues';
import { storableString } from '../../src/core/storable-string';
import { getCampaign } from '../campaigns-store';
import type { Db } from '../db/db';

/** A name a person gave their device ("lab Pixel 7"), shown in the fleet instead of the derived one. */
export const deviceNameSchema = storableString()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[^<>]*$/, 'must not contain < or >')
  .optional();

/** What an upload's query says besides the run: the campaign it contributes to, the device's name. */
export type RunLink = { campaignId?: string; device?: string };

/**
 * `?campaign=<id>&device=<name>` of a run upload (whole or in parts), checked: the link, or the
 * refusal (naming the parameter) to answer with.
 */
export async function readRunLink(
  c: Context,
  db: Db,
): Promise<{ ok: true; link: RunLink } | { ok: false; status: 400 | 404; error: string }> {
  const campaign = c.req.query('campaign');
  if (campaign !== undefined && !z.uuid().safeParse(campaign).success)
    return { ok: false, status: 400, error: 'campaign: not a campaign id' };
  if (campaign && !(await getCampaign(db, campaign)))
    return { ok: false, status: 404, error: `campaign: no campaign ${campaign}` };
  const device = deviceNameSchema.safeParse(c.req.query('device'));
  if (!device.success) return { ok: false, status: 400, error: `device: ${describeIssues(device.error)}` };
  return { ok: true, link: { campaignId: campaign, device: device.data } };
}

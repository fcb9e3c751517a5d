import { randomUUID } from 'node:crypto';
import type { Campaign, CampaignPlan } from '../src/core/campaign-plan';
import type { Db } from './db/db';

export async function createCampaign(db: Db, plan: CampaignPlan): Promise<Campaign> {
  const campaignId = randomUUID();
  const [row] = await db.query<{ created_at: Date }>(
    'insert into campaigns (campaign_id, plan) values ($1, $2::text::jsonb) returning created_at',
    [campaignId, JSON.stringify(plan)],
  );
  return { campaignId, createdAt: new Date(row.created_at).toISOString(), plan };
}

export async function getCampaign(db: Db, campaignId: string): Promise<Campaign | null> {
  const [row] = await db.query<{ created_at: Date; plan: CampaignPlan }>(
    'select created_at, plan from campaigns where campaign_id = $1',
    [campaignId],
  );
  if (!row) return null;
  return { campaignId, createdAt: new Date(row.created_at).toISOString(), plan: row.plan };
}

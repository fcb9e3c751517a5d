import type { CampaignBundle } from '../src/repro/campaign-bundles';
import type { ReproManifest } from '../src/repro/repro-manifest';
import type { ReproAnswer } from '../src/repro/rerun-answer';
import type { Db } from './db/db';

export async function countBundles(db: Db, campaignId: string): Promise<number> {
  const [row] = await db.query<{ n: number | string }>(
    'select count(*) as n from campaign_bundles where campaign_id = $1',
    [campaignId],
  );
  return Number(row.n);
}

/** Adds a bundle to a campaign; the same bytes twice are one bundle. */
export async function addBundle(
  db: Db,
  campaignId: string,
  bundle: { sha256: string; fileName: string; manifest: ReproManifest; zipBase64: string },
): Promise<'created' | 'exists'> {
  const rows = await db.query(
    `insert into campaign_bundles (campaign_id, bundle_sha256, file_name, manifest, zip_base64)
     values ($1, $2, $3, $4::text::jsonb, $5) on conflict do nothing returning bundle_sha256`,
    [campaignId, bundle.sha256, bundle.fileName, JSON.stringify(bundle.manifest), bundle.zipBase64],
  );
  return rows.length ? 'created' : 'exists';
}

export async function bundleZip(db: Db, campaignId: string, sha256: string): Promise<string | null> {
  const [row] = await db.query<{ zip_base64: string }>(
    'select zip_base64 from campaign_bundles where campaign_id = $1 and bundle_sha256 = $2',
    [campaignId, sha256],
  );
  return row?.zip_base64 ?? null;
}

/** A device's answer to a bundle; a later answer from the same device replaces it. */
export async function answerBundle(
  db: Db,
  campaignId: string,
  device: string,
  answer: ReproAnswer,
): Promise<void> {
  await db.query(
    `insert into campaign_bundle_answers (campaign_id, bundle_sha256, device, answer)
     values ($1, $2, $3, $4::text::jsonb)
     on conflict (campaign_id, bundle_sha256, device)
     do update set answer = excluded.answer, answered_at = now()`,
    [campaignId, answer.bundleSha256, device, JSON.stringify(answer)],
  );
}

/** A campaign's bundles, oldest first, each with every device's answer. */
export async function listBundles(db: Db, campaignId: string): Promise<CampaignBundle[]> {
  const bundles = await db.query<{
    bundle_sha256: string;
    file_name: string;
    manifest: ReproManifest;
    added_at: Date;
  }>(
    `select bundle_sha256, file_name, manifest, added_at from campaign_bundles
     where campaign_id = $1 order by added_at, bundle_sha256`,
    [campaignId],
  );
  const answers = await db.query<{
    bundle_sha256: string;
    device: string;
    answer: ReproAnswer;
    answered_at: Date;
  }>(
    `select bundle_sha256, device, answer, answered_at from campaign_bundle_answers
     where campaign_id = $1 order by device`,
    [campaignId],
  );
  return bundles.map((b) => ({
    bundleSha256: b.bundle_sha256,
    fileName: b.file_name,
    manifest: b.manifest,
    addedAt: new Date(b.added_at).toISOString(),
    answers: answers
      .filter((a) => a.bundle_sha256 === b.bundle_sha256)
      .map((a) => ({
        device: a.device,
        answer: a.answer,
        answeredAt: new Date(a.answered_at).toISOString(),
      })),
  }));
}

import type { ReproManifest } from './repro-manifest';
import type { ReproAnswer } from './rerun-answer';

/** What the store answers for each of a campaign's repro bundles (docs/repro-bundles.md). */
export interface CampaignBundle {
  bundleSha256: string;
  fileName: string;
  /** The bundle's manifest.json, as validated when it was added. */
  manifest: ReproManifest;
  addedAt: string;
  /** One per device that answered (its latest answer). */
  answers: { device: string; answer: ReproAnswer; answeredAt: string }[];
}

/** The store's limits on bundles: a zip of at most 8 MiB, at most 8 bundles per campaign. */
export const campaignBundleLimits = { maxZipBytes: 8 * 1024 * 1024, maxPerCampaign: 8 };

import { liveQuery } from 'dexie';
import { configurationsFor, defaultReference } from '../../adapters/configurations';
import type { Campaign } from '../../core/campaign-plan';
import { localRuns } from '../../lab/storage/local-runs';
import type { LabProgress } from '../../lab/run/run-lab';
import { startRun, type RunOptions } from '../../lab/run/start-run';
import { zoo } from '../../lab/models/zoo';
import { getJson } from '../fleet/store-api';
import { storeSync } from '../sync/store-sync.svelte';

/** The runs a plan asks this device for: each model × repetition, on the plan's configurations it can run. */
export function planRuns(campaign: Campaign): RunOptions[] {
  const { plan } = campaign;
  const images: RunOptions['images'] =
    plan.images.source === 'samples'
      ? { kind: 'samples' }
      : { kind: 'folder', url: `/shared/${plan.images.path ?? ''}/`.replace(/\/+/g, '/'), name: plan.images.path ?? 'shared' };
  return plan.modelIds.flatMap((modelId) => {
    const manifest = zoo.models.find((m) => m.id === modelId);
    const usable = new Set(manifest ? configurationsFor(manifest.format).map((c) => c.id as string) : plan.configIds);
    const configIds = plan.configIds.filter((id) => usable.has(id));
    const reference = manifest && configIds.includes(defaultReference(manifest.format)) ? defaultReference(manifest.format) : configIds[0];
    return Array.from({ length: plan.repetitions }, () => ({
      modelId,
      images,
      configIds,
      referenceConfigId: reference,
      limit: plan.images.limit,
      warmupRuns: plan.warmupRuns,
      timedRuns: plan.timedRuns,
    }));
  });
}

/**
 * A device working through a campaign: the plan, progress, and each run contributed to the store.
 * Runs are saved with the campaign's id and the page's outbox delivers them, link included, so a run
 * made offline or while the store restarts still counts once it goes up.
 */
export class CampaignSession {
  campaign = $state.raw<Campaign | null>(null);
  error = $state<string | null>(null);
  progress = $state<LabProgress | null>(null);
  running = $state(false);
  done = $state(0);
  /** This device's runs for the campaign that the store has. */
  contributed = $state.raw<string[]>([]);

  constructor(readonly id: string) {
    liveQuery(() =>
      localRuns()
        .runs.where('sync')
        .equals('synced')
        .filter((r) => r.campaignId === id)
        .primaryKeys(),
    ).subscribe({ next: (ids) => (this.contributed = ids), error: () => {} });
  }

  async load(): Promise<void> {
    try {
      this.campaign = await getJson<Campaign>(`/api/campaigns/${this.id}`);
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  /** Runs the plan; each run is kept on the device first (startRun), queued with the campaign's id. */
  async run(): Promise<void> {
    if (!this.campaign) return;
    this.running = true;
    this.error = null;
    this.done = 0;
    // The page's outbox delivers the runs: start it on this view too.
    storeSync();
    try {
      for (const options of planRuns(this.campaign)) {
        await startRun({ ...options, campaignId: this.id }, (p) => (this.progress = p));
        this.done++;
      }
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.running = false;
    }
  }
}

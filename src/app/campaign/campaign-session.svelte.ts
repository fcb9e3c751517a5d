import { liveQuery } from 'dexie';
import { parseConfigId } from '../../adapters/configurations';
import type { Campaign } from '../../core/campaign-plan';
import type { RunResult } from '../../core/result-schema';
import { localRuns } from '../../lab/storage/local-runs';
import type { LabProgress } from '../../lab/run/run-lab';
import { planRun } from '../../lab/run/plan-run';
import { startRun, type RunOptions } from '../../lab/run/start-run';
import { zoo } from '../../lab/models/zoo';
import { getJson } from '../fleet/store-api';
import { storeSync } from '../sync/store-sync.svelte';

/** The runs a plan asks this device for: each model × repetition, on every configuration the plan names. */
export function planRuns(campaign: Campaign): RunOptions[] {
  const { plan } = campaign;
  const images: RunOptions['images'] =
    plan.images.source === 'samples'
      ? { kind: 'samples' }
      : {
          kind: 'folder',
          url: `/shared/${plan.images.path ?? ''}/`.replace(/\/+/g, '/'),
          name: plan.images.path ?? 'shared',
        };
  // Canonical ids, so a plan's `ort-webgpu[preferredLayout=NCHW,graphCapture=true]` matches what runs.
  const wanted = plan.configIds.map((id) => parseConfigId(id).id);
  return plan.modelIds.flatMap((modelId) => {
    // The same planner as the Lab form: a configuration this model cannot run is kept, and recorded as unsupported.
    const { configurations, referenceConfigId } = planRun(
      { modelId, configIds: wanted, keepUnsupported: true },
      zoo.models,
    );
    const runnable = configurations
      .filter((c) => !('unsupported' in c.route) && wanted.includes(c.configId))
      .map((c) => c.configId);
    // Campaigns compare within the plan: its default reference if it names it, else its first runnable configuration.
    const reference = wanted.includes(referenceConfigId)
      ? referenceConfigId
      : (runnable[0] ?? referenceConfigId);
    return Array.from({ length: plan.repetitions }, () => ({
      modelId,
      images,
      configIds: wanted,
      referenceConfigId: reference,
      keepUnsupported: true,
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
  /** This device's runs of the plan, kept to show each configuration's status here. */
  results = $state.raw<RunResult[]>([]);

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
        const result = await startRun({ ...options, campaignId: this.id }, (p) => (this.progress = p));
        this.results = [...this.results, result];
        this.done++;
      }
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.running = false;
    }
  }
}

import { crossModelView, runtimeFamily, type CrossModelView } from '../../core/cross-model';
import type { ClassLabels } from '../../core/labels';
import type { RunResult } from '../../core/result-schema';
import type { RunSummary } from '../../core/store-api';
import { resolveLabels } from '../../lab/models/resolve-model';
import { zoo } from '../../lab/models/zoo';
import { assetBaseUrl } from '../../lab/run/start-run';
import { getJson } from './store-api';

/** Stored runs grouped by the images they saw: the set with the most models is the natural comparison. */
export interface ImageSetChoice {
  sha256: string;
  models: string[];
}

/** The store's latest run of each model and runtime family, compared across models (by wnid, on the same images). */
export class CrossModelState {
  imageSets = $state.raw<ImageSetChoice[]>([]);
  /** An image set's sha256, or '' for the latest run of each model whatever images it saw. */
  imageSet = $state('');
  view = $state.raw<CrossModelView | null>(null);
  error = $state<string | null>(null);
  #runs: RunSummary[] = [];
  #labels = new Map<string, Promise<ClassLabels | null>>();

  async loadImageSets(): Promise<void> {
    this.error = null;
    try {
      const { runs } = await getJson<{ runs: RunSummary[] }>('/api/runs', { limit: '500' });
      this.#runs = runs.filter((r) => !r.retracted);
      const models = new Map<string, Set<string>>();
      for (const r of this.#runs)
        models.set(r.imageSetSha256, (models.get(r.imageSetSha256) ?? new Set()).add(r.modelId));
      this.imageSets = [...models]
        .map(([sha256, ids]) => ({ sha256, models: [...ids].sort() }))
        .sort((a, b) => b.models.length - a.models.length);
      this.imageSet = this.imageSets[0]?.sha256 ?? '';
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  async compare(): Promise<void> {
    this.error = null;
    try {
      const runs = await Promise.all(this.#latestRunIds().map((id) => getJson<RunResult>(`/api/runs/${id}`)));
      const labels = new Map(
        await Promise.all(runs.map(async (r) => [r.model.id, await this.#labelsOf(r.model.id)] as const)),
      );
      this.view = crossModelView(runs, (id) => labels.get(id) ?? null);
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  /** The list is newest first, so the first run seen per model and family is its latest. */
  #latestRunIds(): string[] {
    const chosen = new Map<string, string>();
    for (const r of this.#runs) {
      if (this.imageSet && r.imageSetSha256 !== this.imageSet) continue;
      for (const family of new Set(r.configIds.map(runtimeFamily))) {
        const key = `${r.modelId} · ${family}`;
        if (!chosen.has(key)) chosen.set(key, r.runId);
      }
    }
    return [...new Set(chosen.values())];
  }

  /** Label files of zoo models only: a person's own model is not on this server, so it has no wnids here. */
  #labelsOf(modelId: string): Promise<ClassLabels | null> {
    const manifest = zoo.models.find((m) => m.id === modelId);
    if (!manifest) return Promise.resolve(null);
    let labels = this.#labels.get(modelId);
    if (!labels) this.#labels.set(modelId, (labels = resolveLabels(manifest, assetBaseUrl())));
    return labels;
  }
}

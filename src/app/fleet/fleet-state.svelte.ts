import type { RunResult } from '../../core/result-schema';
import type { FleetCell, RunSummary } from '../../core/store-api';
import { getJson } from './store-api';

export type { FleetCell, RunSummary };

export interface FleetFilters {
  model: string;
  browser: string;
  campaign: string;
  from: string;
}

/** The fleet page's data: the device × configuration matrix under some filters, and one drilled-down cell. */
export class FleetState {
  filters = $state<FleetFilters>({ model: '', browser: '', campaign: '', from: '' });
  cells = $state.raw<FleetCell[]>([]);
  selected = $state.raw<{ device: string; browser: string; configId: string; runs: RunSummary[] } | null>(
    null,
  );
  run = $state.raw<RunResult | null>(null);
  error = $state<string | null>(null);

  /** Models in the store, most runs first: the fleet shows one at a time, so no cell pools two. */
  models = $derived.by(() => {
    const runs = new Map<string, number>();
    for (const c of this.cells) runs.set(c.modelId, Math.max(runs.get(c.modelId) ?? 0, c.runs));
    return [...runs].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id]) => id);
  });
  /** The chosen model's cells. */
  shown = $derived(this.cells.filter((c) => c.modelId === this.filters.model));
  devices = $derived(
    [...new Set(this.shown.map((c) => `${c.device}\u0000${c.browser}`))].map((k) => {
      const [device, browser] = k.split('\u0000');
      return { device, browser };
    }),
  );
  configIds = $derived([...new Set(this.shown.map((c) => c.configId))].sort());

  cell(device: string, browser: string, configId: string): FleetCell | undefined {
    return this.shown.find((c) => c.device === device && c.browser === browser && c.configId === configId);
  }

  #query() {
    const { model, browser, campaign, from } = this.filters;
    return { model, browser, campaign, from: from ? new Date(from).toISOString() : undefined };
  }

  async load(): Promise<void> {
    this.error = null;
    try {
      // Every model's cells: the model is chosen here, from the models the store has.
      this.cells = (
        await getJson<{ cells: FleetCell[] }>('/api/fleet', { ...this.#query(), model: '' })
      ).cells;
      if (!this.models.includes(this.filters.model)) this.filters.model = this.models[0] ?? '';
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  async drill(device: string, browser: string, configId: string): Promise<void> {
    this.run = null;
    const { runs } = await getJson<{ runs: RunSummary[] }>('/api/runs', {
      ...this.#query(),
      device,
      browser,
      config: configId,
      limit: '50',
    });
    this.selected = { device, browser, configId, runs };
  }

  async open(runId: string): Promise<void> {
    this.run = await getJson<RunResult>(`/api/runs/${runId}`);
  }
}

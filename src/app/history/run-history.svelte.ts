import type { LocalRun, LocalRunsDb } from '../../lab/storage/local-runs';
import type { RunResult } from '../../core/result-schema';

export interface HistoryFilter {
  /** Matched against model, image set, configuration ids and run id, case-insensitively. */
  query: string;
  modelId: string;
}

export function filterRuns(runs: LocalRun[], filter: HistoryFilter): LocalRun[] {
  const words = filter.query.toLowerCase().split(/\s+/).filter(Boolean);
  return runs.filter((run) => {
    if (filter.modelId && run.modelId !== filter.modelId) return false;
    const haystack = [
      run.modelId,
      run.record.model.name,
      run.imageSetName,
      run.runId,
      run.record.environment.browser?.name ?? '',
      ...run.configIds,
    ]
      .join(' ')
      .toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

/** The runs kept on this device: listed newest first, filtered, two picked for comparison. */
export class RunHistory {
  runs = $state.raw<LocalRun[]>([]);
  filter = $state<HistoryFilter>({ query: '', modelId: '' });
  compared = $state<string[]>([]);
  error = $state<string | null>(null);
  /** The run deleted last, kept whole (sync state too) until undone or another is deleted. */
  deleted = $state.raw<LocalRun | null>(null);
  readonly shown = $derived(filterRuns(this.runs, this.filter));
  readonly models = $derived([...new Set(this.runs.map((r) => r.modelId))].sort());
  readonly pair = $derived(
    this.compared.map((id) => this.runs.find((r) => r.runId === id)).filter((r) => r !== undefined),
  );

  constructor(private readonly db: LocalRunsDb) {}

  async load(): Promise<void> {
    this.runs = await this.db.runs.orderBy('startedAt').reverse().toArray();
    this.compared = this.compared.filter((id) => this.runs.some((r) => r.runId === id));
  }

  async remove(runId: string): Promise<void> {
    this.deleted = (await this.db.runs.get(runId)) ?? null;
    await this.db.runs.delete(runId);
    await this.load();
  }

  /** Puts the last deleted run back as it was: a Delete tapped by mistake costs nothing. */
  async undoRemove(): Promise<void> {
    if (!this.deleted) return;
    await this.db.runs.put(this.deleted);
    this.deleted = null;
    await this.load();
  }

  /** Keeps at most two: picking a third drops the oldest pick. */
  toggleCompare(runId: string): void {
    this.compared = this.compared.includes(runId)
      ? this.compared.filter((id) => id !== runId)
      : [...this.compared, runId].slice(-2);
  }

  /** An imported run is kept like a local one; its sync fields start as for any new local run. */
  async import(record: RunResult): Promise<void> {
    await this.db.save(record);
    await this.load();
  }
}

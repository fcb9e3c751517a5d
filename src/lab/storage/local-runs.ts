import Dexie, { type EntityTable } from 'dexie';
import { runResultSchema, type RunResult } from '../../core/result-schema';

/**
 * Where a sync to the shared store stands for one run. `local`: kept on this device only;
 * `queued`: waiting to go up; `synced`: the store has it; `failed`: the store refused it (reason kept).
 */
export type SyncState = 'local' | 'queued' | 'synced' | 'failed';

/** One run as this device keeps it: the validated record plus the fields history lists and filters by. */
export interface LocalRun {
  runId: string;
  savedAt: string;
  startedAt: string;
  modelId: string;
  imageSetName: string;
  configIds: string[];
  sync: SyncState;
  syncAttempts: number;
  syncError: string | null;
  /** 5xx answers for this run in a row, and when (epoch ms) to try it again: the outbox's per-run backoff. */
  syncFailures?: number;
  syncRetryAt?: number | null;
  /** The campaign this run contributes to: the outbox links it when it uploads the run. */
  campaignId?: string | null;
  record: RunResult;
}

/** Every run is written here first, before anything else happens to it, so no result is lost. */
export class LocalRunsDb extends Dexie {
  runs!: EntityTable<LocalRun, 'runId'>;

  constructor(name = 'crosscheck') {
    super(name);
    this.version(1).stores({ runs: 'runId, savedAt, startedAt, modelId, sync' });
  }

  async save(
    record: RunResult,
    sync: SyncState = 'local',
    campaignId: string | null = null,
  ): Promise<LocalRun> {
    const run: LocalRun = {
      runId: record.runId,
      savedAt: new Date().toISOString(),
      startedAt: record.startedAt,
      modelId: record.model.id,
      imageSetName: record.imageSet.name,
      configIds: record.configs.map((c) => c.configId),
      sync,
      syncAttempts: 0,
      syncError: null,
      campaignId,
      record: runResultSchema.parse(record),
    };
    await this.runs.put(run);
    return run;
  }
}

let deviceDb: LocalRunsDb | undefined;

/** This device's run store, opened on first use. */
export function localRuns(): LocalRunsDb {
  deviceDb ??= new LocalRunsDb();
  return deviceDb;
}

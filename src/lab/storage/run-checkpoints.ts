import Dexie, { type EntityTable } from 'dexie';
import type { ConfigResult, ImageConfigOutcome, ImageResult } from '../../core/result-schema';
import type { RestoredRun, RunJournal } from '../run/run-journal';

/** An unfinished run as it was last checkpointed, with the choices needed to start it again. */
export interface CheckpointedRun<Options = unknown> {
  runId: string;
  startedAt: string;
  updatedAt: string;
  /** What the run was started with (structured-cloned: Files stay Files). */
  options: Options;
  modelId: string;
  configIds: string[];
  images: ImageResult[];
  /** Configurations that finished. */
  configs: ConfigResult[];
}

/** What the runs table holds: the heartbeat lives apart, in `heartbeats`. */
type RunRow = Omit<CheckpointedRun, 'updatedAt'>;

/** When a run last wrote a step: a tiny row per run, so a per-image checkpoint never rewrites the run's row. */
interface HeartbeatRow {
  runId: string;
  updatedAt: string;
}

interface OutcomeRow {
  runId: string;
  configId: string;
  imageIndex: number;
  outcome: ImageConfigOutcome;
}

interface ReferenceRow {
  runId: string;
  imageIndex: number;
  output: Float32Array;
}

/** A run's row with its last heartbeat (its start, had it none yet). */
function withHeartbeat<Options>(row: RunRow, updatedAt: string | undefined): CheckpointedRun<Options> {
  return { ...row, updatedAt: updatedAt ?? row.startedAt } as CheckpointedRun<Options>;
}

/**
 * Runs in progress, written as they go: one row per configuration and image, so a reload, a crash or a
 * tab the phone killed loses at most the last steps in flight (see RunJournal). A run's rows go when it
 * finishes or is discarded.
 */
export class RunCheckpointsDb extends Dexie {
  runs!: EntityTable<RunRow, 'runId'>;
  heartbeats!: EntityTable<HeartbeatRow, 'runId'>;
  outcomes!: Dexie.Table<OutcomeRow, [string, string, number]>;
  references!: Dexie.Table<ReferenceRow, [string, number]>;

  constructor(name = 'crosscheck-checkpoints') {
    super(name);
    this.version(1).stores({
      runs: 'runId, updatedAt',
      outcomes: '[runId+configId+imageIndex], runId',
      references: '[runId+imageIndex], runId',
    });
    // Version 1 kept the heartbeat on the run's row, so each image's checkpoint rewrote the whole run
    // (options and every image header): O(images²) bytes per run. It moves to its own table.
    this.version(2)
      .stores({ runs: 'runId', heartbeats: 'runId' })
      .upgrade(async (tx) => {
        const runs = tx.table<CheckpointedRun, string>('runs');
        const rows = await runs.toArray();
        await tx
          .table<HeartbeatRow, string>('heartbeats')
          .bulkPut(rows.map(({ runId, updatedAt }) => ({ runId, updatedAt })));
        await runs.toCollection().modify((run: Partial<CheckpointedRun>) => void delete run.updatedAt);
      });
  }

  /** Unfinished runs, the most recently checkpointed first. */
  async unfinished<Options>(): Promise<CheckpointedRun<Options>[]> {
    const [runs, heartbeats] = await Promise.all([this.runs.toArray(), this.heartbeats.toArray()]);
    const updatedAt = new Map(heartbeats.map((h) => [h.runId, h.updatedAt]));
    return runs
      .map((run) => withHeartbeat<Options>(run, updatedAt.get(run.runId)))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /** What the run had measured, ready for runLab to carry on from; null when there is no such run. */
  async restore<Options>(
    runId: string,
  ): Promise<{ run: CheckpointedRun<Options>; restored: RestoredRun } | null> {
    const row = await this.runs.get(runId);
    if (!row) return null;
    const run = withHeartbeat<Options>(row, (await this.heartbeats.get(runId))?.updatedAt);
    const images = run.images.map((image) => ({ ...image, outcomes: [] as ImageConfigOutcome[] }));
    const outcomes = await this.outcomes.where('runId').equals(runId).toArray();
    for (const { imageIndex, outcome } of outcomes) images[imageIndex]?.outcomes.push(outcome);
    const references = await this.references.where('runId').equals(runId).toArray();
    return {
      run,
      restored: {
        runId,
        startedAt: run.startedAt,
        images,
        configs: run.configs,
        referenceOutputs: new Map(references.map((r) => [r.imageIndex, r.output])),
      },
    };
  }

  async discard(runId: string): Promise<void> {
    await this.transaction('rw', [this.runs, this.heartbeats, this.outcomes, this.references], async () => {
      await this.runs.delete(runId);
      await this.heartbeats.delete(runId);
      await this.outcomes.where('runId').equals(runId).delete();
      await this.references.where('runId').equals(runId).delete();
    });
  }

  /** A journal that checkpoints one run here; `restored` when it carries on an earlier attempt. */
  journal<Options>(
    options: Options,
    listing: { modelId: string; configIds: string[] },
    restored: RestoredRun | null = null,
  ): RunJournal & { readonly runId: string } {
    let runId = restored?.runId ?? '';
    const touch = () => this.heartbeats.put({ runId, updatedAt: new Date().toISOString() });
    return {
      restored,
      /** Known once the run has begun. */
      get runId() {
        return runId;
      },
      begin: async (id, startedAt, images) => {
        runId = id;
        await this.transaction('rw', this.runs, this.heartbeats, async () => {
          if (!(await this.runs.get(runId))) {
            const headers = images.map((image) => ({ ...image, outcomes: [] }));
            await this.runs.put({ runId, startedAt, options, ...listing, images: headers, configs: [] });
          }
          await touch();
        });
      },
      outcome: async (imageIndex, outcome, referenceOutput) => {
        await this.transaction('rw', this.outcomes, this.references, this.heartbeats, async () => {
          await this.outcomes.put({ runId, configId: outcome.configId, imageIndex, outcome });
          if (referenceOutput) await this.references.put({ runId, imageIndex, output: referenceOutput });
          await touch();
        });
      },
      configDone: async (result) => {
        await this.runs
          .where('runId')
          .equals(runId)
          .modify((run) => void run.configs.push(result));
      },
    };
  }
}

let deviceDb: RunCheckpointsDb | undefined;

/** This device's checkpoints, opened on first use. */
export function runCheckpoints(): RunCheckpointsDb {
  deviceDb ??= new RunCheckpointsDb();
  return deviceDb;
}

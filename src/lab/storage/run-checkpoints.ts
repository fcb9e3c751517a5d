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

/**
 * Runs in progress, written as they go: one row per configuration and image, so a reload, a crash or a
 * tab the phone killed loses at most the step in flight. A run's rows go when it finishes or is discarded.
 */
export class RunCheckpointsDb extends Dexie {
  runs!: EntityTable<CheckpointedRun, 'runId'>;
  outcomes!: Dexie.Table<OutcomeRow, [string, string, number]>;
  references!: Dexie.Table<ReferenceRow, [string, number]>;

  constructor(name = 'crosscheck-checkpoints') {
    super(name);
    this.version(1).stores({
      runs: 'runId, updatedAt',
      outcomes: '[runId+configId+imageIndex], runId',
      references: '[runId+imageIndex], runId',
    });
  }

  /** Unfinished runs, newest first. */
  async unfinished<Options>(): Promise<CheckpointedRun<Options>[]> {
    return (await this.runs.orderBy('updatedAt').reverse().toArray()) as CheckpointedRun<Options>[];
  }

  /** What the run had measured, ready for runLab to carry on from; null when there is no such run. */
  async restore<Options>(
    runId: string,
  ): Promise<{ run: CheckpointedRun<Options>; restored: RestoredRun } | null> {
    const run = (await this.runs.get(runId)) as CheckpointedRun<Options> | undefined;
    if (!run) return null;
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
    await this.transaction('rw', this.runs, this.outcomes, this.references, async () => {
      await this.runs.delete(runId);
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
    const touch = () => this.runs.update(runId, { updatedAt: new Date().toISOString() });
    return {
      restored,
      /** Known once the run has begun. */
      get runId() {
        return runId;
      },
      begin: async (id, startedAt, images) => {
        runId = id;
        if (await this.runs.get(runId)) return void (await touch());
        const headers = images.map((image) => ({ ...image, outcomes: [] }));
        const now = new Date().toISOString();
        await this.runs.put({
          runId,
          startedAt,
          updatedAt: now,
          options,
          ...listing,
          images: headers,
          configs: [],
        });
      },
      outcome: async (imageIndex, outcome, referenceOutput) => {
        await this.transaction('rw', this.outcomes, this.references, this.runs, async () => {
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

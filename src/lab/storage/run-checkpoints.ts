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
  /** How many images the run was started on; each is written down (ImageRow) as it is prepared. */
  imageCount: number;
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

/** One image as first prepared (names and hashes, no outcomes): what a resume checks its inputs against. */
interface ImageRow {
  runId: string;
  imageIndex: number;
  image: ImageResult;
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
  images!: Dexie.Table<ImageRow, [string, number]>;
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
    // Version 2 kept every image on the run's row, written before the first configuration loaded; images
    // are now decoded while it runs, each written down as it comes.
    this.version(3)
      .stores({ images: '[runId+imageIndex], runId' })
      .upgrade(async (tx) => {
        const runs = tx.table<RunRow & { images?: ImageResult[] }, string>('runs');
        const rows = await runs.toArray();
        await tx
          .table<ImageRow>('images')
          .bulkPut(
            rows.flatMap(({ runId, images = [] }) =>
              images.map((image, imageIndex) => ({ runId, imageIndex, image: { ...image, outcomes: [] } })),
            ),
          );
        await runs.toCollection().modify((run: RunRow & { images?: ImageResult[] }) => {
          run.imageCount = run.images?.length ?? 0;
          delete run.images;
        });
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
    const imageRows = await this.images.where('runId').equals(runId).toArray();
    const images = new Map(
      imageRows.map(({ imageIndex, image }) => [
        imageIndex,
        { ...image, outcomes: [] as ImageConfigOutcome[] },
      ]),
    );
    const outcomes = await this.outcomes.where('runId').equals(runId).toArray();
    for (const { imageIndex, outcome } of outcomes) images.get(imageIndex)?.outcomes.push(outcome);
    const references = await this.references.where('runId').equals(runId).toArray();
    return {
      run,
      restored: {
        runId,
        startedAt: run.startedAt,
        imageCount: run.imageCount,
        images,
        configs: run.configs,
        referenceOutputs: new Map(references.map((r) => [r.imageIndex, r.output])),
      },
    };
  }

  async discard(runId: string): Promise<void> {
    const tables = [this.runs, this.heartbeats, this.images, this.outcomes, this.references];
    await this.transaction('rw', tables, async () => {
      await this.runs.delete(runId);
      await this.heartbeats.delete(runId);
      await this.images.where('runId').equals(runId).delete();
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
    // Images prepared since the last checkpoint (the first ones before the run began): written in the next
    // one's transaction, before its outcome.
    const unwritten: Omit<ImageRow, 'runId'>[] = [];
    const takeUnwritten = () => unwritten.splice(0).map((row) => ({ ...row, runId }));
    return {
      restored,
      /** Known once the run has begun. */
      get runId() {
        return runId;
      },
      begin: async (id, startedAt, imageCount) => {
        runId = id;
        await this.transaction('rw', this.runs, this.heartbeats, async () => {
          if (!(await this.runs.get(runId))) {
            await this.runs.put({ runId, startedAt, options, ...listing, imageCount, configs: [] });
          }
          await touch();
        });
      },
      image: (imageIndex, image) => void unwritten.push({ imageIndex, image: { ...image, outcomes: [] } }),
      outcome: async (imageIndex, outcome, referenceOutput) => {
        const images = takeUnwritten();
        await this.transaction(
          'rw',
          [this.images, this.outcomes, this.references, this.heartbeats],
          async () => {
            await this.images.bulkPut(images);
            await this.outcomes.put({ runId, configId: outcome.configId, imageIndex, outcome });
            if (referenceOutput) await this.references.put({ runId, imageIndex, output: referenceOutput });
            await touch();
          },
        );
      },
      configDone: async (result) => {
        const images = takeUnwritten();
        await this.transaction('rw', this.runs, this.images, async () => {
          await this.images.bulkPut(images);
          await this.runs
            .where('runId')
            .equals(runId)
            .modify((run) => void run.configs.push(result));
        });
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

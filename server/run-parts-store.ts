import { sameJson } from '../src/core/canonical-json';
import type { ImageResult, RunResult } from '../src/core/result-schema';
import { upgradeRunResult, type RunResultOlder } from '../src/core/result-versions';
import type { Db } from './db/db';
import { insertRuns } from './runs-store';

/**
 * Runs uploaded in parts: a header (the record with `images: []`), then `partCount` parts of
 * per-image results, each stored in its own transaction and keyed by (run id, part index), so a part
 * sent again is "already stored" and a SIGKILL loses only a part never acknowledged. The part that
 * completes the set makes the run, in the same transaction: reads and aggregates never see half a run.
 */

export interface UploadPlan {
  partCount: number;
  imageCount: number;
  campaignId?: string;
  device?: string;
}

/** 'stored': kept now; 'exists': the same was already kept; 'conflict': same key, other content. */
export type PartOutcome = 'stored' | 'exists' | 'conflict';

export interface PartAnswer {
  outcome: PartOutcome;
  /** The run is complete (readable, counted) once this part is stored. */
  complete: boolean;
}

/** Where an upload stands: the parts stored of how many, or complete. */
export interface UploadState {
  partsStored: number;
  partCount: number;
  complete: boolean;
}

interface UploadRow {
  header: RunResult | RunResultOlder;
  part_count: number;
  image_count: number;
  campaign_id: string | null;
  device: string | null;
}

async function isComplete(db: Db, runId: string): Promise<boolean> {
  return (await db.query('select 1 from runs where run_id = $1', [runId])).length > 0;
}

/** Keeps the header of a run that comes in parts; the same header again is 'exists', another plan or record 'conflict'. */
export async function putHeader(db: Db, header: RunResult, plan: UploadPlan): Promise<PartAnswer> {
  return db.transaction(async (tx) => {
    const [whole] = await tx.query<{ record: RunResult | RunResultOlder; part_count: number | null }>(
      'select record, part_count from runs where run_id = $1',
      [header.runId],
    );
    if (whole) {
      const same = whole.part_count === plan.partCount && sameJson(upgradeRunResult(whole.record), header);
      return { outcome: same ? 'exists' : 'conflict', complete: same };
    }
    const inserted = await tx.query(
      `insert into run_uploads (run_id, header, part_count, image_count, campaign_id, device)
       values ($1, $2::text::jsonb, $3, $4, $5, $6) on conflict (run_id) do nothing returning run_id`,
      [
        header.runId,
        JSON.stringify(header),
        plan.partCount,
        plan.imageCount,
        plan.campaignId ?? null,
        plan.device ?? null,
      ],
    );
    if (inserted.length) return { outcome: 'stored', complete: false };
    const [stored] = await tx.query<UploadRow>('select * from run_uploads where run_id = $1', [header.runId]);
    const same =
      stored.part_count === plan.partCount &&
      stored.image_count === plan.imageCount &&
      sameJson(upgradeRunResult(stored.header), header);
    return { outcome: same ? 'exists' : 'conflict', complete: false };
  });
}

/**
 * Keeps one part; null when no header came first. The upload's row is locked for the transaction, so
 * two last parts stored at once cannot both miss that the set is complete.
 */
export async function putPart(
  db: Db,
  runId: string,
  index: number,
  images: ImageResult[],
): Promise<PartAnswer | { error: string; status: 404 | 409 | 422 }> {
  return db.transaction(async (tx) => {
    const [upload] = await tx.query<UploadRow>('select * from run_uploads where run_id = $1 for update', [
      runId,
    ]);
    if (!upload) return { error: `runId: no header for run ${runId}; send its header first`, status: 404 };
    if (index >= upload.part_count)
      return {
        error: `part: ${index} is past the ${upload.part_count} parts this run was announced with`,
        status: 422,
      };
    const inserted = await tx.query(
      `insert into run_parts (run_id, part_index, image_count, images) values ($1, $2, $3, $4::text::jsonb)
       on conflict (run_id, part_index) do nothing returning part_index`,
      [runId, index, images.length, JSON.stringify(images)],
    );
    if (!inserted.length) {
      const [stored] = await tx.query<{ images: ImageResult[] }>(
        'select images from run_parts where run_id = $1 and part_index = $2',
        [runId, index],
      );
      if (!sameJson(stored.images, images)) return { outcome: 'conflict', complete: false };
      return { outcome: 'exists', complete: await isComplete(tx, runId) };
    }
    const [{ parts, images: imageTotal }] = await tx.query<{ parts: number; images: number }>(
      'select count(*)::integer as parts, coalesce(sum(image_count), 0)::integer as images from run_parts where run_id = $1',
      [runId],
    );
    if (parts < upload.part_count) return { outcome: 'stored', complete: false };
    if (imageTotal !== upload.image_count)
      return {
        error: `images: the parts hold ${imageTotal} images, the header announced ${upload.image_count}`,
        status: 422,
      };
    const [outcome] = await insertRuns(tx, [
      {
        run: upgradeRunResult(upload.header),
        campaignId: upload.campaign_id ?? undefined,
        device: upload.device ?? undefined,
        parts: upload.part_count,
      },
    ]);
    if (outcome === 'conflict')
      return { error: `runId: ${runId} is already stored with different content`, status: 409 };
    return { outcome: 'stored', complete: true };
  });
}

/** How far the upload of a run in parts has come; null when there is none. */
export async function uploadState(db: Db, runId: string): Promise<UploadState | null> {
  const [row] = await db.query<{ part_count: number; parts: number }>(
    `select u.part_count, (select count(*)::integer from run_parts p where p.run_id = u.run_id) as parts
     from run_uploads u where u.run_id = $1`,
    [runId],
  );
  if (!row) return null;
  return { partsStored: row.parts, partCount: row.part_count, complete: await isComplete(db, runId) };
}

/**
 * A complete run in parts as one JSON record, streamed a part at a time (each read as the database's
 * text, never parsed here), so the server holds one part, not the run, whatever the run's size.
 */
export function streamRunInParts(db: Db, header: RunResult, partCount: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  // JSON.stringify leaves out a key whose value is undefined: the header without its (empty) images.
  const head = JSON.stringify({ ...header, images: undefined });
  let index = 0;
  let firstImage = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${head.slice(0, -1)},"images":[`));
    },
    async pull(controller) {
      if (index === partCount) {
        controller.enqueue(encoder.encode(']}'));
        controller.close();
        return;
      }
      const [row] = await db.query<{ images: string }>(
        'select images::text as images from run_parts where run_id = $1 and part_index = $2',
        [header.runId, index],
      );
      index++;
      const inner = row.images.trim().slice(1, -1).trim();
      if (inner) {
        controller.enqueue(encoder.encode(firstImage ? inner : `,${inner}`));
        firstImage = false;
      }
    },
  });
}

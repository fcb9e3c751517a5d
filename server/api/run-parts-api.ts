import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { describeIssues } from '../../src/core/describe-issues';
import { imageResultSchema } from '../../src/core/result-schema';
import { parseAnyVersion } from '../../src/core/result-versions';
import type { Db } from '../db/db';
import { putHeader, putPart, type PartAnswer } from '../run-parts-store';
import { refuseBody, type JsonBodyReader } from './read-json-body';
import { readRunLink } from './run-link';

const uuid = z.uuid();
const planSchema = z.object({
  parts: z.coerce.number().int().min(1).max(100_000),
  images: z.coerce.number().int().min(0).max(10_000_000),
});
const indexSchema = z.coerce.number().int().min(0).max(99_999);
const partSchema = z.object({ images: z.array(imageResultSchema) });

const refuse = (c: Context, error: string, status: 400 | 404 | 409 | 422) => c.json({ error }, status);

/** 201 when this request stored something, 200 when it was already stored; `complete` says whether the run is whole. */
function answer(c: Context, runId: string, stored: PartAnswer, what: string) {
  if (stored.outcome === 'conflict')
    return refuse(c, `${what}: ${runId} already has a different ${what} stored`, 409);
  return c.json(
    { runId, stored: stored.outcome, complete: stored.complete },
    stored.outcome === 'stored' ? 201 : 200,
  );
}

/**
 * Runs too large for one request (docs/store.md, "Large runs"): `PUT /api/runs/<id>/header?parts=P&images=N`
 * with the record minus its per-image results (`images: []`), then `PUT /api/runs/<id>/parts/<i>` with
 * `{ images: [...] }` for i in 0..P-1, in any order, each idempotent.
 */
export function registerRunPartsApi(
  api: Hono,
  options: { db: Db; write: MiddlewareHandler; bodies: JsonBodyReader },
): void {
  const { db, write, bodies } = options;

  api.put('/runs/:id/header', write, bodies.hold, async (c) => {
    const id = c.req.param('id');
    if (!uuid.safeParse(id).success) return refuse(c, 'id: not a run id', 400);
    const body = await bodies.read(c);
    if (!body.ok) return refuseBody(c, body);
    const plan = planSchema.safeParse(c.req.query());
    if (!plan.success) return refuse(c, describeIssues(plan.error), 400);
    const link = await readRunLink(c, db);
    if (!link.ok) return refuse(c, link.error, link.status);
    const header = parseAnyVersion(body.body);
    if (!header.success) return refuse(c, describeIssues(header.error), 422);
    if (header.data.runId !== id)
      return refuse(c, `runId: ${header.data.runId} is not the run ${id} in the URL`, 400);
    if (header.data.images.length)
      return refuse(c, 'images: a header carries no images; send them in parts', 422);
    const stored = await putHeader(db, header.data, {
      partCount: plan.data.parts,
      imageCount: plan.data.images,
      ...link.link,
    });
    return answer(c, id, stored, 'header');
  });

  api.put('/runs/:id/parts/:index', write, bodies.hold, async (c) => {
    const id = c.req.param('id');
    if (!uuid.safeParse(id).success) return refuse(c, 'id: not a run id', 400);
    const index = indexSchema.safeParse(c.req.param('index'));
    if (!index.success) return refuse(c, `part: ${describeIssues(index.error)}`, 400);
    const body = await bodies.read(c);
    if (!body.ok) return refuseBody(c, body);
    const part = partSchema.safeParse(body.body);
    if (!part.success) return refuse(c, describeIssues(part.error), 422);
    const stored = await putPart(db, id, index.data, part.data.images);
    if ('error' in stored) return refuse(c, stored.error, stored.status);
    return answer(c, id, stored, `part ${index.data}`);
  });
}

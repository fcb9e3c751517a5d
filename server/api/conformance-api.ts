import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { conformanceRecordSchema } from '../../src/core/conformance/conformance-schema';
import { describeIssues } from '../../src/core/describe-issues';
import { getConformance, insertConformance, operatorView } from '../conformance-store';
import type { Db } from '../db/db';

const uuid = z.uuid();
const viewFilters = z.object({ op: z.string().max(128).optional(), device: z.string().max(1024).optional() });

const error = (c: Context, message: string, status: 400 | 404 | 409 | 415 | 422) =>
  c.json({ error: message }, status);

/**
 * /api/conformance: POST a conformance record (idempotent, like runs), GET one by suite id, and GET
 * the fleet's operator view (`?op=Conv&device=...` narrow it).
 */
export function registerConformanceApi(api: Hono, options: { db: Db; write: MiddlewareHandler }): void {
  const { db, write } = options;

  api.post('/conformance', write, async (c) => {
    if (!c.req.header('content-type')?.startsWith('application/json'))
      return error(c, 'body: send Content-Type: application/json', 415);
    const body: unknown = await c.req.json().catch(() => undefined);
    if (body === undefined) return error(c, 'body: not valid JSON', 400);
    const parsed = conformanceRecordSchema.safeParse(body);
    if (!parsed.success) return error(c, describeIssues(parsed.error), 422);
    const outcome = await insertConformance(db, parsed.data);
    if (outcome === 'conflict')
      return error(c, `suiteId: ${parsed.data.suiteId} is already stored with different content`, 409);
    return c.json({ suiteId: parsed.data.suiteId, stored: outcome }, outcome === 'created' ? 201 : 200);
  });

  api.get('/conformance', async (c) => {
    const filters = viewFilters.safeParse(c.req.query());
    if (!filters.success) return error(c, describeIssues(filters.error), 400);
    return c.json({ cells: await operatorView(db, filters.data) });
  });

  api.get('/conformance/:id', async (c) => {
    const id = c.req.param('id');
    if (!uuid.safeParse(id).success) return error(c, 'id: not a conformance suite id', 400);
    const record = await getConformance(db, id);
    return record ? c.json(record) : error(c, `no conformance suite ${id}`, 404);
  });
}

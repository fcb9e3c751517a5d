import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getConnInfo } from '@hono/node-server/conninfo';
import { rateLimiter } from 'hono-rate-limiter';
import { z } from 'zod';
import { campaignPlanSchema } from '../../src/core/campaign-plan';
import { describeIssues } from '../../src/core/describe-issues';
import { runResultSchema } from '../../src/core/result-schema';
import { createCampaign, getCampaign } from '../campaigns-store';
import type { Db } from '../db/db';
import { fleetSummary } from '../fleet';
import { decodeCursor, getRun, insertRun, listRuns, type RunFilters } from '../runs-store';
import { requireToken } from './access';
import { registerConformanceApi } from './conformance-api';

export interface ApiOptions {
  db: Db;
  token: string;
  /** Reads need the token too (a private store); open by default. */
  privateReads?: boolean;
  bodyLimitBytes?: number;
  /** Requests per client per minute. */
  rateLimit?: number;
}

const uuid = z.uuid();
const filterSchema = z.object({
  model: z.string().max(128).optional(),
  config: z.string().max(64).optional(),
  device: z.string().max(1024).optional(),
  browser: z.string().max(128).optional(),
  campaign: uuid.optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
});
/** A name a person gave their device ("lab Pixel 7"), shown in the fleet instead of the derived one. */
const deviceNameSchema = z.string().trim().min(1).max(128).regex(/^[^<>]*$/, 'must not contain < or >').optional();
const pageSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});

const badRequest = (c: Context, error: string, status: 400 | 404 | 409 | 413 | 415 = 400) => c.json({ error }, status);

async function readJson(c: Context): Promise<{ ok: true; body: unknown } | { ok: false; error: string }> {
  if (!c.req.header('content-type')?.startsWith('application/json')) return { ok: false, error: 'body: send Content-Type: application/json' };
  try {
    return { ok: true, body: await c.req.json() };
  } catch {
    return { ok: false, error: 'body: not valid JSON' };
  }
}

function clientKey(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The JSON API under /api: runs (append-only, idempotent), fleet summary, campaigns. */
export function createApi(options: ApiOptions): Hono {
  const { db } = options;
  const api = new Hono();
  const write = requireToken(options.token);
  const read = options.privateReads ? write : undefined;

  api.use(
    rateLimiter({
      windowMs: 60_000,
      limit: options.rateLimit ?? 1200,
      keyGenerator: clientKey,
      message: { error: 'too many requests from this client; slow down' },
    }),
  );
  api.use(
    bodyLimit({
      maxSize: options.bodyLimitBytes ?? 16 * 1024 * 1024,
      onError: (c) => {
        // The rest of the body is never read: the connection cannot carry another request.
        c.header('Connection', 'close');
        return c.json({ error: `body: larger than ${options.bodyLimitBytes ?? 16 * 1024 * 1024} bytes` }, 413);
      },
    }),
  );
  if (read) api.on('GET', '*', read);

  api.get('/health', (c) => c.json({ ok: true, db: db.kind }));

  api.post('/runs', write, async (c) => {
    const parsedBody = await readJson(c);
    if (!parsedBody.ok) return badRequest(c, parsedBody.error, parsedBody.error.includes('Content-Type') ? 415 : 400);
    const campaign = c.req.query('campaign');
    if (campaign !== undefined && !uuid.safeParse(campaign).success) return badRequest(c, 'campaign: not a campaign id');
    if (campaign && !(await getCampaign(db, campaign))) return badRequest(c, `campaign: no campaign ${campaign}`, 404);
    const device = deviceNameSchema.safeParse(c.req.query('device'));
    if (!device.success) return badRequest(c, `device: ${describeIssues(device.error)}`);
    const parsed = runResultSchema.safeParse(parsedBody.body);
    if (!parsed.success) return c.json({ error: describeIssues(parsed.error) }, 422);
    const outcome = await insertRun(db, parsed.data, { campaignId: campaign, device: device.data });
    if (outcome === 'conflict') return badRequest(c, `runId: ${parsed.data.runId} is already stored with different content`, 409);
    return c.json({ runId: parsed.data.runId, stored: outcome }, outcome === 'created' ? 201 : 200);
  });

  api.get('/runs', async (c) => {
    const filters = filterSchema.safeParse(c.req.query());
    const page = pageSchema.safeParse(c.req.query());
    if (!filters.success) return badRequest(c, describeIssues(filters.error));
    if (!page.success) return badRequest(c, describeIssues(page.error));
    const after = page.data.cursor ? decodeCursor(page.data.cursor) : undefined;
    if (after === null) return badRequest(c, 'cursor: not a cursor this server gave out');
    return c.json(await listRuns(db, filters.data as RunFilters, { limit: page.data.limit, after }));
  });

  api.get('/runs/:id', async (c) => {
    const id = c.req.param('id');
    if (!uuid.safeParse(id).success) return badRequest(c, 'id: not a run id');
    const run = await getRun(db, id);
    return run ? c.json(run) : badRequest(c, `no run ${id}`, 404);
  });

  api.get('/fleet', async (c) => {
    const filters = filterSchema.safeParse(c.req.query());
    if (!filters.success) return badRequest(c, describeIssues(filters.error));
    return c.json({ cells: await fleetSummary(db, filters.data) });
  });

  api.post('/campaigns', write, async (c) => {
    const body = await readJson(c);
    if (!body.ok) return badRequest(c, body.error);
    const plan = campaignPlanSchema.safeParse(body.body);
    if (!plan.success) return c.json({ error: describeIssues(plan.error) }, 422);
    return c.json(await createCampaign(db, plan.data), 201);
  });

  api.get('/campaigns/:id', async (c) => {
    const id = c.req.param('id');
    if (!uuid.safeParse(id).success) return badRequest(c, 'id: not a campaign id');
    const campaign = await getCampaign(db, id);
    return campaign ? c.json(campaign) : badRequest(c, `no campaign ${id}`, 404);
  });

  api.get('/campaigns/:id/contributions', async (c) => {
    const id = c.req.param('id');
    if (!uuid.safeParse(id).success) return badRequest(c, 'id: not a campaign id');
    if (!(await getCampaign(db, id))) return badRequest(c, `no campaign ${id}`, 404);
    const runs = await listRuns(db, { campaign: id }, { limit: 500 });
    return c.json({ campaignId: id, runs: runs.runs, cells: await fleetSummary(db, { campaign: id }) });
  });

  registerConformanceApi(api, { db, write });

  api.all('*', (c) => c.json({ error: `no such endpoint: ${c.req.method} ${c.req.path}` }, 404));
  return api;
}

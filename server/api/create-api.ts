import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { campaignPlanSchema } from '../../src/core/campaign-plan';
import { describeIssues } from '../../src/core/describe-issues';
import { runDateSchema } from '../../src/core/result-schema';
import { parseAnyVersion } from '../../src/core/result-versions';
import { storableString } from '../../src/core/storable-string';
import { createCampaign, getCampaign } from '../campaigns-store';
import type { Db } from '../db/db';
import { fleetSummary } from '../fleet';
import { decodeCursor, getRun, listRuns, retractRun } from '../runs-store';
import { createRunWriter } from '../run-writer';
import { requireToken } from './access';
import { defaultRateLimits, rateLimits, type RateLimits } from './rate-limits';
import { jsonBodyReader, refuseBody } from './read-json-body';
import { readRunLink } from './run-link';
import { registerConformanceApi } from './conformance-api';
import { registerCrossDeviceApi } from './cross-device-api';
import { registerRunTensorsApi } from './run-tensors-api';
import { registerRunPartsApi } from './run-parts-api';
import { registerCampaignBundlesApi } from './campaign-bundles-api';
import { streamRunInParts, uploadState } from '../run-parts-store';

export interface ApiOptions {
  db: Db;
  token: string;
  /** Reads need the token too (a private store); open by default. /api/health stays open, so devices can find the store. */
  privateReads?: boolean;
  /** Largest request body as sent (gzip-compressed or not). */
  bodyLimitBytes?: number;
  /** Requests per minute, per bucket; defaults for the ones not given. */
  rateLimits?: Partial<RateLimits>;
  /** Largest run once decompressed; bodies in flight hold at most twice this between them. */
  maxRunBytes?: number;
}

const uuid = z.uuid();
const filterSchema = z.object({
  model: storableString().max(128).optional(),
  config: storableString().max(64).optional(),
  device: storableString().max(1024).optional(),
  browser: storableString().max(128).optional(),
  campaign: uuid.optional(),
  from: runDateSchema.optional(),
  to: runDateSchema.optional(),
});
const retractionSchema = z.object({
  reason: storableString()
    .trim()
    .min(1)
    .max(1024)
    .regex(/^[^<>]*$/, 'must not contain < or >'),
});
const pageSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});

const badRequest = (c: Context, error: string, status: 400 | 404 | 409 | 413 | 415 = 400) =>
  c.json({ error }, status);

/** 128 MiB: about 23,000 images on 8 configurations (PostgreSQL's jsonb stops at 255 MB). */
export const defaultMaxRunBytes = 128 * 1024 * 1024;

/** The JSON API under /api: runs (append-only, idempotent), fleet summary, campaigns. */
export function createApi(options: ApiOptions): Hono {
  const { db } = options;
  const api = new Hono();
  const write = requireToken(options.token);
  const isHealth = (c: Context) => c.req.path.endsWith('/health');
  const openRead = (c: Context) => !options.privateReads || isHealth(c);
  const maxRunBytes = options.maxRunBytes ?? defaultMaxRunBytes;
  const writeRun = createRunWriter(db);
  const bodies = jsonBodyReader({ maxBytes: maxRunBytes, budgetBytes: 2 * maxRunBytes });

  for (const limiter of rateLimits({ ...defaultRateLimits, ...options.rateLimits }, options.token, openRead))
    api.use(limiter);
  api.use(
    bodyLimit({
      maxSize: options.bodyLimitBytes ?? 16 * 1024 * 1024,
      onError: (c) => {
        // The rest of the body is never read: the connection cannot carry another request.
        c.header('Connection', 'close');
        return c.json(
          { error: `body: larger than ${options.bodyLimitBytes ?? 16 * 1024 * 1024} bytes` },
          413,
        );
      },
    }),
  );
  api.on('GET', '*', (c, next) => (openRead(c) ? next() : write(c, next)));

  api.get('/health', (c) => c.json({ ok: true, db: db.kind }));

  api.post('/runs', write, bodies.hold, async (c) => {
    const parsedBody = await bodies.read(c);
    if (!parsedBody.ok) return refuseBody(c, parsedBody);
    const link = await readRunLink(c, db);
    if (!link.ok) return badRequest(c, link.error, link.status);
    const parsed = parseAnyVersion(parsedBody.body);
    if (!parsed.success) return c.json({ error: describeIssues(parsed.error) }, 422);
    const outcome = await writeRun({ run: parsed.data, ...link.link });
    if (outcome === 'conflict')
      return badRequest(c, `runId: ${parsed.data.runId} is already stored with different content`, 409);
    return c.json({ runId: parsed.data.runId, stored: outcome }, outcome === 'created' ? 201 : 200);
  });

  api.get('/runs', async (c) => {
    const filters = filterSchema.safeParse(c.req.query());
    const page = pageSchema.safeParse(c.req.query());
    if (!filters.success) return badRequest(c, describeIssues(filters.error));
    if (!page.success) return badRequest(c, describeIssues(page.error));
    const after = page.data.cursor ? decodeCursor(page.data.cursor) : undefined;
    if (after === null) return badRequest(c, 'cursor: not a cursor this server gave out');
    return c.json(await listRuns(db, filters.data, { limit: page.data.limit, after }));
  });

  api.get('/runs/:id', async (c) => {
    const id = c.req.param('id');
    if (!uuid.safeParse(id).success) return badRequest(c, 'id: not a run id');
    const run = await getRun(db, id);
    if (run?.partCount) {
      c.header('content-type', 'application/json');
      return c.body(streamRunInParts(db, run.record, run.partCount));
    }
    if (run) return c.json(run.record);
    const upload = await uploadState(db, id);
    return upload
      ? badRequest(
          c,
          `run ${id} is still being uploaded: ${upload.partsStored} of ${upload.partCount} parts stored`,
          404,
        )
      : badRequest(c, `no run ${id}`, 404);
  });

  api.post('/runs/:id/retraction', write, bodies.hold, async (c) => {
    const id = c.req.param('id');
    if (!uuid.safeParse(id).success) return badRequest(c, 'id: not a run id');
    const body = await bodies.read(c);
    if (!body.ok) return refuseBody(c, body);
    const retraction = retractionSchema.safeParse(body.body);
    if (!retraction.success) return c.json({ error: describeIssues(retraction.error) }, 422);
    const retracted = await retractRun(db, id, retraction.data.reason);
    return retracted ? c.json({ runId: id, retracted }) : badRequest(c, `no run ${id}`, 404);
  });

  api.get('/fleet', async (c) => {
    const filters = filterSchema.safeParse(c.req.query());
    if (!filters.success) return badRequest(c, describeIssues(filters.error));
    return c.json({ cells: await fleetSummary(db, filters.data) });
  });

  api.post('/campaigns', write, bodies.hold, async (c) => {
    const body = await bodies.read(c);
    if (!body.ok) return refuseBody(c, body);
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
  registerRunPartsApi(api, { db, write, bodies });
  registerCampaignBundlesApi(api, { db, write, bodies });
  registerCrossDeviceApi(api, { db });
  registerRunTensorsApi(api, { db, write });

  api.all('*', (c) => c.json({ error: `no such endpoint: ${c.req.method} ${c.req.path}` }, 404));
  return api;
}

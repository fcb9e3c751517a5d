import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { describeIssues } from '../../src/core/describe-issues';
import { configIdSchema } from '../../src/core/result-schema';
import { localizeAcrossRuns, type CrossDeviceLocalization } from '../../src/localize/localize-across-runs';
import type { Db } from '../db/db';
import { getRun } from '../runs-store';
import { storedTensors } from '../run-tensors-store';

const uuid = z.uuid();
const querySchema = z.object({ config: configIdSchema, configB: configIdSchema.optional() });

const error = (c: Context, message: string, status: 400 | 404 | 422) => c.json({ error: message }, status);

/**
 * GET /api/runs/:a/localize/:b?config=…[&configB=…]: two stored runs of one model on one input (two
 * devices), localized against each other from their traces (docs/cross-device-localization.md). Run A
 * is the reference; configB defaults to config.
 */
export function registerCrossDeviceApi(api: Hono, options: { db: Db }): void {
  api.get('/runs/:a/localize/:b', async (c) => {
    const ids = [c.req.param('a'), c.req.param('b')];
    const bad = ids.findIndex((id) => !uuid.safeParse(id).success);
    if (bad >= 0) return error(c, `${bad ? 'b' : 'a'}: not a run id`, 400);
    const query = querySchema.safeParse(c.req.query());
    if (!query.success) return error(c, describeIssues(query.error), 400);
    const [a, b] = await Promise.all(ids.map((id) => getRun(options.db, id)));
    if (!a || !b) return error(c, `no run ${a ? ids[1] : ids[0]}`, 404);
    let answer: CrossDeviceLocalization;
    try {
      answer = localizeAcrossRuns(a.record, b.record, query.data.config, query.data.configB);
    } catch (e) {
      return error(c, (e as Error).message, 422);
    }
    const outputs = answer.tensors.map((t) => t.output);
    const [storedA, storedB] = await Promise.all([
      storedTensors(options.db, answer.a.runId, answer.a.configId, outputs),
      storedTensors(options.db, answer.b.runId, answer.b.configId, outputs),
    ]);
    const tensors = answer.tensors.map((t) => ({
      ...t,
      storedA: storedA.has(t.output),
      storedB: storedB.has(t.output),
    }));
    return c.json({ ...answer, tensors });
  });
}

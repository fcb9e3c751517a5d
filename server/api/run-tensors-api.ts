import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { describeIssues } from '../../src/core/describe-issues';
import { sha256Hex } from '../../src/core/preprocess/sha256';
import { configIdSchema } from '../../src/core/result-schema';
import { storableString } from '../../src/core/storable-string';
import { tracedConfig } from '../../src/localize/localize-across-runs';
import { byteLength } from '../../src/core/tensor';
import type { Db } from '../db/db';
import { getRun } from '../runs-store';
import { getTensor, putTensor, storedTensorBytes } from '../run-tensors-store';

const uuid = z.uuid();
const whichSchema = z.object({ config: configIdSchema, output: storableString().min(1).max(512) });

/** A divergent node's output and its inputs fit; a whole network's activations do not. */
export const tensorLimits = { perTensorBytes: 8 * 1024 * 1024, perRunBytes: 64 * 1024 * 1024 };

const refuse = (c: Context, error: string, status: 400 | 404 | 413 | 415 | 422) => c.json({ error }, status);

/**
 * `PUT /api/runs/<id>/tensors?config=…&output=…` (raw bytes, application/octet-stream): one traced
 * output's full tensor, accepted only when its bytes hash to the run's trace and within the size caps;
 * `GET` the same address gives it back, its dtype and shape in `x-tensor-dtype` and `x-tensor-shape`.
 */
export function registerRunTensorsApi(api: Hono, options: { db: Db; write: MiddlewareHandler }): void {
  const { db, write } = options;

  /** The run and its traced output the request names, or the refusal. */
  async function traced(c: Context) {
    const id = c.req.param('id') ?? '';
    if (!uuid.safeParse(id).success) return { refusal: refuse(c, 'id: not a run id', 400) };
    const which = whichSchema.safeParse(c.req.query());
    if (!which.success) return { refusal: refuse(c, describeIssues(which.error), 400) };
    const run = await getRun(db, id);
    if (!run) return { refusal: refuse(c, `no run ${id}`, 404) };
    const { config, output } = which.data;
    try {
      const node = tracedConfig(run.record, config).nodes.find((n) => n.output === output);
      if (!node)
        return {
          refusal: refuse(c, `output: ${config}'s trace of run ${id} has no output "${output}"`, 422),
        };
      return { id, config, output, node };
    } catch (e) {
      return { refusal: refuse(c, (e as Error).message, 422) };
    }
  }

  api.put('/runs/:id/tensors', write, async (c) => {
    if (c.req.header('content-type') !== 'application/octet-stream')
      return refuse(c, 'body: send the tensor’s bytes as Content-Type: application/octet-stream', 415);
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > tensorLimits.perTensorBytes)
      return refuse(
        c,
        `body: larger than ${tensorLimits.perTensorBytes} bytes, the most one tensor may take`,
        413,
      );
    const found = await traced(c);
    if ('refusal' in found) return found.refusal;
    const data = new Uint8Array(await c.req.arrayBuffer());
    const expected = byteLength(found.node.dtype, found.node.shape);
    if (data.byteLength !== expected)
      return refuse(
        c,
        `body: ${data.byteLength} bytes, the traced ${found.node.dtype} [${found.node.shape.join('×')}] takes ${expected}`,
        422,
      );
    if (expected > tensorLimits.perTensorBytes)
      return refuse(
        c,
        `body: larger than ${tensorLimits.perTensorBytes} bytes, the most one tensor may take`,
        413,
      );
    const hash = await sha256Hex(data);
    if (hash !== found.node.sha256)
      return refuse(
        c,
        `body: its sha256 is ${hash}, the trace has ${found.node.sha256} for ${found.output}`,
        422,
      );
    if ((await storedTensorBytes(db, found.id)) + expected > tensorLimits.perRunBytes)
      return refuse(
        c,
        `run ${found.id}: its tensors would pass ${tensorLimits.perRunBytes} bytes, the most one run may store`,
        413,
      );
    const stored = await putTensor(db, {
      runId: found.id,
      configId: found.config,
      output: found.output,
      data,
    });
    return c.json({ runId: found.id, output: found.output, stored }, stored === 'created' ? 201 : 200);
  });

  api.get('/runs/:id/tensors', async (c) => {
    const found = await traced(c);
    if ('refusal' in found) return found.refusal;
    const data = await getTensor(db, found.id, found.config, found.output);
    if (!data)
      return refuse(c, `run ${found.id} has no stored tensor for ${found.config} ${found.output}`, 404);
    c.header('content-type', 'application/octet-stream');
    c.header('x-tensor-dtype', found.node.dtype);
    c.header('x-tensor-shape', JSON.stringify(found.node.shape));
    return c.body(data.slice().buffer);
  });
}

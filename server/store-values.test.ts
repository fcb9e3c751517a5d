import fc from 'fast-check';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { sameJson } from '../src/core/canonical-json';
import { runResultSchema } from '../src/core/result-schema';
import { arbitraryFromJsonSchema, toJsonText, type JsonSchema } from './test/arbitrary-from-json-schema';
import { describeEachStore, json, postRun } from './test/store-backends';

const recordSchema = z.toJSONSchema(runResultSchema, { io: 'input' }) as JsonSchema;
/** Per record: clean, one hostile leaf now and then, or many. */
const records = fc
  .constantFrom(0, 3, 60)
  .chain((hostility) => arbitraryFromJsonSchema(recordSchema, hostility));

/** Every key order reversed, at every depth: the same record to canonical equality. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)]),
  );
}

/**
 * "configs.1.configId: appears twice", `configs.0.runtime.flags["a: b"]: …`: a 4xx names the field it
 * refuses (a key that is not a plain name quoted).
 */
const namesAField = (error: unknown) =>
  typeof error === 'string' && /^(?:[^:;"[]|\["(?:[^"\\]|\\.)*"\])+: \S/.test(error);

describeEachStore(
  'store values',
  (server) => {
    it('answers any record the schema describes, or a hostile variant, with 2xx or a 4xx naming a field; what it acknowledged reads back equal', async () => {
      const tally = { stored: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(records, async (record) => {
          const text = toJsonText(record);
          const response = await postRun(server(), text);
          const body = await json<{ error?: string; runId?: string }>(response);
          expect(response.status, JSON.stringify(body)).toBeLessThan(500);
          if (response.status >= 400) {
            expect(namesAField(body.error), JSON.stringify(body)).toBe(true);
            tally.refused++;
            return;
          }
          tally.stored++;
          const sent: unknown = JSON.parse(text);
          const stored = await json<unknown>(fetch(`${server().url}api/runs/${body.runId}`));
          expect(sameJson(stored, sent), `${JSON.stringify(stored)}\n!=\n${text}`).toBe(true);
          // The same record, keys in another order, is "already stored".
          expect((await postRun(server(), reversedKeys(sent))).status).toBe(200);
        }),
        { numRuns: 60 },
      );
      // Both kinds of answer were exercised.
      expect(tally.stored).toBeGreaterThan(5);
      expect(tally.refused).toBeGreaterThan(5);
    }, 300_000);

    it('answers hostile filters, cursors and device names with 2xx or a 4xx naming the parameter', async () => {
      const hostile = fc.oneof(
        fc.constantFrom(
          '\u0000',
          'a\ud800',
          '0000-01-01T00:00:00Z',
          '9999-12-31T23:59:59Z',
          '2030-02-30T00:00:00Z',
          '',
          '-'.repeat(36),
        ),
        fc.string({ maxLength: 40 }),
      );
      /** As a query value: percent-encoded UTF-8, or bytes that are not UTF-8 at all (a lone surrogate's, 0xFF, a bare %). */
      const query = fc.oneof(
        hostile.filter((v) => !/\p{Surrogate}/u.test(v)).map(encodeURIComponent),
        fc.constantFrom('%ED%A0%80', '%FF', '%', 'a%ZZ', '%00'),
      );
      const cursor = fc
        .tuple(fc.oneof(hostile, fc.constant('2030-01-01T00:00:00.000Z')), fc.oneof(hostile, fc.uuid()))
        .map(([date, id]) => Buffer.from(`${date}|${id}`).toString('base64url'));
      const param = fc.constantFrom('model', 'config', 'device', 'browser', 'campaign', 'from', 'to');
      await fc.assert(
        fc.asyncProperty(param, query, cursor, async (key, value, after) => {
          for (const path of [
            `api/runs?${key}=${value}`,
            `api/fleet?${key}=${value}`,
            `api/runs?cursor=${after}`,
          ]) {
            const response = await fetch(server().url + path);
            const body = await json<{ error?: string; runId?: string }>(response);
            expect(response.status, `${path}: ${JSON.stringify(body)}`).toBeLessThan(500);
            if (response.status >= 400) expect(namesAField(body.error), JSON.stringify(body)).toBe(true);
          }
          const device = await postRun(server(), '{}', {}, `?device=${value}`);
          expect(device.status).toBeLessThan(500);
        }),
        { numRuns: 40 },
      );
    }, 300_000);
  },
  // Shrinking a counterexample posts hundreds of records a minute: a 429 would hide the real failure.
  { rateLimits: { reads: 1_000_000, writes: 1_000_000 } },
);

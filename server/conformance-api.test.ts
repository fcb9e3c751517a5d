import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validRunResult } from '../src/core/result-schema.test-fixture';
import {
  countStatuses,
  type CaseResult,
  type ConformanceRecord,
} from '../src/core/conformance/conformance-schema';
import type { RunningServer } from './start-server';
import { freshServer, json, testToken, type ErrorAnswer } from './test/store-backends';

function record(cases: CaseResult[]): ConformanceRecord {
  return {
    schemaVersion: 1,
    suiteId: randomUUID(),
    suite: 'onnx-node-tests',
    referenceConfigId: null,
    startedAt: '2026-12-01T21:00:00.000Z',
    durationMs: 1200,
    environment: validRunResult().environment,
    configs: ['ort-wasm', 'ort-webgpu'].map((configId) => ({
      configId,
      unavailable: null,
      libraryVersion: '1.30.0',
      counts: countStatuses(cases.filter((c) => c.configId === configId)),
      durationMs: 600,
    })),
    cases,
  };
}

const result = (op: string, configId: string, status: CaseResult['status']): CaseResult => ({
  caseId: `test_${op.toLowerCase()}`,
  op,
  configId,
  status,
  maxAbsError: status === 'wrong' ? 0.5 : 0,
  detail: status === 'pass' ? null : 'y: 1 of 4 values out of tolerance',
  ms: 3,
});

describe('conformance API (PGlite)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await freshServer(undefined);
    // PGlite's start and migrations take seconds on a loaded machine.
  }, 60_000);
  afterAll(async () => server?.close());

  const post = (body: unknown, token = testToken) =>
    fetch(`${server.url}api/conformance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });

  it('stores a record once (201, then 200), refuses other content under its id (409), and serves it back', async () => {
    const suite = record([result('Cast', 'ort-wasm', 'pass'), result('Cast', 'ort-webgpu', 'wrong')]);
    expect((await post(suite)).status).toBe(201);
    expect((await post(suite)).status).toBe(200);
    expect((await post({ ...suite, durationMs: 5 })).status).toBe(409);
    expect(await (await fetch(`${server.url}api/conformance/${suite.suiteId}`)).json()).toEqual(suite);
  });

  it('refuses a bad record naming the field, and a write without the token', async () => {
    const bad = await post({ ...record([]), schemaVersion: 99 });
    expect(bad.status).toBe(422);
    expect((await json<ErrorAnswer>(bad)).error).toContain('schemaVersion');
    const wrongStatus = record([{ ...result('Add', 'ort-wasm', 'pass'), status: 'great' as 'pass' }]);
    expect((await json<ErrorAnswer>(post(wrongStatus))).error).toContain('cases.0.status');
    expect((await post(record([]), 'wrong-token')).status).toBe(401);
  });

  it('gives the fleet an operator × device view', async () => {
    const response = await fetch(`${server.url}api/conformance?op=Cast`);
    const { cells } = await json<{ cells: { configId: string; counts: { pass: number; wrong: number } }[] }>(
      response,
    );
    expect(
      cells.map((c: { configId: string; counts: { pass: number; wrong: number } }) => [
        c.configId,
        c.counts.pass,
        c.counts.wrong,
      ]),
    ).toEqual([
      ['ort-wasm', 1, 0],
      ['ort-webgpu', 0, 1],
    ]);
  });
});

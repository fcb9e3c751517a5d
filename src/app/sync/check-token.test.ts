import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServer, testToken } from '../../../server/test/store-backends';
import type { RunningServer } from '../../../server/start-server';
import { checkToken } from './check-token';

describe('checkToken, against a real store', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await freshServer(undefined);
  });
  afterAll(() => server?.close());

  it('accepts the lab token, refuses a wrong one, and stores nothing either way', async () => {
    expect(await checkToken(server.url, testToken)).toEqual({ kind: 'accepted' });
    expect(await checkToken(server.url, 'wrong-token')).toEqual({
      kind: 'refused',
      reason: 'the store refuses this lab token (HTTP 401)',
    });
    const runs = (await fetch(`${server.url}api/runs`).then((r) => r.json())) as { runs: unknown[] };
    expect(runs.runs).toEqual([]);
  });

  it('says when the store cannot be asked', async () => {
    expect((await checkToken('http://127.0.0.1:9/', testToken)).kind).toBe('unknown');
  });
});

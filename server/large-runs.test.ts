import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { describeEachStore, type ErrorAnswer, json, postRun, testToken } from './test/store-backends';
import { realShapedRun } from './test/real-shaped-run';

describeEachStore('large runs', (server) => {
  it('stores a real-shaped 4,500-image run sent gzip-compressed, once, and gives it back whole', async () => {
    const run = realShapedRun(4500);
    const text = JSON.stringify(run);
    expect(text.length).toBeGreaterThan(16 * 1024 * 1024);
    // As sent uncompressed it is over the 16 MiB body limit, naming the body.
    const plain = await postRun(server(), text);
    expect([plain.status, (await json<ErrorAnswer>(plain)).error]).toEqual([
      413,
      expect.stringMatching(/^body: /),
    ]);
    const gzipped = gzipSync(text);
    const post = () =>
      fetch(`${server().url}api/runs`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          authorization: `Bearer ${testToken}`,
        },
        body: gzipped,
      });
    expect((await post()).status).toBe(201);
    expect((await post()).status).toBe(200);
    const back = await (await fetch(`${server().url}api/runs/${run.runId}`)).json();
    expect(back).toEqual(run);
  }, 300_000);
});

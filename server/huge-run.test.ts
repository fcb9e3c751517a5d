import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImageResult } from '../src/core/result-schema';
import { createStoreClient } from '../src/lab/sync/store-client';
import { killProcess, startServerProcess } from '../e2e/support/server-process';
import { freePort } from '../test-support/free-port';
import { backends, freshDatabase, testToken } from './test/store-backends';
import { noise, realShapedImage, realShapedRun } from './test/real-shaped-run';

const imageCount = 50_000;
const partImages = 1000;
const heapLimitMb = 192;

/** Resident memory of a process, now and at its peak (/proc: Linux). */
async function memoryOf(pid: number): Promise<{ rssBytes: number; peakBytes: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
  return { rssBytes: kb('VmRSS'), peakBytes: kb('VmHWM') };
}

describe.each(backends)("ImageNet's 50,000-image validation run on $name", ({ name, databaseUrl }) => {
  if (name === 'PostgreSQL' && !databaseUrl) {
    it.skip('needs DATABASE_URL_TEST (a throwaway PostgreSQL; .ci/start-postgres.sh prints one)', () => {});
    return;
  }

  it('goes up in parts and reads back whole, the server holding a part at a time, never the run', async () => {
    const database = databaseUrl ? await freshDatabase(databaseUrl) : null;
    const saved = process.env.DATABASE_URL;
    if (database) process.env.DATABASE_URL = database.url;
    const child = await startServerProcess({
      dataDir: await mkdtemp(join(tmpdir(), 'crosscheck-huge-')),
      token: testToken,
      port: await freePort(),
      storeOnly: true,
      // A V8 heap smaller than the run: a server that held the run (or its JSON) would run out of memory.
      nodeArgs: [`--max-old-space-size=${heapLimitMb}`],
    }).finally(() => {
      if (database) process.env.DATABASE_URL = saved;
    });
    try {
      const pid = child.process.pid!;
      const header = { ...realShapedRun(0, 50), images: [] };
      header.imageSet = { ...header.imageSet, count: imageCount };
      const client = createStoreClient({
        baseUrl: child.url,
        settings: () => ({ token: testToken, deviceName: '' }),
      });
      // A warm-up run, so the baseline includes what the server keeps whatever the run's size.
      expect((await client.postRun(realShapedRun(200, 51))).status).toBe(201);
      const before = await memoryOf(pid);

      // Parts are made as they are sent: the test does not hold the run either.
      let runJsonBytes = 0;
      const random = noise(52);
      function* parts(): Generator<ImageResult[]> {
        for (let start = 0; start < imageCount; start += partImages) {
          const images = Array.from({ length: partImages }, (_, i) => realShapedImage(start + i, random));
          runJsonBytes += JSON.stringify(images).length;
          yield images;
        }
      }
      const done = await client.postRunInParts({
        header,
        imageCount,
        partCount: imageCount / partImages,
        parts: parts(),
      });
      expect([done.status, await done.json()]).toEqual([
        201,
        { runId: header.runId, stored: 'stored', complete: true },
      ]);
      // About 290 MB of JSON: past one 16 MiB body, PostgreSQL's 255 MB jsonb value and the server's heap.
      expect(runJsonBytes).toBeGreaterThan(Math.max(255_000_000, heapLimitMb * 1024 * 1024));

      // Read back as a stream: every image once, in order.
      const response = await fetch(`${child.url}api/runs/${header.runId}`);
      expect(response.status).toBe(200);
      const decoder = new TextDecoder();
      let carry = '';
      let names = 0;
      let lastName = '';
      // Node's fetch types the body's chunks any; they are bytes.
      const reader = response.body!.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        const text = carry + decoder.decode(read.value as Uint8Array, { stream: true });
        let lastEnd = 0;
        for (const match of text.matchAll(/ILSVRC2012_val_\d{8}/g)) {
          names++;
          lastName = match[0];
          lastEnd = match.index + match[0].length;
        }
        // A name cut by the chunk boundary is at most 22 characters: kept for the next chunk.
        carry = text.slice(Math.max(lastEnd, text.length - 22));
      }
      expect([names, lastName]).toEqual([imageCount, 'ILSVRC2012_val_00050000']);

      // The server lived through it on a heap smaller than the run; its resident memory, for the record.
      const after = await memoryOf(pid);
      expect(child.process.exitCode).toBeNull();
      console.log(
        `${name}: server RSS ${Math.round(before.rssBytes / 1e6)} MB before, peak ${Math.round(after.peakBytes / 1e6)} MB (V8 heap capped at ${heapLimitMb} MiB); run ${Math.round(runJsonBytes / 1e6)} MB of JSON`,
      );
    } finally {
      await killProcess(child.process);
      await database?.drop();
    }
  }, 1_200_000);
});

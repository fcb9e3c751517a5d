import { refusalOf } from '../../core/error-answer';
import type { ImageResult, RunResult } from '../../core/result-schema';
import type { LabSettings } from './lab-settings';

/** A write was asked for before anyone entered the lab token: nothing was sent. */
export class NoLabTokenError extends Error {
  constructor() {
    super('waiting for the lab token');
  }
}

export interface StoreClientOptions {
  /** The store's base URL, e.g. https://lab.local:8080/ (the page's own origin on the page). */
  baseUrl: string;
  /** The lab token and device name, read at each call so that a token entered later is used at once. */
  settings: () => Promise<LabSettings> | LabSettings;
  fetch?: typeof fetch;
  /**
   * Bodies longer than this many characters go gzip-compressed: the store takes 16 MiB as sent, and
   * a run record shrinks about 4× (the threshold is in UTF-16 units, a lower bound on UTF-8 bytes).
   */
  gzipAbove?: number;
  /**
   * Runs with more images than `partsAbove` (default 5,000: about 28 MB of JSON, 6.5 MB gzipped) go
   * up in parts of `partImages` images (default 2,000): a 50,000-image run is past what one body,
   * or one jsonb value, holds. docs/store.md, "Large runs".
   */
  partsAbove?: number;
  partImages?: number;
}

/** A run sent in parts: its header (the record with `images: []`) and its images, a part at a time. */
export interface RunInParts {
  header: RunResult;
  imageCount: number;
  partCount: number;
  parts: Iterable<ImageResult[]> | AsyncIterable<ImageResult[]>;
}

/** Every request to the shared store goes through one of these: the outbox, the service worker, the CLI, the views. */
export interface StoreClient {
  /** Whether a store answers at this address (`GET /api/health`, open even with `--private-reads`). */
  health(): Promise<boolean>;
  /** A JSON document (`path` relative to the store); the store's message when it refuses. */
  get<T>(path: string, params?: Record<string, string | undefined>): Promise<T>;
  /** POST a JSON body with the lab token; the answer's JSON, or the store's message when it refuses. */
  post<T>(path: string, body: unknown): Promise<T>;
  /**
   * One upload of a run (linked to a campaign when given), as the store answered it: retrying is the
   * caller's decision (the outbox's). Throws NoLabTokenError without a token, and fetch's error when
   * the store is unreachable.
   */
  postRun(record: RunResult, campaignId?: string | null): Promise<Response>;
  /**
   * A run in parts: the header, then each part (each idempotent on the store, so sending the whole
   * upload again after a failure is safe). The first refusal, or the answer that completed the run.
   */
  postRunInParts(run: RunInParts, campaignId?: string | null): Promise<Response>;
  /**
   * One traced output's full tensor, with the lab token (docs/cross-device-localization.md): the store
   * takes only the bytes whose sha256 the run's trace holds. Its answer, or its refusal as an error.
   */
  putTensor(
    which: { runId: string; configId: string; output: string },
    data: Uint8Array<ArrayBuffer>,
  ): Promise<{ stored: 'created' | 'exists' }>;
}

async function gzip(text: string): Promise<ArrayBuffer> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

export function createStoreClient(options: StoreClientOptions): StoreClient {
  const send = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const gzipAbove = options.gzipAbove ?? 1024 * 1024;
  const partsAbove = options.partsAbove ?? 5000;
  const partImages = options.partImages ?? 2000;
  const url = (path: string, params: Record<string, string | null | undefined> = {}) => {
    const target = new URL(path.replace(/^\//, ''), options.baseUrl);
    for (const [k, v] of Object.entries(params)) if (v) target.searchParams.set(k, v);
    return target;
  };
  const auth = (token: string): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
  const answerOf = async <T>(response: Response, target: URL): Promise<T> => {
    if (!response.ok) throw new Error(`${target.pathname}: ${await refusalOf(response)}`);
    return (await response.json()) as T;
  };
  const sendJson = async (method: 'POST' | 'PUT', target: URL, body: unknown, token: string) => {
    const text = JSON.stringify(body);
    const large = text.length > gzipAbove;
    return send(target, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(large ? { 'content-encoding': 'gzip' } : {}),
        ...auth(token),
      },
      body: large ? await gzip(text) : text,
    });
  };
  const writeSettings = async () => {
    const settings = await options.settings();
    if (!settings.token) throw new NoLabTokenError();
    return settings;
  };

  const client: StoreClient = {
    async health() {
      const response = await send(url('api/health')).catch(() => null);
      const body: unknown = await response?.json().catch(() => null);
      return response?.ok === true && (body as { ok?: unknown } | null)?.ok === true;
    },
    async get<T>(path: string, params: Record<string, string | undefined> = {}) {
      const target = url(path, params);
      // With --private-reads reads need the token too; it is sent whenever there is one.
      const { token } = await options.settings();
      return answerOf<T>(await send(target, { headers: auth(token) }), target);
    },
    async post<T>(path: string, body: unknown) {
      const target = url(path);
      const { token } = await options.settings();
      return answerOf<T>(await sendJson('POST', target, body, token), target);
    },
    async postRun(record, campaignId) {
      if (record.images.length > partsAbove) {
        const partCount = Math.ceil(record.images.length / partImages);
        return client.postRunInParts(
          {
            header: { ...record, images: [] },
            imageCount: record.images.length,
            partCount,
            parts: Array.from({ length: partCount }, (_, i) =>
              record.images.slice(i * partImages, (i + 1) * partImages),
            ),
          },
          campaignId,
        );
      }
      const { token, deviceName } = await writeSettings();
      return sendJson('POST', url('api/runs', { device: deviceName, campaign: campaignId }), record, token);
    },
    async putTensor({ runId, configId, output }, data) {
      const { token } = await writeSettings();
      const target = url(`api/runs/${runId}/tensors`, { config: configId, output });
      const headers = { 'content-type': 'application/octet-stream', ...auth(token) };
      return answerOf(await send(target, { method: 'PUT', headers, body: data }), target);
    },
    async postRunInParts(run, campaignId) {
      const { token, deviceName } = await writeSettings();
      const { runId } = run.header;
      const plan = { parts: String(run.partCount), images: String(run.imageCount) };
      const header = await sendJson(
        'PUT',
        url(`api/runs/${runId}/header`, { ...plan, device: deviceName, campaign: campaignId }),
        run.header,
        token,
      );
      const headerAnswer: unknown = header.ok ? await header.clone().json() : null;
      if (!header.ok || (headerAnswer as { complete?: unknown }).complete === true) return header;
      let last = header;
      let index = 0;
      for await (const images of run.parts) {
        last = await sendJson('PUT', url(`api/runs/${runId}/parts/${index++}`), { images }, token);
        if (!last.ok) return last;
      }
      return last;
    },
  };
  return client;
}

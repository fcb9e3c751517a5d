import { refusalOf } from '../../core/error-answer';
import type { RunResult } from '../../core/result-schema';
import { labSettings, type LabSettings } from './lab-settings';

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
}

async function gzip(text: string): Promise<ArrayBuffer> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

export function createStoreClient(options: StoreClientOptions): StoreClient {
  const send = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const gzipAbove = options.gzipAbove ?? 1024 * 1024;
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

  return {
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
      const headers = { 'content-type': 'application/json', ...auth(token) };
      return answerOf<T>(await send(target, { method: 'POST', headers, body: JSON.stringify(body) }), target);
    },
    async postRun(record, campaignId) {
      const { token, deviceName } = await options.settings();
      if (!token) throw new NoLabTokenError();
      const text = JSON.stringify(record);
      const large = text.length > gzipAbove;
      return send(url('api/runs', { device: deviceName, campaign: campaignId }), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(large ? { 'content-encoding': 'gzip' } : {}),
          ...auth(token),
        },
        body: large ? await gzip(text) : text,
      });
    },
  };
}

let originClient: StoreClient | undefined;

/**
 * The store this page (or service worker) was served by, with the lab settings this device keeps in
 * IndexedDB: the one client the page's views, its outbox and the service worker share.
 */
export function originStore(): StoreClient {
  originClient ??= createStoreClient({
    baseUrl: new URL('/', location.href).href,
    settings: () => labSettings().read(),
  });
  return originClient;
}

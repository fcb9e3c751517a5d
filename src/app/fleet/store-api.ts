import { originStore } from '../../lab/sync/origin-store';

/** GET a JSON document from the store this page came from; the server's error message when it refuses. */
export const getJson = <T>(path: string, params: Record<string, string | undefined> = {}): Promise<T> =>
  originStore().get<T>(path, params);

/** POST a JSON document to the store this page came from, with the lab token; its answer or its refusal. */
export const postJson = <T>(path: string, body: unknown): Promise<T> => originStore().post<T>(path, body);

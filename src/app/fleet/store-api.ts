import { refusalOf } from '../../core/error-answer';
import { savedLabToken } from '../sync/lab-settings';

/** GET a JSON document from the same-origin store; the server's error message when it refuses. */
export async function getJson<T>(path: string, params: Record<string, string | undefined> = {}): Promise<T> {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) if (v) url.searchParams.set(k, v);
  const token = savedLabToken();
  const response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  if (!response.ok) throw new Error(`${url.pathname}: ${await refusalOf(response)}`);
  return (await response.json()) as T;
}

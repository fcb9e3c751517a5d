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

/** POST a JSON record to the same-origin store with this device's lab token; the server's answer or its refusal. */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const token = localStorage.getItem('crosscheck-lab-token');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(new URL(path, location.origin), {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${await refusalOf(response)}`);
  return (await response.json()) as T;
}

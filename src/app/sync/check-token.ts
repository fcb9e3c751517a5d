/** What the store said of a lab token: accepted, refused, or could not be asked (and why). */
export type TokenCheck =
  { kind: 'accepted' } | { kind: 'refused'; reason: string } | { kind: 'unknown'; reason: string };

/**
 * Asks the store whether it accepts `token` without storing anything: an empty record is refused as
 * invalid (422) only after the token passed, and with 401/403 when it did not.
 */
export async function checkToken(
  storeUrl: string,
  token: string,
  fetchFn: typeof fetch = fetch,
): Promise<TokenCheck> {
  if (!token) return { kind: 'refused', reason: 'no lab token entered' };
  const response = await fetchFn(new URL('api/runs', storeUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: '{}',
  }).catch((error: Error) => error);
  if (response instanceof Error) return { kind: 'unknown', reason: `store unreachable: ${response.message}` };
  if (response.status === 401 || response.status === 403) {
    return { kind: 'refused', reason: `the store refuses this lab token (HTTP ${response.status})` };
  }
  if (response.status === 422 || response.status === 400) return { kind: 'accepted' };
  return { kind: 'unknown', reason: `the store answered HTTP ${response.status}` };
}

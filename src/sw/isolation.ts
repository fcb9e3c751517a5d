/**
 * Cross-origin isolation (SharedArrayBuffer, so wasm threads) needs these headers on the document and on
 * every worker script. A response that comes out of Cache Storage may have lost them, so each response
 * the service worker hands out is rebuilt with them.
 */
export const isolationHeaders: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function withIsolation(response: Response): Response {
  // Opaque and redirected responses cannot be rebuilt; they are same-origin-only in this app anyway.
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(isolationHeaders)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

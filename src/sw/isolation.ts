import { isolationHeaders } from '../core/isolation-headers';

/**
 * A response that comes out of Cache Storage may have lost the isolation headers, so each response the
 * service worker hands out is rebuilt with them.
 */
export function withIsolation(response: Response): Response {
  // Opaque and redirected responses cannot be rebuilt; they are same-origin-only in this app anyway.
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0)
    return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(isolationHeaders)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

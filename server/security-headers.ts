import type { MiddlewareHandler } from 'hono';
import { isolationHeaders } from '../src/core/isolation-headers';

/**
 * The app needs wasm compilation (TF.js and ORT), workers, and blob: workers and scripts (TF.js's
 * wasm threads start from a blob); nothing else runs, loads or frames it from elsewhere.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data:",
  "img-src 'self' blob: data:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Cross-origin isolation (SharedArrayBuffer for wasm threads) plus the usual hardening, on every response. */
export const securityHeaders: Record<string, string> = {
  ...isolationHeaders,
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export const withSecurityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  for (const [name, value] of Object.entries(securityHeaders)) c.header(name, value);
};

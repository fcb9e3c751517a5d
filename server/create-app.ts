import { relative } from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { createApi, type ApiOptions } from './api/create-api';
import { withSecurityHeaders } from './security-headers';
import { lanRoutes, type LanOptions } from './tls/lan-routes';

/** The whole site: the JSON API under /api and the built PWA from `distDir`, with the page routes. */
export function createApp(options: ApiOptions & { distDir: string; lan: LanOptions }): Hono {
  const app = new Hono();
  app.use(withSecurityHeaders);
  // Before the API, whose access rules (--private-reads) must not stop a phone setting itself up.
  app.route('/api/lan', lanRoutes(options.lan));
  app.route('/api', createApi(options));
  const root = relative(process.cwd(), options.distDir) || '.';
  app.use('*', serveStatic({ root }));
  // Client-side routes (campaign links, the fleet page) are the app's index.html.
  app.get('/c/*', serveStatic({ root, path: 'index.html' }));
  app.get('/fleet', serveStatic({ root, path: 'index.html' }));
  app.get('/lan', serveStatic({ root, path: 'index.html' }));
  app.notFound((c) => c.json({ error: `not found: ${c.req.path}` }, 404));
  app.onError((error, c) => {
    // Logged here, never sent: a client sees no stack trace or internals.
    console.error(`store: ${c.req.method} ${c.req.path}: ${error.stack ?? error.message}`);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}

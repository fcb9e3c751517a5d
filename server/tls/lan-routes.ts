import { Hono } from 'hono';
import { lanUrls } from './lan-names';

export interface LanOptions {
  /** The server listens on the LAN (--host), so other devices can reach it. */
  onLan: boolean;
  /** The local CA, when the server speaks HTTPS (--https). */
  ca?: { cert: string; fingerprint: string };
}

/**
 * Public, even with --private-reads: a phone needs these before it has the lab token.
 * GET /api/lan: the LAN URLs (for the QR code) and the CA's fingerprint; GET /api/lan/ca.crt: the CA certificate.
 */
export function lanRoutes(options: LanOptions): Hono {
  const app = new Hono();
  app.get('/', (c) => {
    const port = Number(new URL(c.req.url).port || (options.ca ? 443 : 80));
    return c.json({
      urls: options.onLan ? lanUrls(options.ca ? 'https' : 'http', port) : [],
      https: options.ca !== undefined,
      caFingerprint: options.ca?.fingerprint ?? null,
    });
  });
  app.get('/ca.crt', (c) => {
    if (!options.ca) return c.json({ error: 'no local CA: this server was started without --https' }, 404);
    // This type makes iOS Safari offer the certificate as a profile to install; elsewhere it is a download.
    c.header('Content-Type', 'application/x-x509-ca-cert');
    c.header('Content-Disposition', 'attachment; filename="crosscheck-ca.crt"');
    return c.body(options.ca.cert);
  });
  return app;
}

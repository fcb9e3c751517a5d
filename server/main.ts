import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import { resolve } from 'node:path';
import { rateLimitsFromOptions } from './api/rate-limits';
import { labMounts } from './folder-mounts';
import { lanUrls } from './tls/lan-names';
import { startServer } from './start-server';

const usage = `usage: npm start -- [--port N] [--host] [--https] [--private-reads] [--data <dir>] [--no-build]
  --host           listen on the network (LAN), not only on this machine
  --https          serve HTTPS with a certificate from a local CA kept in ./data/tls (phones need a secure
                   context); install the CA once on each device from <url>/lan (docs/lan.md)
  --tls-name <dns> one more DNS name for the HTTPS certificate (a local DNS name of this machine; repeatable)
  --private-reads  reads need the lab token too
  --data <dir>     where the embedded store, lab token and certificate live (default ./data)
  --no-build       serve dist/ as it is (by default it is rebuilt when the app's sources are newer)
  --read-limit N       GETs a minute per client address (default 1200)
  --write-limit N      writes with the lab token a minute per address and device name (default 600)
  --auth-fail-limit N  requests with a wrong or missing lab token a minute per address (default 60)
  env: DATABASE_URL (PostgreSQL instead of embedded PGlite in ./data), CROSSCHECK_TOKEN (the lab token)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      host: { type: 'boolean', default: false },
      https: { type: 'boolean', default: false },
      'tls-name': { type: 'string', multiple: true, default: [] },
      'private-reads': { type: 'boolean', default: false },
      data: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      'read-limit': { type: 'string' },
      'write-limit': { type: 'string' },
      'auth-fail-limit': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(usage);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got "${values.port}"`);
  const rateLimits = rateLimitsFromOptions(values);
  const dataDir = values.data ? resolve(values.data) : undefined;
  const server = await startServer({
    build: values['no-build'] ? 'if-missing' : 'if-stale',
    mounts: labMounts(),
    port,
    host: values.host ? '0.0.0.0' : '127.0.0.1',
    https: values.https,
    tlsNames: values['tls-name'],
    privateReads: values['private-reads'],
    dataDir,
    databaseUrl: process.env.DATABASE_URL,
    token: process.env.CROSSCHECK_TOKEN,
    rateLimits,
  });
  const dataShown = values.data ?? './data';
  console.log(
    `Crosscheck store (${server.db.kind === 'pglite' ? `embedded PGlite in ${dataShown}/pglite` : 'PostgreSQL at DATABASE_URL'})`,
  );
  console.log(`  this machine: ${server.url}`);
  const lan = values.host ? lanUrls(server.tls ? 'https' : 'http', server.port) : [];
  for (const url of lan) console.log(`  network:      ${url}`);
  if (server.tls) {
    const ca = server.tls.caCreated ? 'new local CA (install it on each device)' : 'local CA';
    console.log(`  ${ca}: ${server.tls.caPath ?? 'in memory'}, SHA-256 ${server.tls.caFingerprint}`);
  }
  // With HTTPS the QR code opens the set-up page: the CA to install, then the checks.
  const qrUrl = server.tls ? `${lan[0]}lan` : lan[0];
  if (lan[0]) console.log(await QRCode.toString(qrUrl, { type: 'terminal', small: true }));
  if (server.tokenCreated)
    console.log(
      `  new lab token (kept in ${dataShown}/lab-token; enter it once on each device): ${server.token}`,
    );
  else console.log(`  lab token: in ${dataShown}/lab-token (or CROSSCHECK_TOKEN)`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
  console.error(`store: ${error.message}`);
  process.exit(1);
});

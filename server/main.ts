import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import { resolve } from 'node:path';
import { labMounts } from './folder-mounts';
import { lanAddresses } from './self-signed';
import { startServer } from './start-server';

const usage = `usage: npm start -- [--port N] [--host] [--https] [--private-reads] [--data <dir>] [--no-build]
  --host           listen on the network (LAN), not only on this machine
  --https          serve HTTPS with a self-signed certificate kept in ./data/tls (phones need a secure context)
  --private-reads  reads need the lab token too
  --data <dir>     where the embedded store, lab token and certificate live (default ./data)
  --no-build       serve dist/ as it is (by default it is rebuilt when the app's sources are newer)
  env: DATABASE_URL (PostgreSQL instead of embedded PGlite in ./data), CROSSCHECK_TOKEN (the lab token)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      host: { type: 'boolean', default: false },
      https: { type: 'boolean', default: false },
      'private-reads': { type: 'boolean', default: false },
      data: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(usage);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got "${values.port}"`);
  const dataDir = values.data ? resolve(values.data) : undefined;
  const server = await startServer({
    build: values['no-build'] ? 'if-missing' : 'if-stale',
    mounts: labMounts(),
    port,
    host: values.host ? '0.0.0.0' : '127.0.0.1',
    https: values.https,
    privateReads: values['private-reads'],
    dataDir,
    databaseUrl: process.env.DATABASE_URL,
    token: process.env.CROSSCHECK_TOKEN,
  });
  const dataShown = values.data ?? './data';
  console.log(`Crosscheck store (${server.db.kind === 'pglite' ? `embedded PGlite in ${dataShown}/pglite` : 'PostgreSQL at DATABASE_URL'})`);
  console.log(`  this machine: ${server.url}`);
  const scheme = values.https ? 'https' : 'http';
  const lan = values.host ? lanAddresses().map((ip) => `${scheme}://${ip}:${server.port}/`) : [];
  for (const url of lan) console.log(`  network:      ${url}`);
  if (lan[0]) console.log(await QRCode.toString(lan[0], { type: 'terminal', small: true }));
  if (server.tokenCreated) console.log(`  new lab token (kept in ${dataShown}/lab-token; enter it once on each device): ${server.token}`);
  else console.log(`  lab token: in ${dataShown}/lab-token (or CROSSCHECK_TOKEN)`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
  console.error(`store: ${error.message}`);
  process.exit(1);
});

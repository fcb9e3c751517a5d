import { parseArgs } from 'node:util';
import { startServer } from '../start-server';

/** `npm start` minus the app build, as a process a test can SIGKILL: prints its URL like main.ts. */
const { values } = parseArgs({
  options: { port: { type: 'string', default: '0' }, data: { type: 'string' } },
});
try {
  const server = await startServer({
    port: Number(values.port),
    dataDir: values.data,
    token: process.env.CROSSCHECK_TOKEN,
  });
  console.log(`  this machine: ${server.url}`);
  // A clean exit on SIGTERM, so a --cpu-prof profile gets written.
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
} catch (error) {
  console.error(`store: ${(error as Error).message}`);
  process.exit(1);
}

import { parseArgs } from 'node:util';
import { startServer } from '../start-server';

/**
 * `npm start` minus the app build, as a process a test can SIGKILL or a bench can load: prints its
 * URL like main.ts. DATABASE_URL, CROSSCHECK_TOKEN and CROSSCHECK_DIST (the static files) from the environment.
 */
const { values } = parseArgs({
  options: { port: { type: 'string', default: '0' }, data: { type: 'string' } },
});
const { DATABASE_URL: databaseUrl, CROSSCHECK_TOKEN: token, CROSSCHECK_DIST: distDir } = process.env;
try {
  const server = await startServer({
    port: Number(values.port),
    dataDir: values.data,
    databaseUrl,
    token,
    distDir,
  });
  console.log(`  this machine: ${server.url}`);
  // A clean exit on SIGTERM, so a --cpu-prof profile gets written.
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
} catch (error) {
  console.error(`store: ${(error as Error).message}`);
  process.exit(1);
}

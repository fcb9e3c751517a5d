import { buildApp } from '../../server/app-build';

/** Every spec serves the same production build of the current sources; build it once per run. */
export default async function buildOnce(): Promise<void> {
  await buildApp('always');
}

import { build } from 'vite';

/** Every spec serves the same production build; build it once. */
export default async function buildOnce(): Promise<void> {
  await build({ root: new URL('../..', import.meta.url).pathname, logLevel: 'warn' });
}

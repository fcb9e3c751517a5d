/**
 * Runtimes report silent fallbacks and failed initialisation only on the console. Capture what they
 * print during one call so the lab can record it instead of losing it.
 */
export async function captureConsole<T>(run: () => Promise<T>): Promise<{ value: T; messages: string[] }> {
  const messages: string[] = [];
  const levels = ['log', 'info', 'warn', 'error', 'debug'] as const;
  // Kept only to be put back on console, so they are never called without it.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const originals = levels.map((level) => console[level]);
  levels.forEach((level, i) => {
    console[level] = (...args: unknown[]) => {
      messages.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
      originals[i].apply(console, args);
    };
  });
  try {
    return { value: await run(), messages };
  } finally {
    levels.forEach((level, i) => (console[level] = originals[i]));
  }
}

const levels = ['log', 'info', 'warn', 'error', 'debug'] as const;
/** The captures in progress; every message goes to each of them. */
const sinks = new Set<string[]>();
let installed = false;

/**
 * Patched once and left in place: a runtime may bind `console.error` when it first starts (ORT's
 * Emscripten module does), so a capture that swapped the functions in and out would see only the first
 * call's messages, and every later one would land in that first, finished capture.
 */
function install(): void {
  if (installed) return;
  installed = true;
  for (const level of levels) {
    // Kept only to be called with console as `this` below.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const original = console[level];
    console[level] = (...args: unknown[]) => {
      if (sinks.size) {
        const text = args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
        for (const sink of sinks) sink.push(text);
      }
      original.apply(console, args);
    };
  }
}

/**
 * Runtimes report silent fallbacks and failed initialisation only on the console. Capture what they
 * print during one call so the lab can record it instead of losing it.
 */
export async function captureConsole<T>(run: () => Promise<T>): Promise<{ value: T; messages: string[] }> {
  install();
  const messages: string[] = [];
  sinks.add(messages);
  try {
    return { value: await run(), messages };
  } finally {
    sinks.delete(messages);
  }
}

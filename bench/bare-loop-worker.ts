import type { BareLoopReply, BareLoopRequest } from './bare-loop-protocol';

/**
 * The bare loop's dedicated module worker: one request in, one reply out, plain postMessage. It imports
 * only the runtime asked for, as the lab's workers do, so neither carries the other's library.
 */
self.addEventListener('message', async (event: MessageEvent<BareLoopRequest>) => {
  let reply: BareLoopReply;
  try {
    const request = event.data;
    const timing =
      request.runtime === 'tfjs'
        ? await (await import('./bare-loop-tfjs')).timeTfjs(request)
        : await (await import('./bare-loop-ort')).timeOrt(request);
    reply = { ok: true, ...timing };
  } catch (error) {
    reply = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
});

import type { BareLoopReply, BareLoopRequest } from './bare-loop-protocol';

/**
 * The bare loop's dedicated module worker: one request in, one reply out, plain postMessage. It imports
 * only the runtime asked for, as the lab's workers do, so neither carries the other's library.
 */
async function answer(event: MessageEvent<BareLoopRequest>): Promise<void> {
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
}

// Every failure is caught and sent back as the reply, so the promise is left to itself.
self.addEventListener('message', (event: MessageEvent<BareLoopRequest>) => void answer(event));

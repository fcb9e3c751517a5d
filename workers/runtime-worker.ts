import * as Comlink from 'comlink';
import { createAdapter } from '../src/adapters/create-adapter';
import type { ConfigId } from '../src/adapters/configurations';
import type { InferRequest, LoadRequest, RuntimeAdapter } from '../src/adapters/runtime-adapter';
import { timeLoop, type TimingPlan } from '../src/core/stats/steady-state';
import type { NamedTensor } from '../src/core/tensor';

/** One runtime configuration per worker: a crash, hang or lost GPU context here cannot reach the others. */
let adapter: RuntimeAdapter | undefined;

function current(): RuntimeAdapter {
  if (!adapter) throw new Error('worker used before init');
  return adapter;
}

/**
 * A runtime may hand back a view into its own (possibly shared) memory, such as a wasm heap: that is
 * copied; an array that owns its whole buffer is transferred as it is.
 */
function ownedCopy(tensor: NamedTensor): NamedTensor {
  const { data } = tensor;
  const whole =
    data.buffer instanceof ArrayBuffer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  return whole ? tensor : { ...tensor, data: data.slice() };
}

const api = {
  async init(configId: ConfigId, assetBaseUrl: string) {
    adapter = await createAdapter(configId, assetBaseUrl);
  },
  probe: () => current().probe(),
  load: (request: LoadRequest) => current().load(request),
  async infer(request: InferRequest) {
    const { outputs, inferMs } = await current().infer(request);
    const sent = outputs.map(ownedCopy);
    // Two outputs may share one buffer; a transfer list must name it once.
    const buffers = new Set(sent.map((o) => o.data.buffer as ArrayBuffer));
    return Comlink.transfer({ outputs: sent, inferMs }, [...buffers]);
  },
  /** The timing loop runs here, not from the page: a page round trip between runs is overhead to time. */
  timeLoop: (request: InferRequest, plan: TimingPlan) =>
    timeLoop(async () => (await current().infer(request)).inferMs, plan),
  profile: (request: InferRequest, runs: number) => current().profile(request, runs),
  memory: () => current().memory(),
  dispose: () => current().dispose(),
};

export type RuntimeWorkerApi = typeof api;

Comlink.expose(api);

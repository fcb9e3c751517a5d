import pLimit from 'p-limit';
import type { ConfigId } from '../src/adapters/configurations';
import type { InferRequest, LoadRequest, RuntimeAdapter } from '../src/adapters/runtime-adapter';
import { timeLoop, type TimingPlan } from '../src/core/stats/steady-state';
import type { NamedTensor } from '../src/core/tensor';

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

/**
 * What a runtime worker answers, over the adapter `create` makes. Calls reach the runtime one at a time,
 * in the order they came: the lab sends the next image while this one infers, and two inferences
 * interleaving at their awaits would each time the other's work too.
 */
export function runtimeWorkerApi(
  create: (configId: ConfigId, assetBaseUrl: string) => Promise<RuntimeAdapter>,
  transfer: <T>(value: T, buffers: Transferable[]) => T,
) {
  let adapter: RuntimeAdapter | undefined;
  const inTurn = pLimit(1);
  const current = (): RuntimeAdapter => {
    if (!adapter) throw new Error('worker used before init');
    return adapter;
  };
  return {
    init: (configId: ConfigId, assetBaseUrl: string) =>
      inTurn(async () => void (adapter = await create(configId, assetBaseUrl))),
    probe: () => inTurn(() => current().probe()),
    load: (request: LoadRequest) => inTurn(() => current().load(request)),
    infer: (request: InferRequest) =>
      inTurn(async () => {
        const { outputs, inferMs } = await current().infer(request);
        const sent = outputs.map(ownedCopy);
        // Two outputs may share one buffer; a transfer list must name it once.
        const buffers = new Set(sent.map((o) => o.data.buffer as ArrayBuffer));
        return transfer({ outputs: sent, inferMs }, [...buffers]);
      }),
    /** The timing loop runs here, not from the page: a page round trip between runs is overhead to time. */
    timeLoop: (request: InferRequest, plan: TimingPlan) =>
      inTurn(() => timeLoop(async () => (await current().infer(request)).inferMs, plan)),
    profile: (request: InferRequest, runs: number) => inTurn(() => current().profile(request, runs)),
    memory: () => inTurn(() => current().memory()),
    dispose: () => inTurn(() => current().dispose()),
  };
}

export type RuntimeWorkerApi = ReturnType<typeof runtimeWorkerApi>;

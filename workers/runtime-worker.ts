import * as Comlink from 'comlink';
import { createAdapter } from '../src/adapters/create-adapter';
import type { ConfigId } from '../src/adapters/configurations';
import type { LoadRequest, RuntimeAdapter } from '../src/adapters/runtime-adapter';

/** One runtime configuration per worker: a crash, hang or lost GPU context here cannot reach the others. */
let adapter: RuntimeAdapter | undefined;

function current(): RuntimeAdapter {
  if (!adapter) throw new Error('worker used before init');
  return adapter;
}

const api = {
  async init(configId: ConfigId, assetBaseUrl: string) {
    adapter = await createAdapter(configId, assetBaseUrl);
  },
  probe: () => current().probe(),
  load: (request: LoadRequest) => current().load(request),
  async infer(input: Float32Array, shape: number[]) {
    const { output, inferMs } = await current().infer(input, shape);
    // A runtime may hand back a view into its own (possibly shared) memory: send an owned copy.
    const owned = output.slice();
    return Comlink.transfer({ output: owned, inferMs }, [owned.buffer]);
  },
  memory: () => current().memory(),
  dispose: () => current().dispose(),
};

export type RuntimeWorkerApi = typeof api;

Comlink.expose(api);

import * as Comlink from 'comlink';
import { createAdapter } from '../src/adapters/create-adapter';
import { runtimeWorkerApi } from './runtime-worker-api';

/** One runtime configuration per worker: a crash, hang or lost GPU context here cannot reach the others. */
Comlink.expose(runtimeWorkerApi(createAdapter, Comlink.transfer));

import { loadLiteRt, type LiteRt } from '@litertjs/core';
import { wasmVariantFile, type LiteRtWasmVariant } from './litert-accelerators';

interface EmscriptenModuleArg {
  locateFile(path: string): string;
  mainScriptUrlOrBlob?: string;
}

type ModuleFactory = (moduleArg: EmscriptenModuleArg) => Promise<unknown>;

interface LiteRtGlobals {
  ModuleFactory?: ModuleFactory;
  Module?: EmscriptenModuleArg;
  importScripts: (...urls: string[]) => void;
}

/**
 * Loads one LiteRT.js wasm build in this (module) worker. LiteRT runs its Emscripten glue with
 * importScripts, which module workers refuse; so the glue is imported as the ES module prepare-assets
 * made of it, set where LiteRT looks for it (self.ModuleFactory), and LiteRT's importScripts call is
 * answered by a stand-in for that one call. The wasm is located next to the glue; pthreads of the
 * threaded build start from its classic script, which classic workers may run.
 */
export async function loadLiteRtWasm(dirUrl: string, variant: LiteRtWasmVariant): Promise<LiteRt> {
  const file = wasmVariantFile[variant];
  const { default: factory } = (await import(/* @vite-ignore */ `${dirUrl}${file}.mjs`)) as {
    default: ModuleFactory;
  };
  const scope = self as unknown as LiteRtGlobals;
  const importScripts = scope.importScripts;
  scope.ModuleFactory = factory;
  scope.Module = {
    locateFile: (path) => dirUrl + path,
    ...(variant === 'threaded' ? { mainScriptUrlOrBlob: `${dirUrl}${file}.js` } : {}),
  };
  scope.importScripts = () => {};
  try {
    return await loadLiteRt(`${dirUrl}${file}.js`);
  } finally {
    scope.importScripts = importScripts;
  }
}

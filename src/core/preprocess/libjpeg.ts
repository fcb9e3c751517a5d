import mozjpegDecoder, { type MozJPEGModule } from '@jsquash/jpeg/codec/dec/mozjpeg_dec.js';
import { initEmscriptenModule } from '@jsquash/jpeg/utils.js';

/** Pixels as libjpeg returned them: RGBA, 4 bytes per pixel, alpha always 255. */
export interface LibjpegPixels {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

/** libjpeg refused the data or warned while decoding it; `message` is what libjpeg said. */
export class LibjpegError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LibjpegError';
  }
}

type WasmModule = Parameters<typeof initEmscriptenModule>[1];
// What this file uses of the host, declared here: the core compiles without DOM or Node types.
declare const WebAssembly: { compile(bytes: Uint8Array<ArrayBuffer>): Promise<WasmModule> };
interface NodeFs {
  readFile: (path: string) => Promise<Uint8Array<ArrayBuffer>>;
}
interface NodeModule {
  createRequire: (url: string) => { resolve: (id: string) => string };
}
interface EmscriptenOutput {
  print: (line: string) => void;
  printErr: (line: string) => void;
}

let decoder: Promise<MozJPEGModule> | undefined;
/** What libjpeg printed during the current decode: its warnings, then its fatal error if any. */
let said: string[] = [];

/**
 * Decodes a JPEG with libjpeg-turbo's decoder (MozJPEG's build, compiled to wasm; islow integer IDCT,
 * fancy upsampling): integer arithmetic in wasm, so the same pixels in every browser, worker and Node,
 * the pixels of libjpeg-turbo's own TurboJPEG build (docs/measurements.md). A warning counts as a
 * failure: libjpeg fills corrupt scan data with grey and carries on, and a run must not measure made-up
 * pixels.
 */
export async function decodeWithLibjpeg(bytes: Uint8Array): Promise<LibjpegPixels> {
  const module = await (decoder ??= loadDecoder().catch((error: unknown) => {
    decoder = undefined; // the next image tries again
    throw new Error(`the JPEG decoder (libjpeg-turbo wasm) did not load: ${messageOf(error)}`);
  }));
  said = [];
  let image: ReturnType<MozJPEGModule['decode']> = null;
  let thrown: unknown;
  try {
    // Embind copies the bytes into the wasm heap, whatever buffer backs them.
    image = module.decode(bytes as Uint8Array<ArrayBuffer>, false);
  } catch (error) {
    // libjpeg's fatal errors end in exit(1), which Emscripten throws as an ExitStatus, leaving what libjpeg
    // had allocated; a wasm trap (out of memory, abort) leaves the instance unusable. Either way the next
    // file gets a fresh instance, so one bad file cannot fail the files after it.
    thrown = error;
    decoder = undefined;
  }
  if (said.length > 0) throw new LibjpegError(said.join('; '));
  if (thrown !== undefined || image === null) {
    throw new LibjpegError(thrown === undefined ? 'libjpeg returned no image' : messageOf(thrown));
  }
  return { width: image.width, height: image.height, rgba: image.data };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function loadDecoder(): Promise<MozJPEGModule> {
  const captureOutput: EmscriptenOutput = {
    printErr: (line) => said.push(line),
    print: (line) => said.push(line),
  };
  // The package's option type omits Emscripten's print hooks, which the glue does honour.
  return nodeWasmModule().then((wasm) => initEmscriptenModule(mozjpegDecoder, wasm, captureOutput as object));
}

/**
 * In a browser the glue fetches its wasm beside itself (Vite emits it as an asset); Node has no fetch for
 * file URLs, so there the wasm is read from the package. The specifiers are variables so that the
 * browser bundle does not try to include Node's modules.
 */
async function nodeWasmModule(): Promise<WasmModule> {
  const runtime = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (runtime?.versions?.node === undefined) return undefined;
  const fsSpecifier = 'node:fs/promises';
  const moduleSpecifier = 'node:module';
  const { readFile } = (await import(/* @vite-ignore */ fsSpecifier)) as NodeFs;
  const { createRequire } = (await import(/* @vite-ignore */ moduleSpecifier)) as NodeModule;
  const path = createRequire((import.meta as { url: string }).url).resolve(
    '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm',
  );
  return WebAssembly.compile(await readFile(path));
}

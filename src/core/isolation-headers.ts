/**
 * Cross-origin isolation (SharedArrayBuffer, so wasm threads in TF.js and ORT) needs these headers on the
 * document and on every worker script. One list for every place that sends them: the store server, the
 * Vite dev and preview servers, and the service worker.
 */
export const isolationHeaders: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

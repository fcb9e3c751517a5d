import { floatsAgree } from '../core/tolerance/per-operator';
import { base64 } from './base64';
import { compareOutput } from './output-verdict';
import type { ReproManifest } from './repro-manifest';
import { tensorView } from './tensor-bytes';

/**
 * The one comparison the bundle's page, its Node script and the lab share: the source text of the
 * project's own functions (each self-contained), so the three give the same verdict.
 */
const sharedSource = [
  `const floatsAgree = ${floatsAgree.toString()};`,
  `const compareOutput = ${compareOutput.toString()};`,
  `const tensorView = ${tensorView.toString()};`,
].join('\n');

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** Code shared by both scripts: runs the bundle's model on one side and compares with both recordings. */
const rerunSource = `
${sharedSource}
function executionProvider(side) {
  const layout = side.options.preferredLayout;
  if (side.executionProvider === 'webnn') return { name: 'webnn', deviceType: 'gpu' };
  if (side.executionProvider === 'webgpu' && (layout === 'NCHW' || layout === 'NHWC'))
    return { name: 'webgpu', preferredLayout: layout };
  return side.executionProvider;
}
function head(data, n = 8) {
  return Array.from(data.slice(0, n), (v) => (typeof v === 'bigint' ? String(v) : Number(v).toPrecision(6))).join(', ');
}
/** Runs the model on one execution provider; the verdict per output against both recorded outputs. */
async function rerun(ort, manifest, read, ep) {
  const session = await ort.InferenceSession.create(read(manifest.model.file), { executionProviders: [ep] });
  const feeds = {};
  for (const t of manifest.inputs) feeds[t.name] = new ort.Tensor(t.dtype, tensorView(t.dtype, read(t.file)), t.shape);
  const results = await session.run(feeds, manifest.outputs.map((o) => o.name));
  await session.release?.();
  const outputs = manifest.outputs.map((o) => {
    const data = results[o.name].data;
    const vs = (file) => compareOutput(tensorView(o.dtype, read(file)), data, manifest.tolerance, o.quantization, floatsAgree);
    return { name: o.name, shape: o.shape, head: head(data), reference: vs(o.reference), suspect: vs(o.suspect) };
  });
  return { outputs, agreesWithReference: outputs.every((o) => o.reference.agrees) };
}
function describe(manifest, run) {
  const lines = [];
  for (const o of run.outputs) {
    lines.push(o.name + ' [' + o.shape.join('×') + ']: ' + o.head + ' …');
    lines.push('  vs recorded reference (' + manifest.reference.configId + '): max |Δ| ' + o.reference.maxAbs.toPrecision(3) + ', ' + o.reference.beyond + ' elements beyond tolerance');
    lines.push('  vs recorded suspect (' + manifest.suspect.configId + '): max |Δ| ' + o.suspect.maxAbs.toPrecision(3) + ', ' + o.suspect.beyond + ' elements beyond tolerance');
  }
  return lines.join('\\n');
}
`;

/**
 * `repro.html`: opens from disk or any server, carries the bundle inside itself, and runs it with an
 * onnxruntime-web build the reader supplies (no CDN: `?ort=<url of ort.*.mjs or its folder>`, or the
 * text box), on the suspect's execution provider or the reference's (`?side=reference`).
 */
export function reproHtml(manifest: ReproManifest, files: Record<string, Uint8Array>): string {
  const data = JSON.stringify({
    manifest,
    files: Object.fromEntries(Object.entries(files).map(([path, bytes]) => [path, base64(bytes)])),
  }).replace(/</g, '\\u003c');
  const { source, suspect, reference } = manifest;
  const title = escapeHtml(
    `${source.firstDivergent} (${source.op}) on ${suspect.configId} vs ${reference.configId}`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Crosscheck repro: ${title}</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem; max-width: 60rem; }
  code, pre { font: 13px/1.4 ui-monospace, monospace; }
  pre { background: #f4f4f4; padding: 0.75rem; overflow-x: auto; }
  [data-verdict="reproduces"] { color: #a00; } [data-verdict="does-not-reproduce"] { color: #060; }
</style>
</head>
<body>
<h1>Crosscheck repro bundle</h1>
<p>${title}: the ${escapeHtml(manifest.model.kind)} model of this bundle (${manifest.model.nodes.length} node(s)), its inputs as the reference computed them, and both configurations' outputs.</p>
<h2>Supply onnxruntime-web</h2>
<p>Nothing is fetched from the internet. Give the URL or path of an onnxruntime-web ES module build, with its
<code>.wasm</code> files beside it (the package's <code>dist/</code> folder, e.g. served with <code>npx http-server node_modules/onnxruntime-web/dist --cors</code>):
<code>${escapeHtml(suspect.ortFile)}</code> for ${escapeHtml(suspect.configId)}, <code>${escapeHtml(reference.ortFile)}</code> for ${escapeHtml(reference.configId)}.
Add <code>?ort=&lt;url of the file, or of its folder&gt;</code> to this page's address to run at once, <code>&amp;side=reference</code> to run the reference's execution provider.
Served from another origin than this page, the runtime needs CORS (<code>Access-Control-Allow-Origin</code>).</p>
<form id="choose">
  <label>onnxruntime-web module or folder <input id="ort" size="70" required></label>
  <label>run <select id="side"><option value="suspect">the suspect: ${escapeHtml(suspect.configId)} (${escapeHtml(suspect.executionProvider)})</option><option value="reference">the reference: ${escapeHtml(reference.configId)} (${escapeHtml(reference.executionProvider)})</option></select></label>
  <button type="submit">Run</button>
</form>
<p id="verdict" role="status"></p>
<pre id="out"></pre>
<script type="application/json" id="bundle">${data}</script>
<script type="module">
${rerunSource}
const { manifest, files } = JSON.parse(document.getElementById('bundle').textContent);
const read = (path) => Uint8Array.from(atob(files[path]), (c) => c.charCodeAt(0));
const out = document.getElementById('out');
const verdict = document.getElementById('verdict');
async function run(ortUrl, sideName) {
  const side = manifest[sideName];
  const url = new URL(ortUrl.endsWith('/') ? ortUrl + side.ortFile : ortUrl, location.href).href;
  verdict.textContent = 'running ' + side.configId + ' with ' + url + ' …';
  verdict.dataset.verdict = 'running';
  try {
    const ort = await import(url);
    ort.env.wasm.numThreads = globalThis.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
    const result = await rerun(ort, manifest, read, executionProvider(side));
    const reproduces = !result.agreesWithReference;
    verdict.dataset.verdict = reproduces ? 'reproduces' : 'does-not-reproduce';
    verdict.textContent = (reproduces ? 'reproduces' : 'does not reproduce') + ': ' + side.configId + ' here ' +
      (reproduces ? 'leaves' : 'agrees with') + ' the recorded reference output (' + manifest.reference.configId + ')';
    out.textContent = 'onnxruntime-web ' + (ort.env.versions?.web ?? '?') + ' (' + url + '), execution provider ' + side.executionProvider + '\\n' + describe(manifest, result);
  } catch (error) {
    verdict.dataset.verdict = 'error';
    verdict.textContent = 'could not run: ' + (error?.message ?? error);
  }
}
const params = new URLSearchParams(location.search);
const ortInput = document.getElementById('ort');
const sideInput = document.getElementById('side');
ortInput.value = params.get('ort') ?? '';
sideInput.value = params.get('side') === 'reference' ? 'reference' : 'suspect';
document.getElementById('choose').addEventListener('submit', (e) => { e.preventDefault(); run(ortInput.value, sideInput.value); });
if (ortInput.value) run(ortInput.value, sideInput.value);
</script>
</body>
</html>
`;
}

/** `repro-node.mjs`: the reference side in onnxruntime-node (CPU; Node has no WebGPU). */
export function reproNodeScript(): string {
  return `#!/usr/bin/env node
// Reruns a Crosscheck repro bundle's model on the CPU in onnxruntime-node and prints the reference output.
// Usage: node repro-node.mjs [--ort <path to onnxruntime-node>]   (default: onnxruntime-node as resolved from
// the current folder: run it where \`npm install onnxruntime-node\` was run). Exit code 0: it matches the
// recorded reference output; 1: it does not; 2: it could not run.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
${rerunSource}
const here = dirname(fileURLToPath(import.meta.url));
const read = (path) => new Uint8Array(readFileSync(join(here, path)));
const manifest = JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8'));
const flag = process.argv.indexOf('--ort');
const from = flag >= 0 ? resolve(process.argv[flag + 1] ?? '') : 'onnxruntime-node';
let ort;
try {
  ort = createRequire(join(process.cwd(), 'repro.cjs'))(from);
} catch (error) {
  console.error('repro: cannot load ' + from + ' (' + error.message + '): run this where onnxruntime-node is installed (npm install onnxruntime-node), or pass --ort <its folder>');
  process.exit(2);
}
for (const [path, sha256] of Object.entries(manifest.files)) {
  const actual = createHash('sha256').update(read(path)).digest('hex');
  if (actual !== sha256) {
    console.error('repro: ' + path + ' has sha256 ' + actual + ', the manifest says ' + sha256);
    process.exit(2);
  }
}
const result = await rerun(ort, manifest, read, 'cpu');
console.log('reference side (' + manifest.reference.configId + ') rerun in onnxruntime-node CPU: ' + manifest.source.firstDivergent + ' (' + manifest.source.op + ')');
console.log(describe(manifest, result));
console.log(result.agreesWithReference ? 'matches the recorded reference output' : 'does not match the recorded reference output');
process.exit(result.agreesWithReference ? 0 : 1);
`;
}

/** README.txt inside the zip. */
export function reproReadme(manifest: ReproManifest): string {
  const { source, suspect, reference } = manifest;
  return `Crosscheck repro bundle (manifest version ${manifest.version}, made ${manifest.createdAt} by Crosscheck ${manifest.crosscheckVersion})

${source.firstDivergent} (${source.op}) gives a different output on ${suspect.configId} than on ${reference.configId}.
Model ${source.modelId} (sha256 ${source.modelSha256}), image ${source.image} (input sha256 ${source.inputSha256}).

model.onnx       the ${manifest.model.kind} model: ${manifest.model.nodes.join(', ')}
inputs/          its inputs as ${reference.configId} computed them (raw little-endian elements; manifest.json has dtypes and shapes)
outputs/         the outputs of each configuration on those inputs
manifest.json    shapes, dtypes, sha256 of every file, both configurations, the tolerance, the environment, library versions
repro.html       open it in any browser; it runs the model with an onnxruntime-web build you supply (nothing is downloaded):
                 repro.html?ort=<URL of onnxruntime-web's dist/ folder or of one ort.*.mjs file>
                 ${suspect.configId} needs ${suspect.ortFile}; ${reference.configId} needs ${reference.ortFile}
repro-node.mjs   node repro-node.mjs  runs the CPU side in onnxruntime-node from YOUR install (npm install onnxruntime-node
                 in the folder you run it from, or --ort <path to it>) and prints the reference output and whether it
                 matches the recorded one. Node has no WebGPU, so only the reference side runs there.

When made, the suspect ${manifest.reproduced ? 'still diverged' : 'no longer diverged'} on this model.
`;
}

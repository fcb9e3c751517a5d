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
/** Runs the ONNX model on one execution provider: its outputs' data by name. */
async function runOrt(ort, manifest, read, ep) {
  const session = await ort.InferenceSession.create(read(manifest.model.file), { executionProviders: [ep] });
  const feeds = {};
  for (const t of manifest.inputs) feeds[t.name] = new ort.Tensor(t.dtype, tensorView(t.dtype, read(t.file)), t.shape);
  const results = await session.run(feeds, manifest.outputs.map((o) => o.name));
  await session.release?.();
  return Object.fromEntries(manifest.outputs.map((o) => [o.name, results[o.name].data]));
}
/** Runs the TF.js layers or graph model (model.json and its weight files) on tf's current backend: its one output. */
async function runTfjs(tf, manifest, read) {
  const json = JSON.parse(new TextDecoder().decode(read(manifest.model.file)));
  const shards = json.weightsManifest.flatMap((g) => g.paths).map((p) => read(p));
  const weightData = new Uint8Array(shards.reduce((n, b) => n + b.length, 0));
  shards.reduce((at, b) => (weightData.set(b, at), at + b.length), 0);
  const load = manifest.model.format === 'tfjs-graph' ? tf.loadGraphModel : tf.loadLayersModel;
  const model = await load(tf.io.fromMemory({
    modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData: weightData.buffer,
  }));
  const [t] = manifest.inputs;
  const x = tf.tensor(tensorView(t.dtype, read(t.file)), t.shape, t.dtype);
  const y = model.predict(x);
  const data = await y.data();
  tf.dispose([x, y]);
  model.dispose();
  return { [manifest.outputs[0].name]: data };
}
/** The verdict per output against both recorded outputs. */
function verdicts(manifest, read, results) {
  const outputs = manifest.outputs.map((o) => {
    const data = results[o.name];
    const vs = (file) => compareOutput(tensorView(o.dtype, read(file)), data, manifest.tolerance, o.quantization, floatsAgree);
    return { name: o.name, shape: o.shape, head: head(data), reference: vs(o.reference), suspect: vs(o.suspect) };
  });
  return { outputs, agreesWithReference: outputs.every((o) => o.reference.agrees) };
}
/** Sets a TF.js side's options that are flags of the loaded tf (WEBGL_FORCE_F16_TEXTURES …). */
function setTfjsFlags(tf, side) {
  const set = [];
  for (const [name, value] of Object.entries(side.options)) {
    try {
      tf.env().set(name, value);
      set.push(name + '=' + value);
    } catch {
      // Not a flag of this build (e.g. the wasm backend's thread count): the backend's default applies.
    }
  }
  return set;
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

/** How the page gets and runs each runtime: what to tell the reader, the URL parameter, the run. */
const pageRuntimes = {
  'onnxruntime-web': {
    param: 'ort',
    label: 'onnxruntime-web module or folder',
    supply: (m: ReproManifest) => `<h2>Supply onnxruntime-web</h2>
<p>Nothing is fetched from the internet. Give the URL or path of an onnxruntime-web ES module build, with its
<code>.wasm</code> files beside it (the package's <code>dist/</code> folder, e.g. served with <code>npx http-server node_modules/onnxruntime-web/dist --cors</code>):
<code>${escapeHtml(m.suspect.ortFile)}</code> for ${escapeHtml(m.suspect.configId)}, <code>${escapeHtml(m.reference.ortFile)}</code> for ${escapeHtml(m.reference.configId)}.
Add <code>?ort=&lt;url of the file, or of its folder&gt;</code> to this page's address to run at once, <code>&amp;side=reference</code> to run the reference's execution provider.
Served from another origin than this page, the runtime needs CORS (<code>Access-Control-Allow-Origin</code>).</p>`,
    run: `async function runSide(runtimeUrl, side) {
  const url = new URL(runtimeUrl.endsWith('/') ? runtimeUrl + side.ortFile : runtimeUrl, location.href).href;
  const ort = await import(url);
  if (typeof side.options.threads === 'number') ort.env.wasm.numThreads = side.options.threads;
  const result = verdicts(manifest, read, await runOrt(ort, manifest, read, executionProvider(side)));
  return { result, about: 'onnxruntime-web ' + (ort.env.versions?.web ?? '?') + ' (' + url + '), execution provider ' + side.executionProvider };
}`,
  },
  tfjs: {
    param: 'tfjs',
    label: 'TF.js script (tf.min.js, tf.es2017.js) or its folder',
    supply: (m: ReproManifest) => `<h2>Supply TF.js</h2>
<p>Nothing is fetched from the internet. Give the URL or path of a TF.js browser build: <code>tf.min.js</code> or
<code>tf.es2017.js</code> (the <code>dist/</code> folder of the <code>@tensorflow/tfjs</code> package, e.g. served with
<code>npx http-server node_modules/@tensorflow/tfjs/dist --cors</code>); it holds the cpu and webgl backends.
The wasm and webgpu backends are separate scripts: <code>&amp;backendScript=&lt;url of tf-backend-wasm.min.js or tf-backend-webgpu.min.js&gt;</code>
(from <code>@tensorflow/tfjs-backend-wasm/dist</code>, its <code>.wasm</code> files beside it, or <code>@tensorflow/tfjs-backend-webgpu/dist</code>);
by default the page looks beside <code>tf.min.js</code>. This bundle: <code>${escapeHtml(m.suspect.ortFile)}</code> for ${escapeHtml(m.suspect.configId)}, <code>${escapeHtml(m.reference.ortFile)}</code> for ${escapeHtml(m.reference.configId)}.
Add <code>?tfjs=&lt;url of the script, or of its folder&gt;</code> to this page's address to run at once, <code>&amp;side=reference</code> to run the reference's backend,
<code>&amp;backend=cpu|wasm|webgl|webgpu</code> to choose another. The side's options that are TF.js flags (<code>WEBGL_FORCE_F16_TEXTURES</code> …) are set.
Served from another origin than this page, the scripts need CORS (<code>Access-Control-Allow-Origin</code>).</p>`,
    run: `function loadScript(url) {
  return new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), { src: url, onload: resolve });
    script.onerror = () => reject(new Error('could not load ' + url));
    document.head.append(script);
  });
}
async function runSide(runtimeUrl, side) {
  const url = new URL(runtimeUrl.endsWith('/') ? runtimeUrl + 'tf.min.js' : runtimeUrl, location.href).href;
  await loadScript(url);
  const tf = globalThis.tf;
  if (!tf?.loadLayersModel) throw new Error(url + ' did not define the tf global (a TF.js union build: tf.min.js, tf.es2017.js)');
  const backend = params.get('backend') ?? side.executionProvider;
  if (!tf.engine().registryFactory[backend]) {
    const script = new URL(params.get('backendScript') ?? (backend === 'wasm' ? 'tf-backend-wasm.min.js' : 'tf-backend-' + backend + '.min.js'), url).href;
    await loadScript(script);
    if (backend === 'wasm') tf.wasm.setWasmPaths(new URL('./', script).href);
  }
  const flags = setTfjsFlags(tf, side);
  if (!(await tf.setBackend(backend))) throw new Error('the TF.js ' + backend + ' backend did not start here');
  const result = verdicts(manifest, read, await runTfjs(tf, manifest, read));
  return { result, about: 'TF.js ' + tf.version.tfjs + ' (' + url + '), backend ' + tf.getBackend() + (flags.length ? ', flags ' + flags.join(', ') : '') };
}`,
  },
};

/**
 * `repro.html`: opens from disk or any server, carries the bundle inside itself, and runs it with a
 * runtime build the reader supplies (no CDN: `?ort=` onnxruntime-web, `?tfjs=` TF.js, or the text
 * box), on the suspect's execution provider or backend, or the reference's (`?side=reference`).
 */
export function reproHtml(manifest: ReproManifest, files: Record<string, Uint8Array>): string {
  const data = JSON.stringify({
    manifest,
    files: Object.fromEntries(Object.entries(files).map(([path, bytes]) => [path, base64(bytes)])),
  }).replace(/</g, '\\u003c');
  const { source, suspect, reference } = manifest;
  const runtime = pageRuntimes[suspect.library];
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
${runtime.supply(manifest)}
<form id="choose">
  <label>${runtime.label} <input id="runtime" name="${runtime.param}" size="70" required></label>
  <label>run <select id="side" name="side"><option value="suspect">the suspect: ${escapeHtml(suspect.configId)} (${escapeHtml(suspect.executionProvider)})</option><option value="reference">the reference: ${escapeHtml(reference.configId)} (${escapeHtml(reference.executionProvider)})</option></select></label>
  <button type="submit">Run</button>
</form>
<p id="verdict" role="status"></p>
<pre id="out"></pre>
<script type="application/json" id="bundle">${data}</script>
<script type="module">
${rerunSource}
const { manifest, files } = JSON.parse(document.getElementById('bundle').textContent);
const read = (path) => Uint8Array.from(atob(files[path]), (c) => c.charCodeAt(0));
const params = new URLSearchParams(location.search);
const out = document.getElementById('out');
const verdict = document.getElementById('verdict');
${runtime.run}
async function run(runtimeUrl, sideName) {
  const side = manifest[sideName];
  verdict.textContent = 'running ' + side.configId + ' with ' + runtimeUrl + ' …';
  verdict.dataset.verdict = 'running';
  try {
    const { result, about } = await runSide(runtimeUrl, side);
    const reproduces = !result.agreesWithReference;
    verdict.dataset.verdict = reproduces ? 'reproduces' : 'does-not-reproduce';
    verdict.textContent = (reproduces ? 'reproduces' : 'does not reproduce') + ': ' + side.configId + ' here ' +
      (reproduces ? 'leaves' : 'agrees with') + ' the recorded reference output (' + manifest.reference.configId + ')';
    out.textContent = about + '\\n' + describe(manifest, result);
  } catch (error) {
    verdict.dataset.verdict = 'error';
    verdict.textContent = 'could not run: ' + (error?.message ?? error);
  }
}
const runtimeInput = document.getElementById('runtime');
const sideInput = document.getElementById('side');
runtimeInput.value = params.get('${runtime.param}') ?? '';
sideInput.value = params.get('side') === 'reference' ? 'reference' : 'suspect';
// The form reloads the page with its parameters: a runtime's global state (TF.js flags) starts afresh.
if (runtimeInput.value) run(runtimeInput.value, sideInput.value);
</script>
</body>
</html>
`;
}

/** `repro-node.mjs`: the reference side in onnxruntime-node, or TF.js's cpu backend (Node has no WebGPU/WebGL). */
export function reproNodeScript(): string {
  return `#!/usr/bin/env node
// Reruns a Crosscheck repro bundle's model on the CPU and prints the reference output: an ONNX model in
// onnxruntime-node, a TF.js model in @tensorflow/tfjs (cpu backend).
// Usage: node repro-node.mjs [--ort <path to onnxruntime-node>] [--tfjs <path to @tensorflow/tfjs>]   (default:
// the package as resolved from the current folder: run it where \`npm install onnxruntime-node\` or
// \`npm install @tensorflow/tfjs\` was run). Exit code 0: it matches the recorded reference output; 1: it
// does not; 2: it could not run.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
${rerunSource}
const here = dirname(fileURLToPath(import.meta.url));
const read = (path) => new Uint8Array(readFileSync(join(here, path)));
const manifest = JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8'));
const tfjs = manifest.reference.library === 'tfjs';
const [option, pkg] = tfjs ? ['--tfjs', '@tensorflow/tfjs'] : ['--ort', 'onnxruntime-node'];
const flag = process.argv.indexOf(option);
const from = flag >= 0 ? resolve(process.argv[flag + 1] ?? '') : pkg;
let runtime;
try {
  runtime = createRequire(join(process.cwd(), 'repro.cjs'))(from);
} catch (error) {
  console.error('repro: cannot load ' + from + ' (' + error.message + '): run this where ' + pkg + ' is installed (npm install ' + pkg + '), or pass ' + option + ' <its folder>');
  process.exit(2);
}
for (const [path, sha256] of Object.entries(manifest.files)) {
  const actual = createHash('sha256').update(read(path)).digest('hex');
  if (actual !== sha256) {
    console.error('repro: ' + path + ' has sha256 ' + actual + ', the manifest says ' + sha256);
    process.exit(2);
  }
}
let results;
if (tfjs) {
  await runtime.setBackend('cpu');
  results = await runTfjs(runtime, manifest, read);
} else results = await runOrt(runtime, manifest, read, 'cpu');
const result = verdicts(manifest, read, results);
const where = tfjs ? 'TF.js ' + runtime.version.tfjs + ' cpu backend' : 'onnxruntime-node CPU';
console.log('reference side (' + manifest.reference.configId + ') rerun in ' + where + ': ' + manifest.source.firstDivergent + ' (' + manifest.source.op + ')');
console.log(describe(manifest, result));
console.log(result.agreesWithReference ? 'matches the recorded reference output' : 'does not match the recorded reference output');
process.exit(result.agreesWithReference ? 0 : 1);
`;
}

const ortReadme = `repro.html       open it in any browser; it runs the model with an onnxruntime-web build you supply (nothing is downloaded):
                 repro.html?ort=<URL of onnxruntime-web's dist/ folder or of one ort.*.mjs file>
`;
const tfjsReadme = `repro.html       open it in any browser; it runs the model with a TF.js build you supply (nothing is downloaded):
                 repro.html?tfjs=<URL of tf.min.js or its folder>[&backendScript=<URL of tf-backend-wasm.min.js / tf-backend-webgpu.min.js>]
`;

/** README.txt inside the zip. */
export function reproReadme(manifest: ReproManifest): string {
  const { source, suspect, reference } = manifest;
  return `Crosscheck repro bundle (manifest version ${manifest.version}, made ${manifest.createdAt} by Crosscheck ${manifest.crosscheckVersion})

${source.firstDivergent} (${source.op}) gives a different output on ${suspect.configId} than on ${reference.configId}.
Model ${source.modelId} (sha256 ${source.modelSha256}), image ${source.image} (input sha256 ${source.inputSha256}).

${manifest.model.file.padEnd(16)} the ${manifest.model.kind} model: ${manifest.model.nodes.join(', ')}${manifest.model.whyWhole ? `\n                 (whole: ${manifest.model.whyWhole})` : ''}
inputs/          its inputs as ${reference.configId} computed them (raw little-endian elements; manifest.json has dtypes and shapes)
outputs/         the outputs of each configuration on those inputs
manifest.json    shapes, dtypes, sha256 of every file, both configurations, the tolerance, the environment, library versions
${suspect.library === 'tfjs' ? tfjsReadme : ortReadme}                 ${suspect.configId} needs ${suspect.ortFile}; ${reference.configId} needs ${reference.ortFile}
repro-node.mjs   node repro-node.mjs  runs the CPU side in ${suspect.library === 'tfjs' ? '@tensorflow/tfjs (cpu backend)' : 'onnxruntime-node'} from YOUR install (npm install ${suspect.library === 'tfjs' ? '@tensorflow/tfjs' : 'onnxruntime-node'}
                 in the folder you run it from, or ${suspect.library === 'tfjs' ? '--tfjs' : '--ort'} <path to it>) and prints the reference output and whether it
                 matches the recorded one. Node has no WebGPU, so only the reference side runs there.

When made, the suspect ${manifest.reproduced ? 'still diverged' : 'no longer diverged'} on this model.
`;
}

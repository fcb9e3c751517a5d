/**
 * npm run bench: how much the lab adds to a runtime's own steady-state latency (lab p50 vs a bare loop of
 * the same runtime, same browser tab, same input bytes), and how the best browser configuration compares
 * with native onnxruntime-node. A benchmark, not a test: ratios are printed beside their target, never
 * asserted; it exits non-zero only when something crashes.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { serveApp } from '../cli/app-server';
import { launchChromium } from '../cli/chromium';
import { modelManifestSchema } from '../src/core/model-manifest';
import { summarizeLatency } from '../src/core/stats/summary';
import { labVsBare, type LabVsBare } from './lab-vs-bare';
import { firstImageTensor } from './node-input';
import { ortNodeLatency } from './ort-node-latency';
import { labVsBareTable, nodeTable } from './bench-report';

const projectRoot = join(import.meta.dirname, '..');
const sharedDir = resolve(projectRoot, process.env.CROSSCHECK_SHARED ?? join('..', 'shared'));
const onnxModel = join(sharedDir, 'models', 'mobilenetv2-12-int8-onnx', 'mobilenetv2-12-int8.onnx');
const imagenetDir = join(sharedDir, 'data', 'imagenet-samples');

/** ort-webgl is kept in the list although it cannot load the int8 model: its row says why. */
const tfjsConfigs = ['tfjs-cpu', 'tfjs-wasm', 'tfjs-webgl', 'tfjs-webgpu'];
const ortConfigs = ['ort-wasm', 'ort-webgpu', 'ort-webgl'];

function count(value: string | undefined, fallback: number, flag: string): number {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a whole number ≥ 1, got "${value}"`);
  return n;
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      warmup: { type: 'string' },
      runs: { type: 'string' },
      limit: { type: 'string' },
      configs: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  // 5 + 30 keeps the whole bench within a few minutes on 2 cores (SwiftShader WebGPU is the slow one).
  const warmupRuns = count(values.warmup, 5, '--warmup');
  const timedRuns = count(values.runs, 30, '--runs');
  const limit = count(values.limit, 3, '--limit');
  const only = values.configs?.split(',').map((c) => c.trim());
  const pick = (ids: string[]) => ids.filter((id) => !only || only.includes(id));
  const hasShared = existsSync(onnxModel) && existsSync(imagenetDir);
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s`;

  const benchBuilt = existsSync(join(projectRoot, 'dist', 'bench', 'bare-loop.html'));
  log(`building and serving the app${values['no-build'] && benchBuilt ? ' (existing build)' : ''}`);
  const server = await serveApp({ imagesDir: hasShared ? imagenetDir : undefined, skipBuild: values['no-build'] && benchBuilt });
  const browser = await launchChromium();
  const rows: LabVsBare[] = [];
  try {
    const benchUrl = new URL('bench/bare-loop.html', server.url).href;
    const plan = [
      ...pick(tfjsConfigs).map((configId) => ({ configId, modelId: 'nsfw-mobilenet-v2', imagesDir: undefined })),
      ...(hasShared ? pick(ortConfigs).map((configId) => ({ configId, modelId: 'mobilenetv2-int8', imagesDir: imagenetDir })) : []),
    ];
    for (const step of plan) {
      log(`${elapsed()} ${step.configId}: lab, then bare loop (${warmupRuns} warm-up + ${timedRuns} timed each)`);
      rows.push(
        await labVsBare(browser, benchUrl, {
          ...step,
          limit,
          warmupRuns,
          timedRuns,
          timeoutMs: 180_000,
          onProgress: (p) => values.verbose && log(`${elapsed()}   ${p.phase} ${p.message}`),
          onConsole: values.verbose ? (line) => log(`  browser ${line.slice(0, 300)}`) : undefined,
        }),
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }

  console.log(labVsBareTable(rows, { warmupRuns, timedRuns, target: 1.02 }));
  console.log('');
  if (!hasShared) {
    console.log(`Browser vs onnxruntime-node: skipped, no shared data at ${sharedDir} (set CROSSCHECK_SHARED)`);
    return;
  }
  // The browser is closed by now, so native ORT has both cores to itself, as each browser lane had.
  const manifest = modelManifestSchema.parse(JSON.parse(await readFile(join(projectRoot, 'models', 'mobilenetv2-int8.json'), 'utf8')));
  const input = await firstImageTensor(imagenetDir, manifest.preprocess);
  const onnxRows = rows.filter((r) => r.modelId === manifest.id && r.lab);
  const threads = onnxRows.find((r) => r.threads)?.threads ?? Math.min(4, availableParallelism());
  log(`${elapsed()} onnxruntime-node cpu (${threads} threads) on ${input.name}`);
  const node = await ortNodeLatency(onnxModel, input.tensor, { inputName: manifest.inputName, warmupRuns, timedRuns, threads });
  console.log(nodeTable(onnxRows, { ...node, summary: summarizeLatency(node.samplesMs), inputName: input.name, inputSha256: input.sha256 }));
  log(`${elapsed()} done`);
}

main().catch((error: Error) => {
  console.error(`bench: ${error.stack ?? error.message}`);
  process.exit(1);
});

/**
 * npm run bench: how much the lab adds to a runtime's own steady-state latency (lab p50 vs a bare loop of
 * the same runtime, same browser tab, same input bytes), and how the best browser configuration compares
 * with native onnxruntime-node. A benchmark, not a test: ratios are printed beside their target, never
 * asserted; it exits non-zero only when something crashes.
 *
 *   npm run bench -- [--configs a,b] [--warmup N] [--runs N] [--limit N] [--no-build] [--verbose]
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../cli/chromium';
import { defaultSharedDir, labMounts } from '../server/folder-mounts';
import { distDir, projectRoot } from '../server/project-paths';
import { startServer } from '../server/start-server';
import { modelManifestSchema } from '../src/core/model-manifest';
import { summarizeLatency } from '../src/core/stats/summary';
import { benchPlan, type BenchStep } from './bench-plan';
import { labVsBareTable, nodeTable } from './bench-report';
import { labVsBare, type LabVsBare } from './lab-vs-bare';
import { firstImageTensor } from './node-input';
import { ortNodeLatency } from './ort-node-latency';

const sharedDir = defaultSharedDir();
const onnxModel = join(sharedDir, 'models', 'mobilenetv2-12-int8-onnx', 'mobilenetv2-12-int8.onnx');
const imagenetDir = join(sharedDir, 'data', 'imagenet-samples');
const target = 1.02;

function count(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a whole number ≥ 1, got "${value}"`);
  return n;
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** A configuration whose page broke still gets its row, with the error, so the others are not lost. */
function failedRow(step: BenchStep, error: Error): LabVsBare {
  const { configId, modelId, warmupRuns, timedRuns } = step;
  return {
    configId,
    modelId,
    warmupRuns,
    timedRuns,
    lab: null,
    bare: null,
    pValue: null,
    activeBackend: null,
    threads: null,
    inputSha256: null,
    notes: [`page: ${error.message}`],
  };
}

async function browserRows(
  steps: BenchStep[],
  options: { limit: number; build: boolean; verbose: boolean; elapsed: () => string },
) {
  // An in-memory store (dataDir null): the bench's runs are measurements, not records to keep in ./data.
  const server = await startServer({
    build: options.build ? 'always' : 'if-missing',
    mounts: labMounts({ imagesDir: existsSync(imagenetDir) ? imagenetDir : undefined }),
    dataDir: null,
  });
  const browser = await launchChromium();
  const rows: LabVsBare[] = [];
  try {
    const benchUrl = new URL('bench/bare-loop.html', server.url).href;
    for (const step of steps) {
      log(
        `${options.elapsed()} ${step.configId}: lab, then bare loop (${step.warmupRuns} warm-up + ${step.timedRuns} timed each)`,
      );
      const row = await labVsBare(browser, benchUrl, {
        ...step,
        limit: options.limit,
        timeoutMs: 180_000,
        onProgress: options.verbose
          ? (p) => log(`${options.elapsed()}   ${p.phase} ${p.message}`)
          : undefined,
        onConsole: options.verbose ? (line) => log(`  browser ${line.slice(0, 300)}`) : undefined,
      }).catch((error: Error) => failedRow(step, error));
      rows.push(row);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return rows;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      configs: { type: 'string' },
      warmup: { type: 'string' },
      runs: { type: 'string' },
      limit: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  const hasShared = existsSync(onnxModel) && existsSync(imagenetDir);
  const steps = benchPlan({
    imagenetDir: hasShared ? imagenetDir : null,
    only: values.configs?.split(',').map((c) => c.trim()),
    warmupRuns: count(values.warmup, '--warmup'),
    timedRuns: count(values.runs, '--runs'),
  });
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s`;
  // The bench page is a second build entry: an older build without it cannot be reused.
  const build = !values['no-build'] || !existsSync(join(distDir, 'bench', 'bare-loop.html'));
  log(build ? 'building and serving the app' : 'serving the existing build');

  const loadBefore = loadavg()[0];
  const rows = await browserRows(steps, {
    limit: count(values.limit, '--limit') ?? 3,
    build,
    verbose: values.verbose,
    elapsed,
  });
  // Both sides share the cores with anything else running; a high load makes every number suspect.
  const loadAfter = loadavg()[0];
  console.log(
    `${availableParallelism()} cores; 1-min load average ${loadBefore.toFixed(2)} before the browser runs, ${loadAfter.toFixed(2)} after`,
  );
  if (Math.max(loadBefore, loadAfter) > availableParallelism()) {
    console.log(
      'WARNING: more runnable work than cores (other processes are competing): lab/bare ratios are mostly noise; rerun on a quiet machine.',
    );
  }
  console.log(labVsBareTable(rows, target));
  console.log('');

  if (!hasShared) {
    console.log(
      `Browser vs onnxruntime-node: skipped, no ${onnxModel} (set CROSSCHECK_SHARED to the shared data folder)`,
    );
    return;
  }
  const manifest = modelManifestSchema.parse(
    JSON.parse(await readFile(join(projectRoot, 'models', 'mobilenetv2-int8.json'), 'utf8')),
  );
  const onnxRows = rows.filter((r) => r.modelId === manifest.id && r.lab);
  const best = [...onnxRows].sort((a, b) => a.lab!.p50Ms - b.lab!.p50Ms)[0];
  if (!best) {
    console.log('Browser vs onnxruntime-node: skipped, no browser configuration ran the ONNX model');
    return;
  }
  // The browser is closed by now, so native ORT has the cores to itself, as each browser lane had.
  const input = await firstImageTensor(imagenetDir, manifest.preprocess);
  const threads = best.threads ?? Math.min(4, availableParallelism());
  log(`${elapsed()} onnxruntime-node cpu (${threads} threads) on ${input.name}`);
  const node = await ortNodeLatency(onnxModel, input.tensor, {
    inputName: manifest.inputName,
    warmupRuns: best.warmupRuns,
    timedRuns: best.timedRuns,
    threads,
  });
  console.log(
    nodeTable(best, {
      ...node,
      summary: summarizeLatency(node.samplesMs),
      inputName: input.name,
      inputSha256: input.sha256,
    }),
  );
  log(`${elapsed()} done`);
}

main().catch((error: Error) => {
  console.error(`bench: ${error.stack ?? error.message}`);
  process.exit(1);
});

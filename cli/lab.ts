import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { summaryTable } from '../src/core/report/summary-table';
import { checkNativeReferences, withNativeReferences } from '../node-reference/native-references';
import { localizationLines } from '../src/localize/localization-record';
import { runHeadless } from './run-headless';

const usage = `usage: npm run lab -- --model <id> [--images <dir>] [--configs a,b,...] [--reference <config>]
                    [--limit N] [--warmup N] [--runs N] [--timeout-ms N] [--out <dir>] [--data <dir>] [--no-build] [--native] [--verbose]
                    [--localize]
  --localize    localize each configuration that does not agree, on its first disagreeing image
  --data <dir>  the lab store and token (default ./data; DATABASE_URL: PostgreSQL instead)
  --native      also run the page's input tensors in Node (TF.js cpu/wasm, onnxruntime-node): a "vs native" column
  models: nsfw-mobilenet-v2 (default), nsfw-inception-v3, darknet-tiny, mobilenetv2-int8 (the last two need ../shared)
  --warmup N: the most warm-up runs per configuration (default 30); warm-up stops once the times are steady
  configs: tfjs-cpu, tfjs-wasm, tfjs-webgl, tfjs-webgpu, ort-wasm, ort-webgpu (JSEP), ort-webgpu-native,
           ort-webgl, ort-webnn, litert-wasm, litert-webgpu, litert-webnn`;

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a whole number, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: 'nsfw-mobilenet-v2' },
      images: { type: 'string' },
      configs: { type: 'string' },
      reference: { type: 'string' },
      limit: { type: 'string' },
      warmup: { type: 'string' },
      runs: { type: 'string' },
      'timeout-ms': { type: 'string' },
      out: { type: 'string', default: 'reports' },
      data: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      native: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      localize: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(usage);

  if (values.native) await checkNativeReferences(values.model);
  const started = Date.now();
  let stored: { ok: boolean; message: string } | undefined;
  // A failed native step keeps the browser run's reports and store copy, and fails the command after them.
  let nativeError = null as string | null;
  const result = await runHeadless({
    modelId: values.model,
    imagesDir: values.images,
    configIds: values.configs
      ?.split(',')
      .map((c) => c.trim())
      .filter(Boolean),
    referenceConfigId: values.reference,
    limit: positiveInt(values.limit, '--limit'),
    warmupRuns: positiveInt(values.warmup, '--warmup'),
    timedRuns: positiveInt(values.runs, '--runs'),
    timeoutMs: positiveInt(values['timeout-ms'], '--timeout-ms'),
    skipBuild: values['no-build'],
    localize: values.localize,
    dataDir: values.data ? resolve(values.data) : undefined,
    onProgress: (p) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0).padStart(4);
      const config = p.phase === 'done' ? '' : `[${p.configIndex + 1}/${p.configCount}] `;
      const image = p.phase === 'images' ? `${String(p.done + 1).padStart(5)}/${p.total}  ` : '';
      process.stderr.write(`${seconds}s  ${config}${p.phase.padEnd(6)} ${image}${p.message}\n`);
    },
    onStored: (outcome) => (stored = outcome),
    augment: values.native
      ? async (run) => {
          process.stderr.write('native references: the same input tensors in Node…\n');
          return withNativeReferences(run, values.images ? resolve(values.images) : undefined).catch(
            (error: Error) => ((nativeError = error.message), run),
          );
        }
      : undefined,
    onConsole: values.verbose ? (line) => process.stderr.write(`  browser ${line}\n`) : undefined,
  });

  const table = summaryTable(result);
  await mkdir(values.out, { recursive: true });
  const stem = join(values.out, `${result.model.id}-${result.startedAt.replace(/[:.]/g, '-')}`);
  await writeFile(`${stem}.json`, JSON.stringify(result, null, 2));
  await writeFile(`${stem}.txt`, table + '\n');
  console.log(table);
  if (values.localize) console.log(localizationLines(result).join('\n'));
  console.log(`\nReport: ${stem}.json\nSummary: ${stem}.txt`);
  const data = values.data ?? './data';
  const where = process.env.DATABASE_URL ? 'PostgreSQL at DATABASE_URL' : `embedded PGlite in ${data}/pglite`;
  if (stored?.ok)
    console.log(
      `Store: ${stored.message} in the lab store (${where}); \`npm start\` serves it at /api/runs/${result.runId} (lab token: ${data}/lab-token)`,
    );
  else console.log(`Store: not stored (${stored?.message ?? 'no answer'}); the report above has everything`);
  if (nativeError) {
    console.error(`lab: native references not added: ${nativeError}`);
    process.exitCode = 1;
  }
}

main().catch((error: Error) => {
  console.error(`lab: ${error.message}`);
  process.exit(1);
});

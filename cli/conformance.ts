import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import {
  conformanceRecordSchema,
  describeCounts,
  type ConformanceRecord,
} from '../src/core/conformance/conformance-schema';
import type { ConformanceOptions, ConformanceProgress } from '../src/lab/conformance/run-conformance';
import { labMounts } from '../server/folder-mounts';
import { serveForCli } from './serve-for-cli';
import { launchChromium } from './chromium';
import { list, storeConformanceRecord, wholeNumber } from './conformance-flags';

const usage = `usage: npm run conformance -- [--configs ort-wasm,ort-webgpu,ort-webgl] [--ops Conv,Resize,...]
                            [--model <zoo id>] [--limit N] [--timeout-ms N] [--out <dir>] [--no-build] [--verbose]
  Runs the ONNX operator tests (Debian's libonnx-testdata, extracted by npm install) in headless
  Chromium, each configuration in its own worker; with --model, the distinct node configurations of that
  zoo model instead, each alone, held to ort-wasm. See docs/conformance.md.`;

/** The page's own suite, driven as a person's click would drive it. */
async function runInPage(
  page: Page,
  url: string,
  options: ConformanceOptions,
  onProgress: (p: ConformanceProgress) => void,
): Promise<ConformanceRecord> {
  await page.exposeFunction('crosscheckConformanceProgress', onProgress);
  await page.goto(url);
  await page.waitForFunction(() => 'crosscheck' in window);
  const raw = await page.evaluate((o) => window.crosscheck.conformance(o), options);
  return conformanceRecordSchema.parse(raw);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      configs: { type: 'string' },
      ops: { type: 'string' },
      model: { type: 'string' },
      limit: { type: 'string' },
      'timeout-ms': { type: 'string' },
      out: { type: 'string', default: 'reports' },
      'no-build': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(usage);
  const options: ConformanceOptions = {
    configIds: list(values.configs),
    ops: list(values.ops),
    modelId: values.model,
    limit: wholeNumber(values.limit, '--limit'),
    timeoutMs: wholeNumber(values['timeout-ms'], '--timeout-ms'),
  };
  const started = Date.now();
  const { server, store } = await serveForCli({
    build: values['no-build'] ? 'if-missing' : 'always',
    mounts: labMounts(),
    databaseUrl: process.env.DATABASE_URL,
    token: process.env.CROSSCHECK_TOKEN,
  });
  const browser = await launchChromium();
  let record: ConformanceRecord;
  let stored: string;
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(0);
    if (values.verbose)
      page.on('console', (m) => process.stderr.write(`  browser [${m.type()}] ${m.text()}\n`));
    record = await runInPage(page, server.url, options, ({ done, total, result }) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0).padStart(5);
      const note = result.status === 'pass' ? '' : `  ${result.detail ?? ''}`.slice(0, 160);
      process.stderr.write(
        `${seconds}s ${String(done).padStart(5)}/${total}  ${result.configId.padEnd(10)} ${result.status.padEnd(11)} ${result.caseId}${note}\n`,
      );
    });
    stored = await storeConformanceRecord(store, record);
  } finally {
    await browser.close();
    await server.close();
  }
  await mkdir(values.out, { recursive: true });
  const file = join(values.out, `conformance-${record.startedAt.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, JSON.stringify(record, null, 2));
  for (const config of record.configs) {
    const seconds = (config.durationMs / 1000).toFixed(1);
    console.log(
      config.unavailable
        ? `${config.configId}: unavailable (${config.unavailable})`
        : `${config.configId}: ${describeCounts(config.counts)} in ${seconds} s`,
    );
  }
  const cases = new Set(record.cases.map((c) => c.caseId)).size;
  console.log(`Store: ${stored}`);
  console.log(`\n${cases} cases in ${(record.durationMs / 1000).toFixed(1)} s; report: ${file}`);
}

main().catch((error: Error) => {
  console.error(`conformance: ${error.message}`);
  process.exit(1);
});

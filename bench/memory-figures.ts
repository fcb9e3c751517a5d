import type { HeadlessOptions } from '../cli/run-headless';
import { mib as bytes, userAgentMemory } from '../src/core/report/format';
import type { RunResult } from '../src/core/result-schema';
import { figure, type BenchFigure } from './bench-figure';
import { peakKiB } from './chromium-memory';
import { renderTable } from './text-table';
import { sampledRun } from './sampled-browser';

const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
const growthTarget = 1.2;

export interface MemoryPlan {
  modelId: string;
  /** The default run's configurations: the model's default set (undefined), or fewer in quick mode. */
  defaultConfigs?: string[];
  /** Images of the default run and of the smaller growth runs; `moreImages` for the larger one. */
  images: number;
  moreImages: number;
  /** Two fast configurations, and two more for the growth run over configurations. */
  fewConfigs: string[];
  moreConfigs: string[];
  /** Memory does not depend on how long a configuration is timed: short loops keep these runs quick. */
  warmupRuns: number;
  timedRuns: number;
}

export interface MemoryFigures {
  figures: BenchFigure[];
  /** Per configuration: its peak during the default run and what the page recorded about its memory. */
  perConfig: string;
  /** The default run, for the agreement the native comparison needs. */
  defaultRun: RunResult;
}

/**
 * Peak browser memory (PSS of all Chromium processes, sampled every second): the default run beside its
 * heaviest configuration run alone, then two growth checks (configurations, images).
 */
export async function memoryFigures(
  url: string,
  plan: MemoryPlan,
  log: (line: string) => void,
  progress?: HeadlessOptions['onProgress'],
): Promise<MemoryFigures> {
  const run = (configIds: string[] | undefined, limit: number) =>
    sampledRun(url, {
      modelId: plan.modelId,
      configIds,
      referenceConfigId: configIds?.[0],
      limit,
      warmupRuns: plan.warmupRuns,
      timedRuns: plan.timedRuns,
      onProgress: progress,
    });
  const which = plan.defaultConfigs?.join(', ') ?? 'every default configuration';
  log(`memory: the default run (${plan.modelId}, ${which}, ${plan.images} images)`);
  const all = await run(plan.defaultConfigs, plan.images);
  const order = all.result.configs.filter((c) => c.status === 'ok').map((c) => c.configId);
  const heaviest = order.sort((a, b) => peakKiB(all.samples, b) - peakKiB(all.samples, a))[0];
  const figures: BenchFigure[] = [];
  if (heaviest) {
    log(`memory: ${heaviest} alone (the heaviest in the default run)`);
    const alone = await run([heaviest], plan.images);
    const ratio = peakKiB(all.samples) / peakKiB(alone.samples);
    figures.push(
      figure(
        'peak memory: default run ÷ heaviest alone',
        `${ratio.toFixed(2)} (${mib(peakKiB(all.samples))} ÷ ${mib(peakKiB(alone.samples))}, ${heaviest})`,
        `≤ ${growthTarget}`,
        ratio <= growthTarget,
      ),
    );
  }
  const growth = async (name: string, small: Awaited<ReturnType<typeof run>>, large: typeof small) => {
    const ratio = peakKiB(large.samples) / peakKiB(small.samples);
    figures.push(
      figure(
        `peak memory growth: ${name}`,
        `${ratio.toFixed(2)} (${mib(peakKiB(small.samples))} → ${mib(peakKiB(large.samples))})`,
        `≤ ${growthTarget} (no growth)`,
        ratio <= growthTarget,
      ),
    );
  };
  const { fewConfigs, moreConfigs } = plan;
  const few = fewConfigs.length;
  const many = few + moreConfigs.length;
  log(
    `memory: growth with configurations (${few} vs ${many}) and images (${plan.images} vs ${plan.moreImages})`,
  );
  const base = await run(fewConfigs, plan.images);
  await growth(
    `${few} → ${many} configurations`,
    base,
    await run([...fewConfigs, ...moreConfigs], plan.images),
  );
  await growth(`${plan.images} → ${plan.moreImages} images`, base, await run(fewConfigs, plan.moreImages));
  return { figures, perConfig: perConfigTable(all.result, all.samples), defaultRun: all.result };
}

/** What each configuration cost in the default run, from the outside (PSS) and as the page recorded it. */
function perConfigTable(result: RunResult, samples: Parameters<typeof peakKiB>[0]): string {
  const rows = result.configs.map((c) => [
    c.configId,
    c.status,
    peakKiB(samples, c.configId) ? mib(peakKiB(samples, c.configId)) : '—',
    bytes(c.memory?.bytesAfterLoad),
    bytes(c.memory?.bytesAfterRun),
    c.memory?.leakedTensors == null ? '—' : String(c.memory.leakedTensors),
    bytes(c.memory?.jsHeapBytes),
    userAgentMemory(c.memory?.userAgent),
  ]);
  return [
    'Memory per configuration in the default run: browser PSS peak while it ran (all processes), TF.js tensor',
    'bytes after load and after the run, tensors left behind, the worker JS heap (performance.memory), and the',
    "worker's memory as measureUserAgentSpecificMemory gives it from the page, threads and array buffers included.",
    '',
    renderTable(
      [
        'configuration',
        'status',
        'PSS peak',
        'tensors after load',
        'after run',
        'leaked',
        'worker JS heap',
        'worker memory (UA)',
      ],
      rows,
    ),
  ].join('\n');
}

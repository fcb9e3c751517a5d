import type { RankedLabel } from '../../core/result-schema';
import type { LabProgress } from '../../lab/run/run-lab';

export interface ConfigProgress {
  configId: string;
  /** 0..1: loading and timing are the first fifth, the image pass the rest. */
  fraction: number;
  stage: 'waiting' | 'loading' | 'timing' | 'images' | 'done';
}

const stageStart = { load: 0, timing: 0.1, images: 0.2 } as const;

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

/**
 * Turns the lab's progress events into a bar per configuration and an overall bar with the time left.
 * Configurations run one after another (load, time, every image, close), so when one starts the one
 * before it is done. The time left comes from what each kind of step has cost so far (loads, timing
 * loops, images), counts down on a clock between events (`tick`), and no bar ever moves backwards.
 */
export class RunProgress {
  configs = $state<ConfigProgress[]>([]);
  overall = $state(0);
  remainingMs = $state<number | null>(null);
  message = $state('');
  /** The first labels the run produced (the reference's cold inference on the first image). */
  firstLabels = $state<{ configId: string; image: string; labels: RankedLabel[] } | null>(null);
  readonly #startedAt: number;
  #current = -1;
  /** The step in progress and when it began. */
  #step: { phase: LabProgress['phase']; at: number } | null = null;
  readonly #loadMs: number[] = [];
  readonly #timingMs: number[] = [];
  /** Per-image cost of each configuration, by configuration. */
  readonly #imageMs = new Map<string, number[]>();
  readonly #configMs: number[] = [];
  #configStartedAt = 0;
  /** Time left as estimated at the last event, and when. */
  #estimate: { ms: number; at: number } | null = null;
  #finished = false;

  constructor(
    configIds: string[],
    private readonly now: () => number = () => performance.now(),
  ) {
    this.configs = configIds.map((configId) => ({ configId, fraction: 0, stage: 'waiting' }));
    this.#startedAt = now();
  }

  update(event: LabProgress): void {
    if (event.firstLabels) {
      // Within the timing step, not a step of its own: kept out of the cost estimates.
      this.firstLabels ??= { configId: event.configId ?? '', ...event.firstLabels };
      return;
    }
    const at = this.now();
    this.message = `${event.phase}: ${event.message}`;
    this.#record(event, at);
    if (event.phase === 'done') {
      for (const c of this.configs) Object.assign(c, { fraction: 1, stage: 'done' });
      this.#finished = true;
      this.#estimate = { ms: 0, at };
    } else {
      const index = this.configs.findIndex((c) => c.configId === event.configId);
      if (index !== this.#current && this.#current >= 0) {
        Object.assign(this.configs[this.#current], { fraction: 1, stage: 'done' });
      }
      this.#current = index;
      if (index >= 0) {
        const share = event.phase === 'images' && event.total ? event.done / event.total : 0;
        const fraction = stageStart[event.phase] + (event.phase === 'images' ? 0.8 * share : 0);
        const stage = event.phase === 'load' ? 'loading' : event.phase;
        const config = this.configs[index];
        Object.assign(config, { fraction: Math.max(config.fraction, fraction), stage });
      }
      const ms = this.#estimateLeft(event);
      this.#estimate = ms === null ? null : { ms, at };
    }
    this.tick();
  }

  /** Counts the estimate down; call it on a clock (every second) so the time left never freezes. */
  tick(): void {
    if (!this.#estimate) return;
    const now = this.now();
    const left = Math.max(0, this.#estimate.ms - (now - this.#estimate.at));
    this.remainingMs = left;
    const elapsed = now - this.#startedAt;
    // Only the end of the run fills the bar: an estimate that ran out leaves it just short.
    const share = this.#finished ? 1 : Math.min(0.99, elapsed / (elapsed + left || 1));
    this.overall = Math.max(this.overall, share);
  }

  /** Books the step that just ended under its kind. */
  #record(event: LabProgress, at: number): void {
    const step = this.#step;
    const current = this.configs[this.#current]?.configId;
    if (step && current !== undefined) {
      const cost = at - step.at;
      if (step.phase === 'load') this.#loadMs.push(cost);
      else if (step.phase === 'timing') this.#timingMs.push(cost);
      else if (step.phase === 'images') {
        const costs = this.#imageMs.get(current) ?? [];
        this.#imageMs.set(current, [...costs, cost]);
      }
    }
    if (event.phase === 'load' || event.phase === 'done') {
      if (step) this.#configMs.push(at - this.#configStartedAt);
      this.#configStartedAt = at;
    }
    this.#step = { phase: event.phase, at };
  }

  /** Time left from measured costs; null until there is something to go on. */
  #estimateLeft(event: LabProgress): number | null {
    const configId = event.configId ?? '';
    const allImages = [...this.#imageMs.values()].flat();
    const perImage = mean(this.#imageMs.get(configId) ?? []) ?? mean(allImages);
    const load = mean(this.#loadMs);
    const timing = mean(this.#timingMs);
    let thisConfig: number | null;
    if (event.phase === 'images') {
      thisConfig = perImage === null ? null : (event.total - event.done) * perImage;
    } else {
      const images = perImage === null ? null : event.total * perImage;
      const before = event.phase === 'load' ? [load, timing, images] : [timing, images];
      thisConfig = before.some((v) => v === null) ? null : before.reduce((a, b) => a! + b!, 0);
    }
    const later = event.configCount - event.configIndex - 1;
    const perConfig = mean(this.#configMs);
    if (later === 0) return thisConfig;
    if (thisConfig === null || perConfig === null) return null;
    return thisConfig + later * perConfig;
  }
}

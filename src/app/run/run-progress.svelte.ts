import type { LabProgress } from '../../lab/run/run-lab';

export interface ConfigProgress {
  configId: string;
  /** 0..1: loading and timing are the first fifth, the image pass the rest. */
  fraction: number;
  stage: 'waiting' | 'loading' | 'timing' | 'images' | 'done';
}

const stageStart = { load: 0, timing: 0.1, images: 0.2 } as const;

/**
 * Turns the lab's progress events into a bar per configuration and an overall bar with the time left.
 * Configurations run one after another (load, time, every image, close), so when one starts the one
 * before it is done. Bars never move backwards.
 */
export class RunProgress {
  configs = $state<ConfigProgress[]>([]);
  overall = $state(0);
  remainingMs = $state<number | null>(null);
  message = $state('');
  #startedAt = 0;
  #current = -1;

  constructor(
    configIds: string[],
    private readonly now: () => number = () => performance.now(),
  ) {
    this.configs = configIds.map((configId) => ({ configId, fraction: 0, stage: 'waiting' }));
    this.#startedAt = now();
  }

  update(event: LabProgress): void {
    this.message = `${event.phase}: ${event.message}`;
    if (event.phase === 'done') {
      for (const c of this.configs) Object.assign(c, { fraction: 1, stage: 'done' });
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
    }
    const total = this.configs.reduce((sum, c) => sum + c.fraction, 0);
    this.overall = this.configs.length ? Math.max(this.overall, total / this.configs.length) : 0;
    const elapsed = this.now() - this.#startedAt;
    this.remainingMs =
      this.overall === 1 ? 0 : this.overall > 0 ? (elapsed * (1 - this.overall)) / this.overall : null;
  }
}

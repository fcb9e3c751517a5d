import type { LabProgress } from '../../lab/run/run-lab';

export interface ConfigProgress {
  configId: string;
  /** 0..1: loading and timing are the first half, the image pass the second. */
  fraction: number;
  stage: 'waiting' | 'loading' | 'timing' | 'images' | 'done';
}

/**
 * Turns the lab's progress events into a bar per configuration and an overall bar with the time left.
 * Configurations are loaded and timed one after another, then every image goes through all of them.
 */
export class RunProgress {
  configs = $state<ConfigProgress[]>([]);
  overall = $state(0);
  remainingMs = $state<number | null>(null);
  message = $state('');
  #setupDone = 0;
  #imagesDone = 0;
  #imagesTotal = 0;
  #startedAt = 0;

  constructor(
    configIds: string[],
    private readonly now: () => number = () => performance.now(),
  ) {
    this.configs = configIds.map((configId) => ({ configId, fraction: 0, stage: 'waiting' }));
    this.#startedAt = now();
  }

  update(event: LabProgress): void {
    this.message = `${event.phase}: ${event.message}`;
    const index = this.configs.findIndex((c) => c.configId === event.configId);
    if (event.phase === 'load' || event.phase === 'timing') {
      // Everything before this configuration is set up.
      this.configs.forEach((c, i) => {
        if (i < index && c.fraction < 0.5) Object.assign(c, { fraction: 0.5, stage: 'images' });
      });
      if (index >= 0) {
        this.configs[index].stage = event.phase === 'load' ? 'loading' : 'timing';
        this.configs[index].fraction = event.phase === 'load' ? 0 : 0.25;
      }
      this.#setupDone = 2 * event.done + (event.phase === 'timing' ? 1 : 0);
    } else if (event.phase === 'images') {
      this.#setupDone = 2 * this.configs.length;
      this.#imagesTotal = event.total;
      this.#imagesDone = event.done;
      const share = event.total ? event.done / event.total : 1;
      for (const c of this.configs) Object.assign(c, { fraction: 0.5 + share / 2, stage: 'images' });
    } else {
      this.#setupDone = 2 * this.configs.length;
      this.#imagesDone = this.#imagesTotal;
      for (const c of this.configs) Object.assign(c, { fraction: 1, stage: 'done' });
    }
    const steps = 2 * this.configs.length + this.#imagesTotal;
    this.overall = event.phase === 'done' ? 1 : steps ? (this.#setupDone + this.#imagesDone) / steps : 0;
    const elapsed = this.now() - this.#startedAt;
    this.remainingMs = this.overall > 0 && this.overall < 1 ? (elapsed * (1 - this.overall)) / this.overall : this.overall === 1 ? 0 : null;
  }
}

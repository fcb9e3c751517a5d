import { defineConfig } from '@playwright/test';
import { matrixProjects } from './cli/matrix-profiles';
import type { MatrixProfile } from './cli/matrix-profiles';

/** The device matrix: one project per simulated profile (`--project=phone`), shardable (`--shard=1/4`). */
export default defineConfig<{ profile: MatrixProfile }>({
  testDir: 'e2e/matrix',
  globalSetup: './e2e/support/build-once.ts',
  workers: 1,
  fullyParallel: true,
  timeout: 15 * 60_000,
  reporter: process.env.CI
    ? [
        ['list'],
        ['html', { open: 'never', outputFolder: 'matrix-report' }],
        ['json', { outputFile: 'matrix-report/results.json' }],
      ]
    : [['list']],
  outputDir: 'test-results/matrix',
  use: { browserName: 'chromium', actionTimeout: 30_000 },
  projects: matrixProjects,
});

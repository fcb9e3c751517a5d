import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './cli/chromium';

/** Real system Chromium, one test file at a time: each run loads several runtimes on a 2-core machine. */
export default defineConfig({
  testDir: 'e2e',
  // The device matrix has its own config (playwright.matrix.config.ts).
  testIgnore: 'matrix/**',
  globalSetup: './e2e/support/build-once.ts',
  workers: 1,
  timeout: 10 * 60_000,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    actionTimeout: 30_000,
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
  },
});

import type { Page } from '@playwright/test';
import { configurations } from '../../src/adapters/configurations';

/** Leaves exactly these configurations ticked in the run form (the others offered are unticked). */
export async function keepOnlyConfigurations(page: Page, keep: string[]): Promise<void> {
  for (const { label } of configurations) {
    const box = page.getByLabel(label, { exact: true });
    if ((await box.count()) === 0) continue;
    await box.setChecked(keep.includes(label));
  }
}

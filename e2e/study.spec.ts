import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './support/axe';
import { useLabServer } from './support/lab-server';
import { smallStudy } from './support/small-study';

const server = useLabServer();

const study = smallStudy;

async function openStudy(page: Page) {
  await page.getByRole('button', { name: 'Study', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Study', exact: true })).toBeVisible();
}

const cellRunIds = (page: Page) =>
  page
    .getByTestId('study-cells')
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => `${r.dataset.cell} ${r.dataset.state} ${r.children[3].textContent}`),
    );

test('a study of 2 options × 2 variants is cut off by a reload, resumes without measuring twice, and recommends', async ({
  page,
}, testInfo) => {
  test.setTimeout(8 * 60_000);
  await page.goto(server.url);
  await openStudy(page);
  await page.getByLabel(/study file/).setInputFiles({
    name: 'study.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(study)),
  });
  await page.getByRole('button', { name: 'Start study' }).click();
  const cells = page.getByTestId('study-cells');
  await expect(cells.locator('tbody tr')).toHaveCount(4);

  // Midway: the original's run is done and the fp16 run has checkpointed; then the page goes away.
  await expect(cells.locator('tr[data-state="done"]')).toHaveCount(2, { timeout: 4 * 60_000 });
  const inFlight = await expect
    .poll(() => page.evaluate(() => window.crosscheck.unfinishedRuns()), { timeout: 2 * 60_000 })
    .toHaveLength(1)
    .then(() => page.evaluate(() => window.crosscheck.unfinishedRuns()));
  const before = await cellRunIds(page);
  await page.reload();

  await openStudy(page);
  const offer = page.getByTestId('study-resume-offer');
  await expect(offer).toContainText('e2e options × variants');
  await expect(offer).toContainText('2 of 4 cells done or skipped');
  await offer.getByRole('button', { name: 'Resume study' }).click();
  const results = page.getByTestId('study-results');
  await expect(results).toBeVisible({ timeout: 4 * 60_000 });

  const after = await cellRunIds(page);
  // The original's cells kept their run; the fp16 cells are the run that was in flight, carried on.
  expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
  expect(after.slice(2)).toEqual([
    `fp16 ort-wasm[threads=1] done ${inFlight[0].slice(0, 8)}`,
    `fp16 ort-wasm[threads=2] done ${inFlight[0].slice(0, 8)}`,
  ]);
  // Two runs in History, each once, both tagged with the study.
  const runs = await page.evaluate(
    () =>
      new Promise<(string | undefined)[]>((resolve, reject) => {
        const open = indexedDB.open('crosscheck');
        open.onerror = () => reject(new Error(`indexedDB: ${open.error?.message}`));
        open.onsuccess = () => {
          const all = open.result.transaction('runs').objectStore('runs').getAll();
          all.onerror = () => reject(new Error(`indexedDB: ${all.error?.message}`));
          all.onsuccess = () =>
            resolve(
              all.result.map((r: { record: { study?: { variant: string } } }) => r.record.study?.variant),
            );
        };
      }),
  );
  expect(runs.sort()).toEqual(['fp16', 'original']);

  const recommendation = results.getByTestId('recommendation');
  await expect(recommendation).toContainText('The fastest cell whose verdict agrees');
  await expect(recommendation).toHaveAttribute('data-pick', / on ort-wasm\[threads=[12]\]$/);
  await expect(results.getByTestId('study-matrix').locator('svg').first()).toBeVisible();
  await expect(page.getByTestId('study-resume-offer')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('study.png'), fullPage: true });
  await expectAccessible(page, 'Study');
});

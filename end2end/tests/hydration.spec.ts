// The hydrated app: no console errors, and client-side navigation without reloads.
import { expect, test } from '@playwright/test';
import { hydrated, postTitles } from './helpers';

test('pages hydrate without console errors @js-only', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));

  for (const path of ["/", "/posts?q=notes", "/posts?page=2"]) {
    await page.goto(path);
    await hydrated(page);
  }
  await postTitles(page).first().getByRole('link').click();
  await expect(page.getByText(/^Total Likes: \d+$/)).toBeVisible();
  await page.goto(await page.url());
  await hydrated(page);
  expect(problems).toEqual([]);
});

test('links navigate in the browser without reloading the page @js-only', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  await page.evaluate(() => ((window as unknown as { quireMarker: number }).quireMarker = 42));

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Posts', exact: true }).click();
  await expect(page).toHaveURL(/\/posts$/);
  await expect(postTitles(page)).toHaveCount(20);
  await page.getByRole('link', { name: 'Older' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(postTitles(page)).toHaveCount(20);

  const marker = await page.evaluate(() => (window as unknown as { quireMarker?: number }).quireMarker);
  expect(marker).toBe(42);
});

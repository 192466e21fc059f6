// The development loop, against a running `cargo leptos watch` (scripts/watch_check.sh
// starts it from a scratch copy of the checkout): the site serves and its islands hydrate;
// a change to a view's text is rebuilt, served, and the open page reloads by itself.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const VIEW_FILE = process.env.QUIRE_WATCH_VIEW_FILE!;
const BEFORE = 'Quire: write, read, like.';
const AFTER = 'Quire: write, read, like, rebuilt by the watcher.';

test('the watcher serves a hydrated site and reloads the page after a view changes', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));

  const posts = await page.goto('/posts');
  expect(posts?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: 'Posts' })).toBeVisible();
  // A page with an island: its WebAssembly loads and hydrates.
  await page.goto('/signup');
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true', { timeout: 60_000 });
  expect(errors).toEqual([]);

  await page.evaluate(() => ((window as unknown as { watchMarker: number }).watchMarker = 7));
  const source = readFileSync(VIEW_FILE, 'utf8');
  expect(source).toContain(BEFORE);
  const changedAt = Date.now();
  writeFileSync(VIEW_FILE, source.replace(BEFORE, AFTER));
  await expect(page.getByText(AFTER)).toBeVisible({ timeout: 600_000 });
  const seconds = (Date.now() - changedAt) / 1000;
  // The new text came with a reload the watcher asked for, not one we made.
  const marker = await page.evaluate(() => (window as unknown as { watchMarker?: number }).watchMarker);
  expect(marker).toBeUndefined();
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true', { timeout: 60_000 });
  console.log(`QUIRE_WATCH_REBUILD_SECONDS=${seconds.toFixed(1)}`);
});

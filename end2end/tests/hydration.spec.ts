// The hydrated app: no console errors, and client-side navigation without reloads.
import { expect, test } from '@playwright/test';
import { hydrated, pageAs, postTitles } from './helpers';

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

test('a form sent before the app loaded hydrates with its errors and values @js-only', async ({ browser }) => {
  const page = await pageAs(browser, 'ada');
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  // Hold the WebAssembly back, so the first submit is a plain form post.
  let holdBack = true;
  await page.route(/\.wasm$/, async (route) => {
    if (holdBack) await new Promise((resolve) => setTimeout(resolve, 2_500));
    await route.continue();
  });
  await page.goto('/posts/new');
  await page.getByLabel('Title').fill('T'.repeat(130));
  await page.getByLabel('Content').fill('Kept through the flash.');
  await page.getByRole('button', { name: 'Create Post' }).click();
  await expect(page.getByText('Title must be at most 120 characters.')).toBeVisible();
  holdBack = false;

  await hydrated(page);
  expect(problems).toEqual([]);
  await expect(page.getByText('Title must be at most 120 characters.')).toBeVisible();
  await expect(page.getByLabel('Content')).toHaveValue('Kept through the flash.');

  // Hydrated, the same form now submits through the app. The server answers 422, which
  // the browser notes in the console as a failed resource: expected, and the only entry.
  await page.getByLabel('Title').fill('');
  await page.getByRole('button', { name: 'Create Post' }).click();
  await expect(page.getByText('Title is required.')).toBeVisible();
  await expect(page.getByText('Title must be at most 120 characters.')).toHaveCount(0);
  expect(problems.filter((p) => !/status of 422/.test(p))).toEqual([]);
});

test('signed-in pages hydrate under the Content-Security-Policy without console errors @js-only', async ({ browser }) => {
  const page = await pageAs(browser, 'admin');
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  for (const path of ['/dashboard', '/dashboard/sessions', '/posts/new', '/users/ada', '/posts']) {
    const response = await page.goto(path);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self' 'nonce-");
    expect(response?.headers()['cache-control']).toBe('private, no-store');
    await hydrated(page);
  }
  expect(problems).toEqual([]);
});

// The hydrated app: no console errors, and client-side navigation without reloads.
import { expect, test } from '@playwright/test';
import { holdRequests, holdsIslands, hydrated, pageAs, postTitles, ready } from './helpers';

test('pages without islands load no script or WebAssembly; islands hydrate without console errors @js-only', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  const loaded: string[] = [];
  page.on('request', (r) => {
    if (/\.(js|wasm)$/.test(new URL(r.url()).pathname)) loaded.push(r.url());
  });

  for (const path of ['/', '/posts?q=notes', '/posts?page=2', '/login']) {
    await page.goto(path, { waitUntil: 'networkidle' });
    expect(await holdsIslands(page)).toBe(false);
  }
  await page.goto('/posts');
  await postTitles(page).first().getByRole('link').click();
  await expect(page.getByText(/^Total Likes: \d+$/)).toBeVisible();
  expect(loaded).toEqual([]);

  // The sign-up page holds one island (the email field): it loads, hydrates, and works.
  await page.goto('/signup');
  await hydrated(page);
  expect(loaded.some((url) => url.endsWith('.wasm'))).toBe(true);
  expect(problems).toEqual([]);
});

test('a form sent before the app loaded hydrates with its errors and values @js-only', async ({ browser }) => {
  const page = await pageAs(browser, 'ada');
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  // Hold the WebAssembly back, so the first submit is a plain form post.
  const wasm = await holdRequests(page, /\.wasm$/);
  await page.goto('/posts/new');
  await page.getByLabel('Title').fill('T'.repeat(130));
  await page.getByLabel('Content').fill('Kept through the flash.');
  await page.getByRole('button', { name: 'Create Post' }).click();
  await expect(page.getByText('Title must be at most 120 characters.')).toBeVisible();
  wasm.release();

  await hydrated(page);
  expect(problems).toEqual([]);
  await expect(page.getByText('Title must be at most 120 characters.')).toBeVisible();
  await expect(page.getByLabel('Content')).toHaveValue('Kept through the flash.');

  // Hydrated, the same form now posts through the island and shows the answer in place.
  // The server answers 422, which the browser notes in the console as a failed resource:
  // expected, and the only entry.
  await page.getByLabel('Title').fill('');
  await page.getByRole('button', { name: 'Create Post' }).click();
  await expect(page.getByText('Title is required.')).toBeVisible();
  await expect(page.getByText('Title must be at most 120 characters.')).toHaveCount(0);
  await expect(page.getByLabel('Content')).toHaveValue('Kept through the flash.');
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
    await ready(page);
  }
  // Those with islands did hydrate.
  for (const path of ['/dashboard', '/dashboard/sessions', '/posts/new']) {
    await page.goto(path);
    await hydrated(page);
  }
  expect(problems).toEqual([]);
});

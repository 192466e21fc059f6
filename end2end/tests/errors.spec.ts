// Error boundaries per segment, and the 500 page after a panic, with JavaScript on and
// off. The faults are injected by the test-hooks build through cookies.
import { expect, test } from '@playwright/test';
import { jsOn, logIn, markWindow, postItems, ready, sameWindow } from './helpers';

const FAIL_COOKIE = 'quire_test_fail';
const PANIC_COOKIE = 'quire_test_panic';

test('a failing posts list shows its boundary, the page stays, and "Try again" recovers', async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: FAIL_COOKIE, value: 'posts', url: baseURL! }]);
  await page.goto('/posts');
  await ready(page);
  const boundary = page.getByRole('alert').filter({ hasText: 'Something went wrong!' });
  await expect(boundary).toBeVisible();
  await expect(boundary).toContainText(/reference [0-9a-f-]{8,}/);
  await expect(page.getByRole('heading', { level: 1, name: 'Posts' })).toBeVisible();
  await expect(page.getByLabel('Search posts')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(postItems(page)).toHaveCount(0);
  if (jsOn()) await markWindow(page);

  await context.clearCookies({ name: FAIL_COOKIE });
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(postItems(page)).toHaveCount(20);
  await expect(boundary).toHaveCount(0);
  if (jsOn()) expect(await sameWindow(page)).toBe(true);
});

test('a failing dashboard panel fails alone and recovers', async ({ page, context, baseURL }) => {
  await logIn(page, 'ada@quire.test', 'User123!x');
  await context.addCookies([{ name: FAIL_COOKIE, value: 'my-posts', url: baseURL! }]);
  await page.goto('/dashboard');
  await ready(page);
  await expect(page.getByRole('heading', { name: 'Welcome, Ada Lovelace' })).toBeVisible();
  const panel = page.getByRole('region', { name: 'Your posts' });
  await expect(panel.getByText('Something went wrong!')).toBeVisible();

  await context.clearCookies({ name: FAIL_COOKIE });
  await panel.getByRole('button', { name: 'Try again' }).click();
  await expect(panel.getByRole('list', { name: 'Your posts' })).toBeVisible();
  await expect(panel.getByText('Something went wrong!')).toHaveCount(0);
});

test('a failing post body recovers with "Try again"', async ({ page, context, baseURL }) => {
  await page.goto('/posts');
  const link = postItems(page).first().getByRole('link').first();
  const title = (await link.textContent())!.trim();
  const path = (await link.getAttribute('href'))!;
  await context.addCookies([{ name: FAIL_COOKIE, value: 'post', url: baseURL! }]);
  await page.goto(path);
  await ready(page);
  await expect(page.getByText('Something went wrong!')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

  await context.clearCookies({ name: FAIL_COOKIE });
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
});

test('a panic gives a full 500 page and the next request is served', async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: PANIC_COOKIE, value: '1', url: baseURL! }]);
  const failed = await page.goto('/posts');
  expect(failed?.status()).toBe(500);
  await expect(page.getByRole('heading', { level: 1, name: 'Something went wrong!' })).toBeVisible();
  await expect(page).toHaveTitle(/Something went wrong/);

  await context.clearCookies({ name: PANIC_COOKIE });
  const next = await page.goto('/posts');
  expect(next?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: 'Posts' })).toBeVisible();
  await expect(postItems(page)).toHaveCount(20);
});

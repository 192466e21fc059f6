// Shared helpers: locators by the contract's roles and labels, and the test-only latency.
import { expect, type BrowserContext, type Page } from '@playwright/test';

/** The cookie a `test-hooks` build reads to slow each post-list query (milliseconds). */
export const POSTS_DELAY_COOKIE = 'quire_test_posts_delay_ms';

/** The demo data's post count (`quire seed`). */
export const DEMO_POSTS = 64;

export async function slowPostsQuery(context: BrowserContext, baseURL: string, ms: number) {
  await context.addCookies([{ name: POSTS_DELAY_COOKIE, value: String(ms), url: baseURL }]);
}

export function postList(page: Page) {
  return page.getByRole('list', { name: 'Posts' });
}

export function postItems(page: Page) {
  return postList(page).getByRole('listitem');
}

export function postTitles(page: Page) {
  return postItems(page).getByRole('heading');
}

/** Waits until the WebAssembly app has hydrated the page. */
export async function hydrated(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
}

// Shared helpers: locators by the contract's roles and labels, and the test-only latency.
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';

/** The cookie a `test-hooks` build reads to hold each posts query at a named gate. */
export const POSTS_GATE_COOKIE = 'quire_test_posts_gate';

/** The demo data's post count (`quire seed`). */
export const DEMO_POSTS = 64;

/** Holds this context's posts queries at a gate of their own until `open()`: whatever a
 * page shows before then, it showed without its posts. */
export async function holdPostsQuery(context: BrowserContext, baseURL: string) {
  const name = `gate-${test.info().project.name}-${test.info().testId}-${Date.now()}`.replace(/[^A-Za-z0-9-]+/g, "-");
  await context.addCookies([{ name: POSTS_GATE_COOKIE, value: name, url: baseURL }]);
  const origin = new URL(baseURL).origin;
  return {
    async open() {
      const opened = await context.request.post(`${origin}/__test/gates/${encodeURIComponent(name)}/open`, {
        headers: { origin },
      });
      expect(opened.status()).toBe(204);
    },
  };
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

/** Holds every request matching `url` until `release()` is called, then lets each go on
 * (or fails each, with `fail: true`): a pending state can be looked at for as long as the
 * test needs, with no clock. */
export async function holdRequests(page: Page, url: RegExp, options: { fail?: boolean } = {}) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(url, async (route) => {
    await released;
    if (options.fail) await route.abort();
    else await route.continue();
  });
  return { release };
}

/** Waits until the WebAssembly app has hydrated the page. */
export async function hydrated(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
}

/** Whether this project runs with JavaScript on. */
export function jsOn(): boolean {
  return test.info().project.use.javaScriptEnabled !== false;
}

/** Whether the page holds an island (the only parts that run in the browser). */
export async function holdsIslands(page: Page): Promise<boolean> {
  return (await page.locator('leptos-island').count()) > 0;
}

/** With JavaScript on, waits until the page's islands are hydrated; a page without islands
 * (and any page without JavaScript) is ready as served. */
export async function ready(page: Page) {
  if (jsOn() && (await holdsIslands(page))) await hydrated(page);
}

/** Logs in through the form and lands on the dashboard. */
export async function logIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await ready(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log In' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

/** A page of its own (own cookies), logged in as one of the demo users. */
export async function pageAs(browser: Browser, who: 'admin' | 'ada' | 'bob' | 'carol'): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await logIn(page, `${who}@quire.test`, who === 'admin' ? 'Admin123!x' : 'User123!x');
  return page;
}

/** Marks the window, so a later check can tell whether the page was reloaded. */
export async function markWindow(page: Page) {
  await page.evaluate(() => ((window as unknown as { quireMarker: number }).quireMarker = 42));
}

/** Whether the window marked by `markWindow` is still the same (no reload happened). */
export async function sameWindow(page: Page): Promise<boolean> {
  return (await page.evaluate(() => (window as unknown as { quireMarker?: number }).quireMarker)) === 42;
}

/** A title (or name) no other test or run uses. */
export const fresh = (label: string) => `${label} ${test.info().project.name} ${Date.now()}`;

/** Writes a post through the form; returns its path, with the post open. */
export async function createPost(page: Page, title: string, content: string): Promise<string> {
  await page.goto('/posts/new');
  await ready(page);
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Content').fill(content);
  await page.getByRole('button', { name: 'Create Post' }).click();
  await expect(page).toHaveURL(/\/posts$/);
  await expect(postTitles(page).first()).toHaveText(title);
  await postTitles(page).first().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await ready(page);
  return new URL(page.url()).pathname;
}

/** Deletes the open post (confirming, when JavaScript asks to) and lands on /posts. */
export async function deleteOpenPost(page: Page) {
  await page.getByRole('button', { name: 'Delete' }).click();
  if (jsOn()) await page.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(page).toHaveURL(/\/posts$/);
}


// Hostile strings through every field a user controls, in a release build in production
// mode (its own server, `prod` in playwright.config.ts), with JavaScript on and off: a
// user's name, a post's title and content, the search and `next` each carry a payload,
// and every page that shows it shows it as text. Any dialog would be a payload running:
// each page check fails if one opened. No element a payload could make (an image, a frame,
// an inline SVG) appears, the document's title is the payload as typed, and the page's
// Content-Security-Policy names only a nonce, on a first render and a page-cache hit.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createPost, ready } from './helpers';

const HOSTILE = [
  'X</title><script>alert(41)</script>',
  '"><img src=x onerror=alert(42)>',
  'javascript:alert(43)',
  '<svg onload=alert(44)>',
  '&lt;script&gt;alert(45)&lt;/script&gt;',
  '<iframe srcdoc="<script>alert(46)</script>"></iframe>',
  '<a href="javascript:alert(47)">x</a>',
  "'><body onload=alert(48)>",
  '<!--<script>alert(49)//-->',
  '</textarea><script>alert(50)</script>',
];

/** The dialogs each page opened (an alert is a payload that ran). */
const dialogs = new WeakMap<Page, string[]>();

/** A page of its own that notes (and dismisses) every dialog. */
async function guarded(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  const opened: string[] = [];
  dialogs.set(page, opened);
  page.on('dialog', async (dialog) => {
    opened.push(dialog.message());
    await dialog.dismiss();
  });
  return page;
}

/** The checks every page showing `payload` must pass. */
async function inert(page: Page, path: string, shown: string | null) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  const csp = (await response?.headerValue('content-security-policy')) ?? '';
  expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9_-]+' 'wasm-unsafe-eval'/);
  expect(csp, path).not.toContain('sha256-');
  await expect(page.locator('img, svg, iframe')).toHaveCount(0);
  await expect(page.locator('[onerror], [onload], [onclick]')).toHaveCount(0);
  await expect(page.locator('a[href^="javascript:"]')).toHaveCount(0);
  if (shown !== null) await expect(page.getByText(shown, { exact: false }).first()).toBeVisible();
  expect(dialogs.get(page), `${path}: a payload ran`).toEqual([]);
}

test('hostile names, titles, contents, searches and next stay text on every page', async ({ browser }) => {
  test.setTimeout(180_000);
  const project = test.info().project.name;
  const writer = await guarded(browser);
  const email = `hostile-${project.replace(/\W+/g, "-")}-${Date.now()}@quire.test`;
  await writer.goto('/signup');
  await ready(writer);
  await writer.getByLabel('Name').fill('Hostile Writer');
  await writer.getByLabel('Email').fill(email);
  await writer.getByLabel('Password').fill('Hostile123!x');
  await writer.getByRole('button', { name: 'Sign Up' }).click();
  await expect(writer).toHaveURL(/\/dashboard$/);
  const profile = await writer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hostile Writer' }).getAttribute('href');
  expect(profile).toMatch(/^\/users\/[a-z0-9-]+$/);

  const reader = await guarded(browser);
  for (const payload of HOSTILE) {
    // The payload as the writer's name, then as a post's title and content.
    await writer.goto('/settings');
    await ready(writer);
    await writer.getByLabel('Name').fill(payload);
    await writer.getByRole('button', { name: 'Save Profile' }).click();
    await expect(writer.getByText('Profile saved.')).toBeVisible();
    const path = await createPost(writer, payload, payload);
    await expect(writer).toHaveTitle(`${payload} · Quire`);
    await expect(writer.getByRole('heading', { level: 1 })).toHaveText(payload);

    for (const [where, shown] of [
      [path, payload],
      [profile!, payload],
      ['/posts', payload],
      ['/', payload],
      [`/posts?q=${encodeURIComponent(payload)}`, null],
    ] as const) {
      // Signed out, twice (the second from the page cache), and as the writer.
      await inert(reader, where, shown);
      await inert(reader, where, shown);
      await inert(writer, where, shown);
    }
    await inert(writer, '/dashboard', payload);

    // `next` carrying the payload sends nowhere but this site.
    const visitor = await guarded(browser);
    await visitor.goto(`/login?next=${encodeURIComponent(payload)}`);
    await ready(visitor);
    await visitor.getByLabel('Email').fill(email);
    await visitor.getByLabel('Password').fill('Hostile123!x');
    await visitor.getByRole('button', { name: 'Log In' }).click();
    await expect(visitor).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\//);
    await visitor.context().close();
  }
});

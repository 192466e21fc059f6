// Creating, deleting and liking posts, and on-demand revalidation, with JavaScript on
// and off. Every test cleans up after itself, so the demo data stays as the other specs
// expect it.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createPost, deleteOpenPost, fresh, holdRequests, jsOn, markWindow, pageAs, postItems, postTitles, ready, sameWindow } from './helpers';

test('create a post: each validation error with values kept, then success on top of /posts', async ({ browser }) => {
  const page = await pageAs(browser, 'ada');
  await page.goto('/posts/new');
  await ready(page);
  const create = page.getByRole('button', { name: 'Create Post' });

  await create.click();
  await expect(page.getByText('Title is required.')).toBeVisible();
  await expect(page.getByText('Content is required.')).toBeVisible();

  const longTitle = 'T'.repeat(121);
  await page.getByLabel('Title').fill(longTitle);
  await page.getByLabel('Content').fill('Some content');
  await create.click();
  await expect(page.getByText('Title must be at most 120 characters.')).toBeVisible();
  await expect(page.getByText('Content is required.')).toHaveCount(0);
  await expect(page.getByLabel('Title')).toHaveValue(longTitle);
  await expect(page.getByLabel('Content')).toHaveValue('Some content');

  const longContent = 'c'.repeat(20_001);
  await page.getByLabel('Title').fill('Fine title');
  await page.getByLabel('Content').fill(longContent);
  await create.click();
  await expect(page.getByText('Content must be at most 20,000 characters.')).toBeVisible();
  await expect(page.getByText('Title must be at most 120 characters.')).toHaveCount(0);
  await expect(page.getByLabel('Title')).toHaveValue('Fine title');
  await expect(page.getByLabel('Content')).toHaveValue(longContent);

  const title = fresh('Fresh off the press');
  await page.getByLabel('Title').fill(`  ${title}  `);
  await page.getByLabel('Content').fill('Line one.\n\nLine two.');
  await create.click();
  await expect(page).toHaveURL(/\/posts$/);
  await expect(postTitles(page).first()).toHaveText(title);
  await expect(postItems(page).first()).toContainText('Ada Lovelace');

  await postTitles(page).first().getByRole('link').click();
  await expect(page.getByText('Line one.')).toBeVisible();
  await expect(page.getByText('Line two.')).toBeVisible();
  await ready(page);
  await deleteOpenPost(page);
});

test('the create button reads "Creating…" and is disabled while pending @js-only', async ({ browser }) => {
  const page = await pageAs(browser, 'ada');
  await page.goto('/posts/new');
  await ready(page);
  // Hold the request back while the pending state is looked at.
  const held = await holdRequests(page, /\/api\/create_post/);
  const title = fresh('Pending');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Content').fill('Wait for it.');
  await page.getByRole('button', { name: 'Create Post' }).click();
  const pending = page.getByRole('button', { name: 'Creating…' });
  await expect(pending).toBeVisible();
  await expect(pending).toBeDisabled();
  held.release();
  await expect(page).toHaveURL(/\/posts$/);
  await expect(postTitles(page).first()).toHaveText(title);
  await postTitles(page).first().getByRole('link').click();
  await ready(page);
  await deleteOpenPost(page);
});

test('delete: the author, an admin, and never another user', async ({ browser }) => {
  const ada = await pageAs(browser, 'ada');
  const title = fresh('Doomed');
  const path = await createPost(ada, title, 'Not for long.');

  // Bob sees no Delete button, and a forged request changes nothing.
  const bob = await pageAs(browser, 'bob');
  await bob.goto(path);
  await expect(bob.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(bob.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  const form = ada.getByRole('button', { name: 'Delete' }).locator('xpath=ancestor::form');
  const action = (await form.getAttribute('action'))!;
  const postId = await form.locator('input[name="post_id"]').inputValue();
  const forged = await bob.request.post(action, {
    form: { post_id: postId },
    headers: { accept: 'application/json', origin: new URL(bob.url()).origin },
  });
  expect(forged.status()).toBe(403);
  expect(await forged.json()).toEqual({
    error: 'forbidden',
    message: 'Only the author or an admin can change this post.',
  });
  await bob.reload();
  await expect(bob.getByRole('heading', { level: 1 })).toHaveText(title);

  if (jsOn()) {
    // With JavaScript, deleting asks first; "Cancel" keeps the post.
    await ada.getByRole('button', { name: 'Delete' }).click();
    await expect(ada.getByText('Delete this post? This cannot be undone.')).toBeVisible();
    await ada.getByRole('button', { name: 'Cancel' }).click();
    await expect(ada.getByRole('button', { name: 'Yes, delete' })).toHaveCount(0);
    await expect(ada.getByRole('heading', { level: 1 })).toHaveText(title);
  }
  await deleteOpenPost(ada);
  await expect(postTitles(ada).first()).not.toHaveText(title);
  expect((await ada.goto(path))?.status()).toBe(404);

  // An admin may delete anyone's post.
  const bobsTitle = fresh('Moderated');
  const bobsPath = await createPost(bob, bobsTitle, 'Against the rules.');
  const admin = await pageAs(browser, 'admin');
  await admin.goto(bobsPath);
  await ready(admin);
  await deleteOpenPost(admin);
  await expect(postTitles(admin).first()).not.toHaveText(bobsTitle);
  expect((await admin.goto(bobsPath))?.status()).toBe(404);
});

/** With JavaScript the count changes at once, before the server has answered (an optimistic
 * update): before leaving the page to see that the like lasted, wait for the server's answer
 * to the click, as a reader's next page would follow it. Without JavaScript the click is a
 * form post whose redirect the page has already followed. */
function likeSaved(page: Page): Promise<unknown> {
  if (!jsOn()) return Promise.resolve();
  return page.waitForResponse((response) => /\/api\/set_like/.test(response.url()) && response.ok());
}

test('like and unlike update the count without a reload, and it lasts', async ({ browser }) => {
  const ada = await pageAs(browser, 'ada');
  const title = fresh('Likeable');
  const path = await createPost(ada, title, 'Like me.');

  const carol = await pageAs(browser, 'carol');
  await carol.goto(path);
  await ready(carol);
  if (jsOn()) await markWindow(carol);
  await expect(carol.getByText('Total Likes: 0')).toBeVisible();
  let saved = likeSaved(carol);
  await carol.getByRole('button', { name: 'Like', exact: true }).click();
  await expect(carol.getByText('Total Likes: 1')).toBeVisible();
  await expect(carol.getByRole('button', { name: 'Unlike' })).toBeVisible();
  if (jsOn()) expect(await sameWindow(carol)).toBe(true);
  await saved;

  await carol.goto('/posts');
  await expect(postItems(carol).filter({ hasText: title })).toContainText('1 like');
  await carol.goto(path);
  await ready(carol);
  await expect(carol.getByText('Total Likes: 1')).toBeVisible();
  saved = likeSaved(carol);
  await carol.getByRole('button', { name: 'Unlike' }).click();
  await expect(carol.getByText('Total Likes: 0')).toBeVisible();
  await expect(carol.getByRole('button', { name: 'Like', exact: true })).toBeVisible();
  await saved;
  await carol.reload();
  await expect(carol.getByText('Total Likes: 0')).toBeVisible();

  // Signed out: the count, no button.
  const anonymous = await (await browser.newContext()).newPage();
  await anonymous.goto(path);
  await expect(anonymous.getByText('Total Likes: 0')).toBeVisible();
  await expect(anonymous.getByRole('button', { name: 'Like', exact: true })).toHaveCount(0);

  await ada.goto(path);
  await ready(ada);
  await deleteOpenPost(ada);
});

test('a like clicked just before leaving the page is not lost @js-only', async ({ browser }) => {
  const ada = await pageAs(browser, 'ada');
  const title = fresh('Liked in passing');
  const path = await createPost(ada, title, 'Click and go.');
  const carol = await pageAs(browser, 'carol');
  await carol.goto(path);
  await ready(carol);
  // The server holds the like's write for a while (a test-hooks build), so the request is
  // surely still open when the page is left.
  const origin = new URL(carol.url()).origin;
  await carol.context().addCookies([{ name: 'quire_test_write_delay_ms', value: '1500', url: origin }]);
  await carol.getByRole('button', { name: 'Like', exact: true }).click();
  await expect(carol.getByText('Total Likes: 1')).toBeVisible();
  // Off to another page at once, without waiting for the server's answer: the browser
  // must not drop the request that carries the like.
  await carol.goto('/posts');
  await carol.context().clearCookies({ name: 'quire_test_write_delay_ms' });
  await expect(async () => {
    await carol.goto(path);
    await expect(carol.getByText('Total Likes: 1')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 10_000 });

  await ada.goto(path);
  await ready(ada);
  await deleteOpenPost(ada);
});

test('a like that fails is rolled back with a message @js-only', async ({ browser }) => {
  const ada = await pageAs(browser, 'ada');
  const path = await createPost(ada, fresh('Unlucky'), 'The network fails.');
  const carol = await pageAs(browser, 'carol');
  await carol.goto(path);
  await ready(carol);
  const like = await holdRequests(carol, /\/api\/set_like/, { fail: true });
  await carol.getByRole('button', { name: 'Like', exact: true }).click();
  // Shown at once, before the server has answered...
  await expect(carol.getByText('Total Likes: 1')).toBeVisible();
  await expect(carol.getByRole('button', { name: 'Unlike' })).toBeVisible();
  // ...and taken back when it fails.
  like.release();
  await expect(carol.getByText('Your like could not be saved. Please try again.')).toBeVisible();
  await expect(carol.getByText('Total Likes: 0')).toBeVisible();
  await expect(carol.getByRole('button', { name: 'Like', exact: true })).toBeVisible();

  await ada.goto(path);
  await ready(ada);
  await deleteOpenPost(ada);
});

test('a change made straight in the store shows only after /api/revalidate', async ({ browser, request }) => {
  const ada = await pageAs(browser, 'ada');
  const title = fresh('Before');
  const path = await createPost(ada, title, 'Changed behind the app.');
  const slug = path.split('/').pop()!;

  const reader = await (await browser.newContext()).newPage();
  await reader.goto('/posts');
  await expect(postTitles(reader).first()).toHaveText(title);

  const renamed = fresh('After');
  // Straight in the SQLite store, as another program would.
  execFileSync('python3', [
    '-c',
    'import sqlite3, sys\n' +
      'db = sqlite3.connect(sys.argv[1], timeout=10)\n' +
      'db.execute("UPDATE posts SET title = ? WHERE slug = ?", (sys.argv[2], sys.argv[3]))\n' +
      'db.commit()',
    join(process.env.QUIRE_E2E_DATA_DIR!, test.info().project.name, 'quire.db'),
    renamed,
    slug,
  ]);
  await reader.reload();
  await expect(postTitles(reader).first()).toHaveText(title);

  const refused = await request.get('/api/revalidate?path=/posts');
  expect(refused.status()).toBe(401);
  const wrong = await request.get('/api/revalidate?path=/posts', { headers: { authorization: 'Bearer nope' } });
  expect(wrong.status()).toBe(401);
  await reader.reload();
  await expect(postTitles(reader).first()).toHaveText(title);

  const auth = { authorization: `Bearer ${process.env.QUIRE_E2E_REVALIDATE_TOKEN}` };
  const missing = await request.get('/api/revalidate', { headers: auth });
  expect(await missing.json()).toMatchObject({ revalidated: false, message: 'Missing path to revalidate' });
  const done = await request.get('/api/revalidate?path=/posts', { headers: auth });
  expect(done.status()).toBe(200);
  const body = await done.json();
  expect(body.revalidated).toBe(true);
  expect(typeof body.now).toBe('number');

  await reader.reload();
  await expect(postTitles(reader).first()).toHaveText(renamed);

  await ada.goto(path);
  await ready(ada);
  await deleteOpenPost(ada);
});

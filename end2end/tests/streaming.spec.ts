// Streaming, watched in the browser with the posts query held at a test-only gate that the
// test opens once it has seen what must come first: no clock decides anything.
import { expect, test } from '@playwright/test';
import { holdPostsQuery, postItems, postList } from './helpers';

test('the heading and search render while the list is held, and the list follows in the same response', async ({
  page,
  context,
  baseURL,
}) => {
  const list = await holdPostsQuery(context, baseURL!);
  const documents: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'document') documents.push(r.url());
  });

  await page.goto('/posts', { waitUntil: 'commit' });
  await expect(page.getByRole('heading', { level: 1, name: 'Posts' })).toBeVisible();
  await expect(page.getByLabel('Search posts')).toBeVisible();
  expect(await postList(page).count()).toBe(0);

  await list.open();

  await expect(postItems(page)).toHaveCount(20);
  expect(documents).toHaveLength(1);
});

test('a skeleton shows while the posts are on their way, then gives way to them', async ({
  page,
  context,
  baseURL,
}) => {
  await page.goto('/');
  const list = await holdPostsQuery(context, baseURL!);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Posts', exact: true }).click({
    noWaitAfter: true,
  });
  // The page streams: its heading and the skeleton first, the list later in the same answer.
  const busy = page.locator('[aria-busy="true"]');
  await expect(page.getByRole('heading', { level: 1, name: 'Posts' })).toBeVisible();
  await expect(busy).toBeVisible();
  await expect(postItems(page)).toHaveCount(0);

  await list.open();
  await expect(postItems(page)).toHaveCount(20);
  await expect(busy).toBeHidden();
});

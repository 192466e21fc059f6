// Streaming, watched in the browser with the posts query slowed by the test-only latency.
import { expect, test } from '@playwright/test';
import { postItems, postList, slowPostsQuery } from './helpers';

test('the heading and search render before the slow list arrives in the same response', async ({
  page,
  context,
  baseURL,
}) => {
  await slowPostsQuery(context, baseURL!, 3000);
  const documents: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'document') documents.push(r.url());
  });

  await page.goto('/posts', { waitUntil: 'commit' });
  await expect(page.getByRole('heading', { level: 1, name: 'Posts' })).toBeVisible({ timeout: 2500 });
  await expect(page.getByLabel('Search posts')).toBeVisible({ timeout: 500 });
  expect(await postList(page).count()).toBe(0);

  await expect(postItems(page)).toHaveCount(20);
  expect(documents).toHaveLength(1);
});

test('a skeleton shows while the posts are on their way, then gives way to them', async ({
  page,
  context,
  baseURL,
}) => {
  await page.goto('/');
  await slowPostsQuery(context, baseURL!, 2000);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Posts', exact: true }).click({
    noWaitAfter: true,
  });
  // The page streams: its heading and the skeleton first, the list later in the same answer.
  const busy = page.locator('[aria-busy="true"]');
  await expect(page.getByRole('heading', { level: 1, name: 'Posts' })).toBeVisible();
  await expect(busy).toBeVisible();
  await expect(postItems(page)).toHaveCount(0);

  await expect(postItems(page)).toHaveCount(20);
  await expect(busy).toBeHidden();
});

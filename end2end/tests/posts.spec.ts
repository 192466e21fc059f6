// The public reading pages, as the contract describes them. Runs with JavaScript on and off.
import { expect, test } from '@playwright/test';
import { DEMO_POSTS, postItems, postTitles } from './helpers';

test('the posts list shows the newest 20 posts with author, likes and date', async ({ page }) => {
  const response = await page.goto('/posts');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: 'Posts' })).toBeVisible();
  await expect(postItems(page)).toHaveCount(20);
  await expect(postTitles(page).first()).toHaveText(new RegExp(`#${DEMO_POSTS}$`));
  await expect(postTitles(page).nth(19)).toHaveText(new RegExp(`#${DEMO_POSTS - 19}$`));
  const first = postItems(page).first();
  await expect(first).toContainText('Quire Admin');
  await expect(first).toContainText('0 likes');
  await expect(first.locator('time')).toHaveText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);
  await expect(page.getByRole('link', { name: 'Older' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Newer' })).toHaveCount(0);
});

test('paging moves through older and newer posts', async ({ page }) => {
  await page.goto('/posts');
  await page.getByRole('link', { name: 'Older' }).click();
  await expect(page).toHaveURL(/[?&]page=2\b/);
  await expect(postTitles(page).first()).toHaveText(new RegExp(`#${DEMO_POSTS - 20}$`));
  await expect(page.getByRole('link', { name: 'Newer' })).toBeVisible();

  await page.getByRole('link', { name: 'Newer' }).click();
  await expect(page).toHaveURL(/[?&]page=1\b/);
  await expect(postTitles(page).first()).toHaveText(new RegExp(`#${DEMO_POSTS}$`));

  await page.goto('/posts?page=4');
  await expect(postItems(page)).toHaveCount(DEMO_POSTS - 60);
  await expect(postTitles(page).last()).toHaveText(/#1$/);
  await expect(page.getByRole('link', { name: 'Older' })).toHaveCount(0);
});

test('search finds posts by title or content, ignoring case', async ({ page }) => {
  await page.goto('/posts');
  const search = page.getByLabel('Search posts');
  await search.fill('HYDRATION');
  await search.press('Enter');
  await expect(page).toHaveURL(/[?&]q=HYDRATION/);
  await expect(postItems(page)).toHaveCount(4);
  for (const title of await postTitles(page).allTextContents()) {
    expect(title).toMatch(/^Hydration/);
  }
  await expect(page.getByLabel('Search posts')).toHaveValue('HYDRATION');

  await page.goto('/posts?q=zzz-not-there');
  await expect(postItems(page)).toHaveCount(0);
  await expect(page.getByText('No posts match')).toBeVisible();
});

test('a post page shows its title, author, content and total likes', async ({ page }) => {
  await page.goto('/posts');
  const title = (await postTitles(page).first().textContent())!.trim();
  await postTitles(page).first().getByRole('link').click();
  await expect(page).toHaveURL(/\/blog\/[a-z0-9-]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByRole('link', { name: 'Quire Admin' })).toHaveAttribute('href', '/users/admin');
  await expect(page.getByText(`This is demo post number ${DEMO_POSTS},`)).toBeVisible();
  await expect(page.getByText('Total Likes: 0')).toBeVisible();
  await expect(page).toHaveTitle(`${title} · Quire`);
});

test('an unknown post is a 404 page', async ({ page }) => {
  const response = await page.goto('/blog/no-such-post');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: '404 - Page Not Found' })).toBeVisible();
});

test('an unknown path is a 404 page', async ({ page }) => {
  const response = await page.goto('/nowhere/at/all');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: '404 - Page Not Found' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Posts', exact: true })).toBeVisible();
});

test('the home page shows the latest five posts', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: 'Quire' })).toBeVisible();
  await expect(postItems(page)).toHaveCount(5);
  await expect(postTitles(page).first()).toHaveText(new RegExp(`#${DEMO_POSTS}$`));
});

test('every page has the layout and signed-out navigation', async ({ page }) => {
  for (const path of ['/', '/posts', '/nowhere']) {
    await page.goto(path);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page).toHaveTitle(/Quire/);
    await expect(page.getByRole('main')).toHaveCount(1);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Posts', exact: true })).toHaveAttribute('href', '/posts');
    await expect(nav.getByRole('link', { name: 'Log In' })).toHaveAttribute('href', '/login');
    await expect(nav.getByRole('link', { name: 'Sign Up' })).toHaveAttribute('href', '/signup');
  }
});

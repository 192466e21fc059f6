// Accessibility: axe-core finds no violation on any page of the contract, signed out and
// signed in, in the light and the dark color scheme, with forms showing their errors too.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { pageAs, ready } from './helpers';

async function violations(page: Page): Promise<string[]> {
  await ready(page);
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

async function firstPostPath(page: Page): Promise<string> {
  await page.goto('/posts');
  return (await page.getByRole('list', { name: 'Posts' }).getByRole('link').first().getAttribute('href'))!;
}

// Eleven pages and forms, each analysed by axe (seconds of CPU apiece while the other
// project runs beside it): a larger bound than one page's test needs.
test.describe.configure({ timeout: 120_000 });

for (const colorScheme of ['light', 'dark'] as const) {
  test(`signed-out pages have no axe violations (${colorScheme}) @js-only`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    const post = await firstPostPath(page);
    const found: Record<string, string[]> = {};
    for (const path of ['/', '/posts', '/posts?q=notes', '/posts?page=2', post, '/login', '/signup', '/users/ada', '/no-such-page']) {
      await page.goto(path);
      found[path] = await violations(page);
    }
    // Forms showing their errors.
    await page.goto('/signup');
    await page.getByRole('button', { name: 'Sign Up' }).click();
    await expect(page.getByText('Password must:')).toBeVisible();
    found['/signup with errors'] = await violations(page);
    await page.goto('/login');
    await page.getByLabel('Email').fill('nobody@quire.test');
    await page.getByLabel('Password').fill('Wrong123!x');
    await page.getByRole('button', { name: 'Log In' }).click();
    await expect(page.getByText('Invalid email or password.')).toBeVisible();
    found['/login with an error'] = await violations(page);
    expect(Object.entries(found).filter(([, v]) => v.length)).toEqual([]);
  });

  test(`signed-in pages have no axe violations (${colorScheme}) @js-only`, async ({ browser }) => {
    const admin = await pageAs(browser, 'admin');
    await admin.emulateMedia({ colorScheme });
    const post = await firstPostPath(admin);
    const found: Record<string, string[]> = {};
    for (const path of ['/dashboard', '/dashboard/sessions', '/posts/new', post, `${post}/edit`, '/settings', '/users/ada', '/posts']) {
      await admin.goto(path);
      found[path] = await violations(admin);
    }
    await admin.goto('/posts/new');
    await ready(admin);
    await admin.getByRole('button', { name: 'Create Post' }).click();
    await expect(admin.getByText('Title is required.')).toBeVisible();
    found['/posts/new with errors'] = await violations(admin);
    await admin.goto('/settings');
    await ready(admin);
    await admin.getByLabel('Current password').fill('Wrong123!x');
    await admin.getByLabel('New password').fill('short');
    await admin.getByRole('button', { name: 'Change Password' }).click();
    await expect(admin.getByText('Password must:')).toBeVisible();
    found['/settings with errors'] = await violations(admin);

    const ada = await pageAs(browser, 'ada');
    await ada.emulateMedia({ colorScheme });
    for (const path of ['/dashboard', post, `${post}/edit`]) {
      await ada.goto(path);
      found[`${path} (a user)`] = await violations(ada);
    }
    expect(Object.entries(found).filter(([, v]) => v.length)).toEqual([]);
  });
}

// Updating data, with JavaScript on and off: editing a post, and the account settings
// (profile, password, deleting the account). Tests that change an account use one they
// sign up themselves, so the demo accounts stay as the other specs expect them.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createPost, deleteOpenPost, fresh, holdRequests, jsOn, pageAs, postTitles, ready } from './helpers';

/** Signs up a new account in a browser of its own; its page (on the dashboard) and email. */
async function newAccount(browser: Browser, name: string): Promise<{ page: Page; email: string }> {
  const page = await (await browser.newContext()).newPage();
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.test`;
  await page.goto('/signup');
  await ready(page);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('First123!x');
  await page.getByRole('button', { name: 'Sign Up' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  return { page, email };
}

/** Logs in on a fresh browser; where it landed and what the form said. */
async function tryLogIn(browser: Browser, email: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/login');
  await ready(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log In' }).click();
  return page;
}

async function openSettings(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await ready(page);
}

test('edit a post: an error keeps the typed text, then the new title everywhere under the same address', async ({ browser }) => {
  const ada = await pageAs(browser, 'ada');
  const title = fresh('Frist draft');
  const path = await createPost(ada, title, 'Original words.');

  await ada.getByRole('link', { name: 'Edit' }).click();
  await expect(ada).toHaveURL(new RegExp(`${path}/edit$`));
  await ready(ada);
  await expect(ada.getByLabel('Title')).toHaveValue(title);
  await expect(ada.getByLabel('Content')).toHaveValue('Original words.');

  await ada.getByLabel('Title').fill('   ');
  await ada.getByLabel('Content').fill('Better words.');
  await ada.getByRole('button', { name: 'Save Changes' }).click();
  await expect(ada.getByText('Title is required.')).toBeVisible();
  await expect(ada.getByLabel('Content')).toHaveValue('Better words.');

  const fixed = fresh('First draft');
  await ada.getByLabel('Title').fill(fixed);
  await ada.getByRole('button', { name: 'Save Changes' }).click();
  await expect(ada).toHaveURL(new RegExp(`${path}$`));
  await expect(ada.getByRole('heading', { level: 1 })).toHaveText(fixed);
  await expect(ada.getByText('Better words.')).toBeVisible();
  await expect(ada.getByText(/^Edited /)).toBeVisible();

  // Signed out, from the (page-cached) list: the new title, the old one gone.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto('/posts');
  await expect(postTitles(visitor).first()).toHaveText(fixed);
  await expect(visitor.getByText(title, { exact: true })).toHaveCount(0);

  await ada.goto(path);
  await ready(ada);
  await deleteOpenPost(ada);
});

test('another user sees no "Edit" link and gets 403 on the edit address', async ({ browser }) => {
  const ada = await pageAs(browser, 'ada');
  const title = fresh('Not yours');
  const path = await createPost(ada, title, 'Hands off.');

  const bob = await pageAs(browser, 'bob');
  await bob.goto(path);
  await expect(bob.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(bob.getByRole('link', { name: 'Edit' })).toHaveCount(0);
  const refused = await bob.goto(`${path}/edit`);
  expect(refused?.status()).toBe(403);
  await expect(bob.getByRole('heading', { level: 1, name: '403 - Forbidden' })).toBeVisible();
  await expect(bob.getByRole('button', { name: 'Save Changes' })).toHaveCount(0);

  await ada.goto(path);
  await ready(ada);
  await deleteOpenPost(ada);
});

test('"Save Changes" reads "Saving…" and is disabled while pending @js-only', async ({ browser }) => {
  const ada = await pageAs(browser, 'ada');
  const path = await createPost(ada, fresh('Slow save'), 'Wait.');
  await ada.goto(`${path}/edit`);
  await ready(ada);
  const save = await holdRequests(ada, /\/api\/update_post/);
  await ada.getByLabel('Content').fill('Waited.');
  await ada.getByRole('button', { name: 'Save Changes' }).click();
  const pending = ada.getByRole('button', { name: 'Saving…' });
  await expect(pending).toBeVisible();
  await expect(pending).toBeDisabled();
  save.release();
  await expect(ada).toHaveURL(new RegExp(`${path}$`));
  await expect(ada.getByText('Waited.')).toBeVisible();
  await ready(ada);
  await deleteOpenPost(ada);
});

test('save the profile: errors beside the fields, then "Profile saved." and the new name', async ({ browser }) => {
  const name = fresh('Grace');
  const { page } = await newAccount(browser, name);
  await openSettings(page);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);

  await page.getByLabel('Name', { exact: true }).fill('G');
  await page.getByLabel('Phone').fill('call me maybe');
  await page.getByRole('button', { name: 'Save Profile' }).click();
  await expect(page.getByText('Name must be at least 2 characters long.')).toBeVisible();
  await expect(page.getByText(/Please enter a valid phone number/)).toBeVisible();
  await expect(page.getByLabel('Phone')).toHaveValue('call me maybe');

  const renamed = fresh('Grace Hopper');
  await page.getByLabel('Name', { exact: true }).fill(renamed);
  await page.getByLabel('Phone').fill('+1 555 010 4477');
  await page.getByRole('button', { name: 'Save Profile' }).click();
  await expect(page.getByRole('status')).toHaveText('Profile saved.');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(renamed);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: renamed })).toBeVisible();
});

test('change the password: a wrong current one is refused; other browsers are sent to log in; the new one works', async ({ browser }) => {
  const { page, email } = await newAccount(browser, fresh('Linus'));
  const elsewhere = await tryLogIn(browser, email, 'First123!x');
  await expect(elsewhere).toHaveURL(/\/dashboard$/);

  await openSettings(page);
  await page.getByLabel('Current password').fill('Wrong123!x');
  await page.getByLabel('New password').fill('Second123!x');
  await page.getByRole('button', { name: 'Change Password' }).click();
  await expect(page.getByText('Current password is incorrect.')).toBeVisible();

  await page.getByLabel('Current password').fill('First123!x');
  await page.getByLabel('New password').fill('short');
  await page.getByRole('button', { name: 'Change Password' }).click();
  await expect(page.getByText('Password must:')).toBeVisible();
  await expect(page.getByText('Be at least 8 characters long')).toBeVisible();

  await page.getByLabel('Current password').fill('First123!x');
  await page.getByLabel('New password').fill('Second123!x');
  await page.getByRole('button', { name: 'Change Password' }).click();
  await expect(page.getByRole('status')).toHaveText('Password changed.');

  // This browser stays signed in; the other one is sent to log in.
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/dashboard$/);
  await elsewhere.goto('/dashboard');
  await expect(elsewhere).toHaveURL(/\/login\?next=%2Fdashboard$/);

  const old = await tryLogIn(browser, email, 'First123!x');
  await expect(old.getByText('Invalid email or password.')).toBeVisible();
  const fresh_ = await tryLogIn(browser, email, 'Second123!x');
  await expect(fresh_).toHaveURL(/\/dashboard$/);
});

test('delete an account: its posts leave /posts and its log-in stops working', async ({ browser }) => {
  const { page, email } = await newAccount(browser, fresh('Ephemeral'));
  const title = fresh('Soon gone');
  await createPost(page, title, 'Here today.');

  await openSettings(page);
  await page.getByLabel('Confirm with your password').fill('Wrong123!x');
  await page.getByRole('button', { name: 'Delete Account' }).click();
  await expect(page.getByText('Current password is incorrect.')).toBeVisible();

  await page.getByLabel('Confirm with your password').fill('First123!x');
  await page.getByRole('button', { name: 'Delete Account' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Log In' })).toBeVisible();

  await page.goto('/posts');
  await expect(postTitles(page).first()).toBeVisible();
  await expect(page.getByText(title, { exact: true })).toHaveCount(0);
  const again = await tryLogIn(browser, email, 'First123!x');
  await expect(again.getByText('Invalid email or password.')).toBeVisible();
});

test('the last admin cannot delete their account', async ({ browser }) => {
  const admin = await pageAs(browser, 'admin');
  await openSettings(admin);
  await admin.getByLabel('Confirm with your password').fill('Admin123!x');
  await admin.getByRole('button', { name: 'Delete Account' }).click();
  await expect(admin.getByText('The last admin cannot delete their account.')).toBeVisible();
  await admin.goto('/dashboard');
  await expect(admin.getByRole('heading', { name: /Welcome, / })).toBeVisible();
  if (jsOn()) await expect(admin).toHaveURL(/\/dashboard$/);
});

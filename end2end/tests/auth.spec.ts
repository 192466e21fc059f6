// Accounts and sessions, with JavaScript on and off.
import { expect, test } from '@playwright/test';
import { logIn } from './helpers';

const unique = (label: string) => `${label}-${test.info().project.name}-${Date.now()}@quire.test`;

test('sign up shows each validation error, keeps the values, then succeeds', async ({ page }) => {
  await page.goto('/signup');
  await page.getByLabel('Name').fill('A');
  await page.getByLabel('Email').fill('nope');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Sign Up' }).click();

  await expect(page.getByText('Name must be at least 2 characters long.')).toBeVisible();
  await expect(page.getByText('Please enter a valid email.')).toBeVisible();
  await expect(page.getByText('Password must:')).toBeVisible();
  await expect(page.getByText('Be at least 8 characters long')).toBeVisible();
  await expect(page.getByText('Contain at least one number.')).toBeVisible();
  await expect(page.getByText('Contain at least one special character.')).toBeVisible();
  await expect(page.getByText('Contain at least one letter.')).toHaveCount(0);
  await expect(page.getByLabel('Name')).toHaveValue('A');
  await expect(page.getByLabel('Email')).toHaveValue('nope');
  await expect(page.getByLabel('Password')).toHaveValue('');

  await page.getByLabel('Name').fill('Ada Again');
  await page.getByLabel('Email').fill('ADA@quire.test');
  await page.getByLabel('Password').fill('User123!x');
  await page.getByRole('button', { name: 'Sign Up' }).click();
  await expect(page.getByText('An account with this email already exists.')).toBeVisible();

  const email = unique('grace');
  await page.getByLabel('Name').fill('Grace Hopper');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('Cobol59!x');
  await page.getByRole('button', { name: 'Sign Up' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: 'Welcome, Grace Hopper' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Your posts' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Users' })).toHaveCount(0);
});

test('a taken email is reported when the field loses focus @js-only', async ({ page }) => {
  await page.goto('/signup');
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await page.getByLabel('Email').fill('bob@quire.test');
  await page.getByLabel('Email').blur();
  await expect(page.getByText('An account with this email already exists.')).toBeVisible();
  await page.getByLabel('Email').fill(unique('free'));
  await page.getByLabel('Email').blur();
  await expect(page.getByText('An account with this email already exists.')).toHaveCount(0);
});

test('log in, a wrong password, and log out', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill('ada@quire.test');
  await page.getByLabel('Password').fill('Wrong123!x');
  await page.getByRole('button', { name: 'Log In' }).click();
  await expect(page.getByText('Invalid email or password.')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue('ada@quire.test');

  await page.getByLabel('Password').fill('User123!x');
  await page.getByRole('button', { name: 'Log In' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: 'Welcome, Ada Lovelace' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'New Post' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Dashboard' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Ada Lovelace' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Log In' })).toHaveCount(0);

  await nav.getByRole('button', { name: 'Log Out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(nav.getByRole('link', { name: 'Log In' })).toBeVisible();
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
});

test('unknown emails get the same message, and five failures lock the email', async ({ page }) => {
  const email = unique('locked');
  await page.goto('/login');
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(`Wrong${i}!x`);
    await page.getByRole('button', { name: 'Log In' }).click();
    await expect(page.getByText('Invalid email or password.')).toBeVisible();
  }
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('Another1!x');
  await page.getByRole('button', { name: 'Log In' }).click();
  await expect(page.getByText('Too many attempts. Try again later.')).toBeVisible();
});

test('protected pages send you to log in and back; guest pages send you on', async ({ page }) => {
  await page.goto('/dashboard/sessions');
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard%2Fsessions$/);
  await page.getByLabel('Email').fill('bob@quire.test');
  await page.getByLabel('Password').fill('User123!x');
  await page.getByRole('button', { name: 'Log In' }).click();
  await expect(page).toHaveURL(/\/dashboard\/sessions$/);
  await expect(page.getByRole('heading', { name: 'Devices' })).toBeVisible();

  await page.goto('/login');
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto('/signup');
  await expect(page).toHaveURL(/\/dashboard$/);
});

test('dashboards follow the role, and a role change applies on the next request', async ({ browser }) => {
  const adminPage = await (await browser.newContext()).newPage();
  const bobPage = await (await browser.newContext()).newPage();
  await logIn(adminPage, 'admin@quire.test', 'Admin123!x');
  await logIn(bobPage, 'bob@quire.test', 'User123!x');

  const users = adminPage.getByRole('table', { name: 'Users' });
  await expect(users).toBeVisible();
  const bobRow = users.getByRole('row').filter({ hasText: 'bob@quire.test' });
  await expect(bobRow).toContainText('red');
  await expect(bobRow.getByRole('cell', { name: 'user', exact: true })).toBeVisible();
  await expect(bobPage.getByRole('heading', { name: 'Users' })).toHaveCount(0);

  await bobRow.getByRole('button', { name: 'Make Bob Marley an admin' }).click();
  await expect(bobRow.getByRole('cell', { name: 'admin', exact: true })).toBeVisible();
  await bobPage.reload();
  await expect(bobPage.getByRole('table', { name: 'Users' })).toBeVisible();

  // The last admin cannot demote themself, but with two admins one may step down; put
  // Bob back so the demo data stays as it was.
  await bobRow.getByRole('button', { name: 'Make Bob Marley a user' }).click();
  await expect(bobRow.getByRole('cell', { name: 'user', exact: true })).toBeVisible();
  const adminRow = users.getByRole('row').filter({ hasText: 'admin@quire.test' });
  await adminRow.getByRole('button', { name: 'Make Quire Admin a user' }).click();
  await expect(adminPage.getByText('The last admin cannot stop being an admin.')).toBeVisible();
  await bobPage.reload();
  await expect(bobPage.getByRole('heading', { name: 'Users' })).toHaveCount(0);
});

test('the devices page logs out another browser', async ({ browser }) => {
  const here = await (await browser.newContext()).newPage();
  const there = await (await browser.newContext()).newPage();
  await logIn(there, 'carol@quire.test', 'User123!x');
  await logIn(here, 'carol@quire.test', 'User123!x');

  await here.goto('/dashboard/sessions');
  const devices = here.getByRole('list', { name: 'Devices' });
  await expect(devices.getByText('This device')).toHaveCount(1);
  expect(await devices.getByRole('listitem').count()).toBeGreaterThanOrEqual(2);
  await here.getByRole('button', { name: 'Log out of all other devices' }).click();
  await expect(devices.getByRole('listitem')).toHaveCount(1);

  // The other browser, still showing its dashboard, follows a link: sent to log in.
  await there.getByRole('link', { name: 'Devices you are signed in on' }).click();
  await expect(there).toHaveURL(/\/login\?next=%2Fdashboard%2Fsessions$/);
  await there.goto('/dashboard');
  await expect(there).toHaveURL(/\/login\?next=%2Fdashboard$/);
  await expect(there.getByRole('heading', { name: 'Log In' })).toBeVisible();
  await expect(there.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Log In' })).toBeVisible();
  await here.goto('/dashboard');
  await expect(here.getByRole('heading', { name: 'Welcome, Carol Shaw' })).toBeVisible();
});

test('profiles show email and phone to self, team-mates and admins only', async ({ browser }) => {
  const cases: [string, string, boolean][] = [
    ['ada@quire.test', 'User123!x', true],
    ['carol@quire.test', 'User123!x', true],
    ['bob@quire.test', 'User123!x', false],
    ['admin@quire.test', 'Admin123!x', true],
  ];
  for (const [email, password, sees] of cases) {
    const page = await (await browser.newContext()).newPage();
    await logIn(page, email, password);
    await page.goto('/users/ada');
    await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
    await expect(page.getByText('ada@quire.test')).toHaveCount(sees ? 1 : 0);
    await expect(page.getByText('+1 555 0101')).toHaveCount(sees ? 1 : 0);
    await expect(page.getByText('blue', { exact: true })).toHaveCount(sees ? 1 : 0);
    await page.context().close();
  }
  const anonymous = await (await browser.newContext()).newPage();
  await anonymous.goto('/users/ada');
  await expect(anonymous.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  await expect(anonymous.getByText('ada@quire.test')).toHaveCount(0);
  await expect(anonymous.getByText('blue', { exact: true })).toHaveCount(0);
  const missing = await anonymous.goto('/users/nobody-at-all');
  expect(missing?.status()).toBe(404);
});

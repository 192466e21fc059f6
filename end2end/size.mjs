// `make size` (and a step of the test command): the bytes a first visit to each page
// transfers, against the byte budget.
//
// Starts the release build (already built) in production mode on a temporary store with
// the demo data, opens each page in Debian's Chromium and records every script, WebAssembly
// module, stylesheet and JSON the page loads until the network is idle (the islands, their
// split chunks and their manifest included: that is when the page is interactive). Then
// fetches the page and each of those files again with Accept-Encoding identity, gzip and
// br, counting the body bytes as sent. Signed-in pages are visited after a real log-in.
//
// Prints one table; exits 1 when a page's brotli total is over the budget, so CI fails when
// a page grows past it (bytes are deterministic, unlike times).
import { chromium } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

const root = resolve(import.meta.dirname, '..');
const budget = Number(process.env.QUIRE_SIZE_BUDGET_BYTES || 110 * 1024);
const encodings = ['identity', 'gzip', 'br'];

const freePort = () =>
  new Promise((done) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });

/** Body bytes as sent for `path` with this Accept-Encoding (no decoding). */
const wireBytes = (base, path, encoding, cookie) =>
  new Promise((done, fail) => {
    const headers = { 'accept-encoding': encoding };
    if (cookie) headers.cookie = cookie;
    http
      .get(new URL(path, base), { headers }, (response) => {
        if (response.statusCode !== 200) fail(new Error(`GET ${path}: ${response.statusCode}`));
        let bytes = 0;
        response.on('data', (chunk) => (bytes += chunk.length));
        response.on('end', () => done(bytes));
      })
      .on('error', fail);
  });

async function startServer() {
  const work = mkdtempSync(join(tmpdir(), 'quire-size-'));
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite://${join(work, 'quire.db')}`,
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    LEPTOS_SITE_ROOT: join(root, 'target/site'),
    LEPTOS_ENV: 'PROD',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    QUIRE_SITE_ORIGIN: `http://127.0.0.1:${port}`,
    RUST_LOG: 'warn',
  };
  const binary = join(root, 'target/release/quire');
  const seeded = spawnSync(binary, ['seed'], { env, cwd: root, stdio: 'ignore' });
  if (seeded.status !== 0) throw new Error('quire seed failed');
  const server = spawn(binary, [], { env, cwd: root, stdio: 'inherit' });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      await wireBytes(base, '/healthz', 'identity');
      return { server, base };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  server.kill();
  throw new Error('the server did not start');
}

/** What the page loads until it is interactive, in order, without repeats. */
async function loadsOf(context, base, path) {
  const page = await context.newPage();
  const loaded = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    // Everything of ours but the page itself and the icon: scripts, stylesheets, and the
    // WebAssembly and JSON, whether fetched or preloaded.
    const skipped = ['document', 'image', 'font', 'media'];
    if (url.origin === base && !skipped.includes(request.resourceType()) && !loaded.includes(url.pathname)) {
      loaded.push(url.pathname);
    }
  });
  await page.goto(path, { waitUntil: 'networkidle' });
  await page.close();
  return loaded;
}

async function measure(context, base, path) {
  const assets = await loadsOf(context, base, path);
  const cookies = await context.cookies(base);
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const totals = {};
  for (const encoding of encodings) {
    const html = await wireBytes(base, path, encoding, cookie);
    let rest = 0;
    for (const asset of assets) rest += await wireBytes(base, asset, encoding, cookie);
    totals[encoding] = { html, assets: rest, total: html + rest };
  }
  return { path, assets, totals };
}

const kb = (n) => (n / 1024).toFixed(1).padStart(8);

async function main() {
  const { server, base } = await startServer();
  const browser = await chromium.launch({
    executablePath: process.env.QUIRE_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const rows = [];
  try {
    const anonymous = await browser.newContext({ baseURL: base });
    const list = await anonymous.newPage();
    await list.goto('/posts');
    const post = await list.locator('ol[aria-label="Posts"] a').first().getAttribute('href');
    await list.close();
    for (const path of ['/', '/posts', post, '/login', '/signup']) {
      rows.push(await measure(anonymous, base, path));
    }
    const ada = await browser.newContext({ baseURL: base });
    const login = await ada.newPage();
    await login.goto('/login');
    await login.getByLabel('Email').fill('ada@quire.test');
    await login.getByLabel('Password').fill('User123!x');
    await login.getByRole('button', { name: 'Log In' }).click();
    await login.waitForURL(/\/dashboard$/);
    const own = await login.getByRole('list', { name: 'Your posts' }).getByRole('link').first().getAttribute('href');
    await login.close();
    for (const path of ['/posts/new', `${own}/edit`, '/settings', '/dashboard']) {
      rows.push(await measure(ada, base, path));
    }
  } finally {
    await browser.close();
    server.kill();
  }

  console.log(`First visit, bytes on the wire (KB); budget ${(budget / 1024).toFixed(0)} KB brotli a page`);
  console.log(`${'page'.padEnd(36)}${'HTML br'.padStart(8)}${'assets br'.padStart(10)}${'total br'.padStart(9)}${'total gz'.padStart(9)}${'raw'.padStart(9)}`);
  const over = [];
  for (const { path, totals } of rows) {
    const flag = totals.br.total > budget ? '  OVER' : '';
    if (flag) over.push(path);
    console.log(`${path.slice(0, 35).padEnd(36)}${kb(totals.br.html)}${kb(totals.br.assets).padStart(10)}${kb(totals.br.total).padStart(9)}${kb(totals.gzip.total).padStart(9)}${kb(totals.identity.total).padStart(9)}${flag}`);
  }
  console.log('\nWhat each page loads besides its HTML:');
  for (const { path, assets } of rows) console.log(`  ${path}: ${assets.length ? assets.join(' ') : '(nothing)'}`);
  if (process.env.QUIRE_SIZE_JSON) writeFileSync(process.env.QUIRE_SIZE_JSON, JSON.stringify(rows, null, 2));
  if (over.length) {
    console.log(`\nOVER BUDGET: ${over.join(', ')}`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

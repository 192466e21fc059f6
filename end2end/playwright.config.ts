// Playwright against a release build of Quire on a random port with its own temporary
// SQLite store (seeded at start-up). The server binary is built with the `test-hooks`
// feature so tests can slow the posts query, make a segment fail or a render panic. Two projects: JavaScript on and off; tests
// tagged @js-only need the hydrated app and are not selected for the no-JS project.
import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const port = Number(process.env.QUIRE_E2E_PORT || 3300);
const baseURL = `http://127.0.0.1:${port}`;
// The bearer token of /api/revalidate for this run; the tests read it from the environment.
const revalidateToken =
  process.env.QUIRE_E2E_REVALIDATE_TOKEN ||
  (process.env.QUIRE_E2E_REVALIDATE_TOKEN = `e2e-${Math.random().toString(36).slice(2)}`);
// One store per run; Playwright evaluates this file in each worker, so reuse the first.
const dataDir =
  process.env.QUIRE_E2E_DATA_DIR ||
  (process.env.QUIRE_E2E_DATA_DIR = mkdtempSync(join(tmpdir(), 'quire-e2e-')));

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: 'list',
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.QUIRE_CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'js', use: { javaScriptEnabled: true } },
    { name: 'no-js', use: { javaScriptEnabled: false }, grepInvert: /@js-only/ },
  ],
  webServer: {
    command: join(root, 'target/release/quire'),
    cwd: root,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      DATABASE_URL: `sqlite://${join(dataDir, 'quire.db')}`,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: join(root, 'target/site'),
      RUST_LOG: 'warn',
      REVALIDATE_TOKEN: revalidateToken,
      // Dev mode: plain-http cookies and a session secret generated in the temporary store.
      LEPTOS_ENV: 'DEV',
    },
  },
});

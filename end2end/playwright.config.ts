// Playwright against release builds of Quire on random ports, each with its own temporary
// SQLite store (seeded at start-up). The server binary is built with the `test-hooks`
// feature so tests can slow the posts query, make a segment fail or a render panic. Two projects: JavaScript on and off; tests
// tagged @js-only need the hydrated app and are not selected for the no-JS project.
import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
// Each project (JavaScript on, off) gets a server and a store of its own, so neither sees
// the other's posts or sessions; within a project the tests run in order.
const projectNames = ['js', 'no-js'] as const;
type ProjectName = (typeof projectNames)[number];
type ServerName = ProjectName | 'prod';
const ports: Record<ServerName, number> = {
  js: Number(process.env.QUIRE_E2E_PORT || 3300),
  'no-js': Number(process.env.QUIRE_E2E_PORT_NOJS || 3301),
  prod: Number(process.env.QUIRE_E2E_PORT_PROD || 3302),
};
export const baseURLOf = (server: ServerName) => `http://127.0.0.1:${ports[server]}`;
// The bearer token of /api/revalidate for this run; the tests read it from the environment.
const revalidateToken =
  process.env.QUIRE_E2E_REVALIDATE_TOKEN ||
  (process.env.QUIRE_E2E_REVALIDATE_TOKEN = `e2e-${Math.random().toString(36).slice(2)}`);
// The stores' folder for this run (a store per project below it); Playwright evaluates
// this file in each worker, so reuse the first.
const dataDir =
  process.env.QUIRE_E2E_DATA_DIR ||
  (process.env.QUIRE_E2E_DATA_DIR = mkdtempSync(join(tmpdir(), 'quire-e2e-')));

/** Specs that only read the demo data and count on it as seeded. */
const READING = /posts\.spec\.ts$/;
/** Specs that run against the production-mode server (no demo data, Secure cookies). */
const PRODUCTION = /hostile\.spec\.ts$/;

const server = (project: ServerName) => ({
  command: join(root, 'target/release/quire'),
  cwd: root,
  url: `${baseURLOf(project)}/healthz`,
  reuseExistingServer: false,
  timeout: 120_000,
  stdout: 'pipe' as const,
  stderr: 'pipe' as const,
  env: {
    DATABASE_URL: `sqlite://${join(dataDir, project, 'quire.db')}`,
    LEPTOS_SITE_ADDR: `127.0.0.1:${ports[project]}`,
    LEPTOS_SITE_ROOT: join(root, 'target/site'),
    RUST_LOG: 'warn',
    REVALIDATE_TOKEN: revalidateToken,
    ...(project === 'prod'
      ? {
          // Production mode, as operators run it: a real secret, Secure cookies (Chromium
          // keeps them for 127.0.0.1), HSTS, no demo data.
          LEPTOS_ENV: 'PROD',
          SESSION_SECRET: `e2e-prod-${Math.random().toString(36).slice(2)}-${Date.now()}-secret`,
          QUIRE_SITE_ORIGIN: baseURLOf('prod'),
        }
      : {
          // Dev mode: plain-http cookies and a session secret generated in the temporary store.
          LEPTOS_ENV: 'DEV',
        }),
  },
});

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  // One test at a time: the suite is bound by the 2 cores (two workers took as long, and
  // axe's analyses then ran out of time), and each project's tests run in order.
  workers: 1,
  retries: 0,
  reporter: 'list',
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
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
  // The reading specs run first, on the untouched demo data; the rest (which create and
  // delete posts) after them, so no spec depends on what another left behind.
  projects: projectNames.flatMap((name) => {
    const use = { javaScriptEnabled: name === 'js', baseURL: baseURLOf(name) };
    const grepInvert = name === 'no-js' ? /@js-only/ : undefined;
    return [
      { name: `${name} reading`, workers: 1, use, grepInvert, testMatch: READING },
      { name, workers: 1, use, grepInvert, testIgnore: [READING, PRODUCTION], dependencies: [`${name} reading`] },
      {
        name: `${name} production`,
        workers: 1,
        use: { ...use, baseURL: baseURLOf('prod') },
        grepInvert,
        testMatch: PRODUCTION,
        dependencies: [name],
      },
    ];
  }),
  webServer: [...projectNames, 'prod' as const].map(server),
});

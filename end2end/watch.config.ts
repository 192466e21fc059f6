// The development-loop check (scripts/watch_check.sh): one test against the server a
// running `cargo leptos watch` serves; no server of its own.
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({
  ...base,
  testDir: './watch',
  timeout: 900_000,
  workers: 1,
  projects: [{ name: 'js', use: { javaScriptEnabled: true, baseURL: process.env.QUIRE_WATCH_URL } }],
  webServer: undefined,
});

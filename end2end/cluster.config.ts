// The mutation and update flows (create, like, delete; edit a post, change a password,
// delete an account), JS on and off, through nginx in front of two Quire servers on one
// PostgreSQL database (end2end/cluster.sh). The test command runs it whenever
// QUIRE_TEST_POSTGRES_URL is set.
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

const port = Number(process.env.QUIRE_E2E_CLUSTER_PORT || 3400);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  ...base,
  testMatch: ['mutations.spec.ts', 'updates.spec.ts'],
  grep: /create a post|like and unlike|delete: the author|edit a post|change the password|delete an account/,
  use: { ...base.use, baseURL },
  // One server pair for both projects: one test at a time.
  workers: 1,
  projects: base
    .projects!.filter((project) => !/ (reading|production)$/.test(project.name!))
    .map((project) => ({ ...project, dependencies: [], use: { ...project.use, baseURL } })),
  webServer: {
    command: `${__dirname}/cluster.sh ${port}`,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});

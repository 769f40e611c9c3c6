import { defineConfig } from '@playwright/test';

// E2E_PORT / E2E_DATA let several engineers run browser tests side by side without sharing a server.
const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = process.env.E2E_DATA ?? './data/e2e';

/**
 * End-to-end tests against the real server (PGlite in ./data/e2e, wiped first) on port 3100.
 * The web shell is built first so the server has web/dist to serve.
 */
export default defineConfig({
  testDir: './e2e',
  outputDir: process.env.E2E_OUT ?? 'test-results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: 'list',
  timeout: 120_000, // hang guards, not budgets: a busy 2-core machine renders slowly
  expect: { timeout: 30_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
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
  webServer: {
    command: `npm run build:web && rm -rf ${dataDir} && PORT=${port} DATA_DIR=${dataDir} npm start`,
    url: `http://127.0.0.1:${port}/api/health`,
    // A first demo start builds the demo province (incl. its year of history through the history
    // import, DEMO_HISTORY): 140 s without it and about 55 s more with it on the shared 2-core machine (333 s in all at load average 35).
    timeout: 600_000, // a guard against a hang, not a budget
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});

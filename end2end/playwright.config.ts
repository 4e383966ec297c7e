import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3100);
// The database serve.sh creates, named here so that the tests can reach its base data registers
// (support/registers.ts); workers inherit it. The pid lets serve.sh drop it once this run is gone.
process.env.E2E_DATABASE_NAME ??= `portal_e2e_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
const baseURL = `http://127.0.0.1:${PORT}`;

/** The flows that must work as plain form posts and links, with JavaScript off. */
const NO_JS_SPECS = /(citizen|enterprise|validation|language|catalogue|applications|workbench|bundles|market|market-provisioning)\.spec\.ts$/;

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    baseURL,
    locale: 'zh-CN',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // Debian's chromium: `npx playwright install` cannot download browsers here.
      executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    },
  },
  projects: [
    {
      name: 'js',
      use: { ...devices['Desktop Chrome'], locale: 'zh-CN', javaScriptEnabled: true },
    },
    {
      name: 'no-js',
      testMatch: NO_JS_SPECS,
      use: { ...devices['Desktop Chrome'], locale: 'zh-CN', javaScriptEnabled: false },
    },
  ],
  webServer: {
    // A fresh database with the demo accounts, the already built portal (no rebuild here).
    command: 'bash ./serve.sh',
    cwd: __dirname,
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    env: { E2E_PORT: String(PORT), E2E_DATABASE_NAME: process.env.E2E_DATABASE_NAME },
  },
});

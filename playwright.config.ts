import { randomBytes } from "node:crypto";
import { defineConfig, devices } from "@playwright/test";

// Browser tests against the production build (`next build` first: `npm test` does it) served by
// e2e/support/serve.ts on a fresh database of its own. Playwright cannot download browsers here,
// so it drives Debian's Chromium (`apt-get install -y chromium`).

const port = Number(process.env.E2E_PORT || 3210);
// The app accepts this key for the default workspace (ATELIER_ADMIN_KEY); the fixtures' API client
// uses it too. Workers are forked from this process and inherit process.env, so they see the same key.
process.env.E2E_PORT = String(port);
process.env.E2E_ADMIN_KEY ||= `e2e_admin_${randomBytes(24).toString("hex")}`;

const baseURL = `http://127.0.0.1:${port}`;
const onCI = !!process.env.CI;

export default defineConfig({
  testDir: "e2e",
  testMatch: "*.spec.ts",
  fullyParallel: false,
  forbidOnly: onCI,
  retries: onCI ? 1 : 0,
  workers: onCI ? 1 : 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [
    ["list"],
    ["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME || "test-results/playwright.json" }],
  ],
  outputDir: "test-results/playwright",
  use: {
    baseURL,
    headless: true,
    trace: "on-first-retry",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: "/usr/bin/chromium",
          args: [
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "npx tsx --conditions=react-server e2e/support/serve.ts",
    url: `${baseURL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { E2E_PORT: String(port), E2E_ADMIN_KEY: process.env.E2E_ADMIN_KEY },
    // serve.ts stops the app and drops its database on SIGTERM.
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});

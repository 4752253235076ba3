import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

// Browser tests against the production build (`next build` first: `npm test` does it) served by
// e2e/support/serve.ts on a fresh database of its own. Playwright cannot download browsers here,
// so it drives Debian's Chromium (`apt-get install -y chromium`).

const port = Number(process.env.E2E_PORT || 3210);
// A second, fresh instance (nobody has an account) for the first-run set-up spec.
const freshPort = port + 1;
// The scripted OpenAI-compatible model (scripts/scripted-model) that the app's default provider
// points at: the playground specs drive replies, tool calls and failures through it.
const modelPort = port + 2;
process.env.E2E_MODEL_URL = `http://127.0.0.1:${modelPort}`;
// The app accepts this key for the default workspace (ATELIER_ADMIN_KEY), and creates the first owner
// from these credentials (ATELIER_ADMIN_EMAIL/PASSWORD); the fixtures use both. Workers are forked
// from this process and inherit process.env, so they see the same values.
process.env.E2E_PORT = String(port);
process.env.E2E_ADMIN_KEY ||= `e2e_admin_${randomBytes(24).toString("hex")}`;
process.env.E2E_ADMIN_EMAIL ||= "owner@e2e.example";
process.env.E2E_ADMIN_PASSWORD ||= `pw-${randomBytes(12).toString("hex")}`;

const baseURL = `http://127.0.0.1:${port}`;
const freshBaseURL = `http://127.0.0.1:${freshPort}`;
const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: "/usr/bin/chromium",
    args: ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  },
};
const server = (serverPort: number, env: Record<string, string>) => ({
  command: "npx tsx --conditions=react-server e2e/support/serve.ts",
  url: `http://127.0.0.1:${serverPort}/api/health`,
  timeout: 120_000,
  reuseExistingServer: false,
  stdout: "pipe" as const,
  stderr: "pipe" as const,
  env: { E2E_PORT: String(serverPort), E2E_ADMIN_KEY: process.env.E2E_ADMIN_KEY!, ...env },
  // serve.ts stops the app and drops its database on SIGTERM.
  gracefulShutdown: { signal: "SIGTERM" as const, timeout: 15_000 },
});
const onCI = !!process.env.CI;
const BWRAP_INSTALLED = existsSync("/usr/bin/bwrap") && existsSync("/usr/bin/python3");

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
    { name: "chromium", testIgnore: "first-run.spec.ts", use: chromium },
    { name: "first-run", testMatch: "first-run.spec.ts", use: { ...chromium, baseURL: freshBaseURL } },
  ],
  webServer: [
    {
      command: `npx tsx scripts/model-scripted.ts --port ${modelPort}`,
      url: `http://127.0.0.1:${modelPort}/v1/models`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "ignore" as const,
      stderr: "pipe" as const,
    },
    server(port, {
      E2E_ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL!,
      E2E_ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD!,
      OPENAI_BASE_URL: `http://127.0.0.1:${modelPort}/v1`,
      OPENAI_API_KEY: "sk-scripted-e2e",
      // Small, so e2e/files.spec.ts can see a real "file too large" refusal without sending 512 MB.
      ATELIER_MAX_FILE_BYTES: String(4 * 1024 * 1024),
      // e2e/webhooks.spec.ts delivers to a receiver of its own on 127.0.0.1.
      ATELIER_TOOL_ALLOWED_HOSTS: "127.0.0.1",
      // The code interpreter's chart (e2e/code-interpreter.spec.ts) needs the bwrap sandbox, which
      // .ci/run installs; the pyodide sandbox is covered by the API tests.
      ATELIER_CODE_SANDBOX: BWRAP_INSTALLED ? "bwrap" : "pyodide",
    }),
    // Empty values: the fresh instance must not inherit the first owner from process.env.
    server(freshPort, { E2E_ADMIN_EMAIL: "", E2E_ADMIN_PASSWORD: "" }),
  ],
});

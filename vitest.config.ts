import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Two projects: `unit` (pure lib/ and scripts/ code, no server) and `api` (HTTP tests against a
// real `next start` on a fresh database, started once by the global setup). Playwright's
// e2e/*.spec.ts are not vitest's.
const reportFile = process.env.VITEST_JSON_REPORT;

export default defineConfig({
  resolve: {
    tsconfigPaths: true,
    // `server-only` throws outside React Server Components; tests import services directly.
    alias: { "server-only": fileURLToPath(new URL("./node_modules/server-only/empty.js", import.meta.url)) },
  },
  test: {
    reporters: reportFile ? ["default", "json"] : ["default"],
    outputFile: reportFile ? { json: reportFile } : undefined,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["lib/**/*.test.ts", "scripts/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "api",
          include: ["e2e/api/**/*.test.ts"],
          environment: "node",
          globalSetup: ["e2e/api/global-setup.ts"],
          // Records every response for the secret scan at the end of the run (global-setup.ts).
          setupFiles: ["e2e/api/support/capture.ts"],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

// Runs `prisma generate` without the native schema engine, which cannot be downloaded here.
// The CLI only checks that PRISMA_SCHEMA_ENGINE_BINARY points at an executable file; generate
// itself never runs it, so a stub script is enough (see shared TOOLCHAIN notes).
import { spawnSync } from "node:child_process";
import { chmodSync } from "node:fs";
import { fileURLToPath } from "node:url";

const stub = fileURLToPath(new URL("./schema-engine-stub.sh", import.meta.url));
chmodSync(stub, 0o755);
const result = spawnSync("npx", ["prisma", "generate"], {
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: stub, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});
process.exit(result.status ?? 1);

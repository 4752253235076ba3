import { afterEach, describe, expect, it } from "vitest";
import { getEnv, resetEnvForTests } from "@/lib/env";

const KEYS = ["ATELIER_ADMIN_EMAIL", "ATELIER_ADMIN_PASSWORD", "ATELIER_SECRET", "ATELIER_SIGNIN_LOCK_SECONDS", "ATELIER_MAX_ACTIVE_RUNS", "ATELIER_RUN_QUEUE", "ATELIER_MAX_FILE_BYTES", "ATELIER_WORKSPACE_STORAGE_BYTES", "ATELIER_TOOL_TIMEOUT_SECONDS"] as const;

afterEach(() => {
  for (const key of KEYS) delete process.env[key];
  resetEnvForTests();
});

function withEnv(values: Partial<Record<(typeof KEYS)[number], string>>) {
  Object.assign(process.env, values);
  resetEnvForTests();
  return getEnv;
}

describe("env: accounts and sessions", () => {
  it("wants the first owner's email and password together", () => {
    expect(withEnv({ ATELIER_ADMIN_EMAIL: "admin@example.com" })).toThrow(/ATELIER_ADMIN_PASSWORD: set ATELIER_ADMIN_EMAIL and ATELIER_ADMIN_PASSWORD together/);
  });

  it("refuses a short admin password, a malformed email and a short secret, naming each", () => {
    const read = withEnv({ ATELIER_ADMIN_EMAIL: "not-an-email", ATELIER_ADMIN_PASSWORD: "short", ATELIER_SECRET: "tiny" });
    expect(read).toThrow(/ATELIER_ADMIN_EMAIL: must be an email address/);
    expect(read).toThrow(/ATELIER_ADMIN_PASSWORD: must be at least 12 characters/);
    expect(read).toThrow(/ATELIER_SECRET: must be at least 32 characters/);
  });

  it("defaults the sign-in lock to 5 failures and 15 minutes", () => {
    expect(withEnv({})()).toMatchObject({ ATELIER_SIGNIN_MAX_FAILURES: 5, ATELIER_SIGNIN_LOCK_SECONDS: 900, ATELIER_TRUST_PROXY: false });
    expect(withEnv({ ATELIER_SIGNIN_LOCK_SECONDS: "3" })().ATELIER_SIGNIN_LOCK_SECONDS).toBe(3);
  });
});

describe("env: run ownership", () => {
  it("leases runs through pg-boss, 200 at a time per instance, unless told otherwise", () => {
    expect(withEnv({})()).toMatchObject({ ATELIER_MAX_ACTIVE_RUNS: 200, ATELIER_RUN_QUEUE: "pg-boss" });
    expect(withEnv({ ATELIER_MAX_ACTIVE_RUNS: "3", ATELIER_RUN_QUEUE: "in-process" })()).toMatchObject({ ATELIER_MAX_ACTIVE_RUNS: 3, ATELIER_RUN_QUEUE: "in-process" });
  });

  it("refuses a limit below one and an unknown queue, naming each", () => {
    const read = withEnv({ ATELIER_MAX_ACTIVE_RUNS: "0", ATELIER_RUN_QUEUE: "redis" });
    expect(read).toThrow(/ATELIER_MAX_ACTIVE_RUNS:/);
    expect(read).toThrow(/ATELIER_RUN_QUEUE:/);
  });
});

describe("env: files", () => {
  it("allows 512 MiB per file and 10 GiB per workspace unless told otherwise", () => {
    expect(withEnv({})()).toMatchObject({ ATELIER_MAX_FILE_BYTES: 536_870_912, ATELIER_WORKSPACE_STORAGE_BYTES: 10_737_418_240 });
    expect(withEnv({ ATELIER_MAX_FILE_BYTES: "1048576", ATELIER_WORKSPACE_STORAGE_BYTES: "5000000" })()).toMatchObject({
      ATELIER_MAX_FILE_BYTES: 1_048_576,
      ATELIER_WORKSPACE_STORAGE_BYTES: 5_000_000,
    });
  });

  it("refuses a limit that is not a positive whole number of bytes", () => {
    expect(withEnv({ ATELIER_MAX_FILE_BYTES: "0" })).toThrow(/ATELIER_MAX_FILE_BYTES/);
    expect(withEnv({ ATELIER_WORKSPACE_STORAGE_BYTES: "1.5" })).toThrow(/ATELIER_WORKSPACE_STORAGE_BYTES/);
  });
});

describe("env: tools", () => {
  it("gives a tool call 30 s unless told otherwise, between 1 and 600", () => {
    expect(withEnv({})().ATELIER_TOOL_TIMEOUT_SECONDS).toBe(30);
    expect(withEnv({ ATELIER_TOOL_TIMEOUT_SECONDS: "2" })().ATELIER_TOOL_TIMEOUT_SECONDS).toBe(2);
    expect(withEnv({ ATELIER_TOOL_TIMEOUT_SECONDS: "0" })).toThrow(/ATELIER_TOOL_TIMEOUT_SECONDS/);
    expect(withEnv({ ATELIER_TOOL_TIMEOUT_SECONDS: "601" })).toThrow(/ATELIER_TOOL_TIMEOUT_SECONDS/);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { getEnv, resetEnvForTests } from "@/lib/env";
import { attachRemote, busKind, onCommand, sendCommand } from "@/lib/runs/bus";

// The process's bus: which transport the environment picks, and what it does before it is started
// (or on the embedded database): in-process only.

const KEYS = ["ATELIER_EVENT_BUS", "REDIS_URL", "DATABASE_URL", "ATELIER_INSTANCE_ID"] as const;
const saved = Object.fromEntries(KEYS.map((key) => [key, process.env[key]]));

afterEach(() => {
  for (const key of KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  resetEnvForTests();
});

function env(values: Partial<Record<(typeof KEYS)[number], string>>) {
  for (const key of KEYS) delete process.env[key];
  Object.assign(process.env, values);
  resetEnvForTests();
  return getEnv();
}

describe("run bus selection", () => {
  it("uses Postgres with a database, Redis when REDIS_URL is set, and what ATELIER_EVENT_BUS forces", () => {
    expect(busKind(env({ DATABASE_URL: "postgres://db/atelier" }))).toBe("postgres");
    expect(busKind(env({ DATABASE_URL: "postgres://db/atelier", REDIS_URL: "redis://cache:6379" }))).toBe("redis");
    expect(busKind(env({ DATABASE_URL: "postgres://db/atelier", REDIS_URL: "redis://cache:6379", ATELIER_EVENT_BUS: "memory" }))).toBe("memory");
    expect(busKind(env({}))).toBe("memory");
  });

  it("refuses a Redis bus without REDIS_URL, a bad REDIS_URL and a bad instance id", () => {
    expect(() => env({ ATELIER_EVENT_BUS: "redis" })).toThrow(/REDIS_URL: ATELIER_EVENT_BUS=redis needs REDIS_URL/);
    expect(() => env({ REDIS_URL: "http://cache" })).toThrow(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(() => env({ ATELIER_INSTANCE_ID: "a|b" })).toThrow(/ATELIER_INSTANCE_ID/);
    expect(() => env({ ATELIER_EVENT_BUS: "kafka" })).toThrow(/ATELIER_EVENT_BUS/);
  });
});

describe("run bus before it is started", () => {
  it("finds no owner elsewhere, at once", async () => {
    const source = attachRemote("run_anything");
    expect(await source.next()).toEqual({ done: true, value: "no_owner" });
  });

  it("still delivers commands to this process's handlers", async () => {
    const heard: unknown[] = [];
    const off = onCommand((command) => heard.push(command));
    await sendCommand({ type: "cancel", runId: "run_1" });
    off();
    await sendCommand({ type: "cancel", runId: "run_2" });
    expect(heard).toEqual([{ type: "cancel", runId: "run_1" }]);
  });
});

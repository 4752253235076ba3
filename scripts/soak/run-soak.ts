// The embedded soak as a whole: a scripted model, the console started as `npm start` starts it
// (embedded database, a data folder of its own), an idle stretch, then rounds of traffic with idle
// gaps. Returns what happened; the callers decide what is a failure.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { startScriptedModel } from "../scripted-model/server";
import { residentMiB, startConsole } from "./console-process";
import { driveRound } from "./traffic";

export type SoakPlan = {
  /** Idle time before the first round. */
  firstIdleMs: number;
  /** Stop starting rounds after this long (measured from the end of the first idle stretch). */
  durationMs: number;
  /** Idle gap before each later round, chosen per round. */
  gapMs: () => number;
  log?: (line: string) => void;
};

export type SoakReport = { rounds: number; requests: number; failures: string[]; memoryStartMiB?: number; memoryEndMiB?: number; serverLog: string };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no free port"))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runEmbeddedSoak(plan: SoakPlan): Promise<SoakReport> {
  const log = plan.log ?? (() => {});
  const dataDir = await mkdtemp(path.join(tmpdir(), "atelier-soak-"));
  const modelKey = `sk-soak-${randomBytes(8).toString("hex")}`;
  const model = await startScriptedModel({ apiKey: modelKey });
  const target = { adminKey: `soak_admin_${randomBytes(16).toString("hex")}`, email: "soak@example.test", password: `soak-${randomBytes(12).toString("hex")}` };
  try {
    const app = await startConsole({
      dataDir,
      port: await freePort(),
      env: {
        ATELIER_ADMIN_KEY: target.adminKey,
        ATELIER_ADMIN_EMAIL: target.email,
        ATELIER_ADMIN_PASSWORD: target.password,
        OPENAI_BASE_URL: model.url,
        OPENAI_API_KEY: modelKey,
      },
    });
    const report: SoakReport = { rounds: 0, requests: 0, failures: [], serverLog: "" };
    try {
      report.memoryStartMiB = await residentMiB(await app.serverPid());
      log(`console at ${app.baseURL} on the embedded database in ${dataDir}; server memory ${report.memoryStartMiB ?? "?"} MiB; idle ${Math.round(plan.firstIdleMs / 1000)} s`);
      await sleep(plan.firstIdleMs);
      const until = Date.now() + plan.durationMs;
      let cookie: string | null = null;
      do {
        const result = await driveRound({ ...target, baseURL: app.baseURL }, cookie);
        cookie = result.cookie;
        report.rounds += 1;
        report.requests += result.requests;
        report.failures.push(...result.failures.map((failure) => `round ${report.rounds}: ${failure}`));
        const gap = plan.gapMs();
        log(`round ${report.rounds}: ${result.requests} requests, ${result.failures.length} errors${Date.now() + gap < until ? `; idle ${Math.round(gap / 1000)} s` : ""}`);
        for (const failure of result.failures) log(`  ${failure}`);
        if (Date.now() + gap >= until) break;
        await sleep(gap);
      } while (Date.now() < until);
      report.memoryEndMiB = await residentMiB(await app.serverPid());
    } finally {
      report.serverLog = app.output();
      await app.stop();
    }
    return report;
  } finally {
    await model.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

// `npm run cluster -- --instances 3`: several Atelier instances on one Postgres behind a small
// round-robin balancer, to try locally what a deployment behind a load balancer does (README,
// "Several instances"). Any instance serves any request: runs are owned through leases
// (lib/runs/lease), events and cancels cross instances (lib/runs/bus).
//
//   DATABASE_URL   required: the embedded database serves one process
//   PORT           the balancer (default 3000); instances listen on PORT+1 … PORT+N on 127.0.0.1
//   --instances N  default 3
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { getEnv } from "@/lib/env";
import { installRunQueueSchema } from "@/lib/runs/lease/pgboss-setup";
import { describeDatabaseUrl, migrate } from "./db/migrate-lib";
import { ensureBuild } from "./lib/build";
import { waitForHealth } from "./lib/wait-for-health";

const { values } = parseArgs({ options: { instances: { type: "string", default: "3" } } });
const count = Number(values.instances);

function proxy(targets: number[]): http.Server {
  let next = 0;
  return http.createServer((request, response) => {
    // Round robin; an instance that refuses the connection is skipped for this request.
    const tryTarget = (attempt: number) => {
      const port = targets[(next++ % targets.length + targets.length) % targets.length]!;
      const upstream = http.request({ host: "127.0.0.1", port, method: request.method, path: request.url, headers: { ...request.headers, "x-forwarded-for": request.socket.remoteAddress ?? "" } }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      upstream.on("error", (error) => {
        if (!response.headersSent && attempt < targets.length && (error as NodeJS.ErrnoException).code === "ECONNREFUSED") return tryTarget(attempt + 1);
        if (!response.headersSent) response.writeHead(502, { "content-type": "text/plain" }).end(`no instance answered: ${error.message}\n`);
        else response.destroy();
      });
      request.pipe(upstream);
    };
    tryTarget(1);
  });
}

async function main(): Promise<number> {
  try {
    process.loadEnvFile();
  } catch {
    // no .env
  }
  if (!Number.isInteger(count) || count < 1 || count > 16) return fail("--instances must be a whole number from 1 to 16");
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) return fail("set DATABASE_URL to a Postgres server: the embedded database serves one process, so a cluster needs a real one");
  const env = getEnv();
  process.env.ATELIER_SECRET ??= randomBytes(32).toString("base64url"); // all instances must share it
  console.log(`Database: ${describeDatabaseUrl(databaseUrl)}`);
  const { applied } = await migrate(databaseUrl);
  console.log(applied.length ? `Migrations: applied ${applied.join(", ")}` : "Migrations: up to date");
  await installRunQueueSchema(databaseUrl);
  await ensureBuild();

  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const ports = Array.from({ length: count }, (_, i) => env.PORT + 1 + i);
  const children: ChildProcess[] = ports.map((port, i) =>
    spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, ATELIER_INSTANCE_ID: `instance-${i + 1}`, ATELIER_RUN_QUEUE: "pg-boss" },
    }),
  );
  const stop = (signal: NodeJS.Signals) => children.forEach((child) => child.exitCode === null && child.kill(signal));
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stop(signal));
  await Promise.all(ports.map((port, i) => waitForHealth(`http://127.0.0.1:${port}/api/health`, { timeoutMs: 90_000, exited: () => children[i]!.exitCode !== null })));
  const balancer = proxy(ports).listen(env.PORT, env.ATELIER_HOSTNAME ?? "127.0.0.1");
  console.log(`Atelier: ${count} instances (ports ${ports.join(", ")}) behind http://localhost:${env.PORT}`);
  const codes = await Promise.all(children.map((child) => new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? 1)))));
  balancer.close();
  return Math.max(...codes);
}

function fail(message: string): number {
  console.error(message);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);

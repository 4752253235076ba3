// A benchmark's server in a child process of its own, like `next start`, so it gets one event loop
// and its CPU can be read from /proc on its own. The child reports its port over IPC
// (`process.send({ port })`) once it listens.
import { spawn, type ChildProcess } from "node:child_process";

export type ChildServer = { baseURL: string; pid: number; stop(): Promise<void> };

export async function startChildServer(file: string, env: Record<string, string>, what: string): Promise<ChildServer> {
  const child: ChildProcess = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", file], {
    cwd: process.cwd(),
    env: { ...process.env, ...env, PORT: "0", NODE_ENV: "production" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (message) => resolve((message as { port: number }).port));
    child.once("exit", (code) => reject(new Error(`the ${what} exited during start-up (code ${code})`)));
  });
  return {
    baseURL: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const killed = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(killed);
    },
  };
}

import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

// What the sandboxes' tests share (lib/code/*-sandbox.test.ts): a TCP listener on the host that
// counts the connections code manages to open, and an app process of its own, running a session
// busy in a loop, for tests that kill the app and look for what it left behind.

export async function countingListener(): Promise<{ port: number; connections: () => number; close: () => void }> {
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as { port: number }).port, connections: () => connections, close: () => server.close() };
}

/** Starts `new <className>(…)` from `modulePath` in a Node process of its own (through tsx), runs `while True: pass` in it, and resolves with the app and the session's pid. */
export function appWithBusySession(modulePath: string, className: string): Promise<{ app: ChildProcess; pid: number }> {
  const script = [
    `import { ${className} } from "${modulePath}";`,
    `const session = new ${className}({ timeoutMs: 600000, memoryBytes: 1024 ** 3, outputChars: 1000 });`,
    'await session.run("x = 1");',
    'void session.run("while True: pass");',
    "setTimeout(() => console.log(`pid ${session.pid}`), 300);",
  ].join("\n");
  // In this process (node --import tsx), not tsx's CLI, which would run the app in a child of its own.
  const app = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    app.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /pid (\d+)/.exec(out);
      if (match) resolve({ app, pid: Number(match[1]) });
    });
    app.once("exit", (code) => reject(new Error(`the app ended first (${code}): ${out}`)));
  });
}

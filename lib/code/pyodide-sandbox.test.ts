import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PyodideSession } from "@/lib/code/pyodide-sandbox";
import { appWithBusySession, countingListener } from "@/lib/code/testing/sandbox-fixtures";

// The pyodide sandbox against what code does and what it must not: results, state, files, and
// every escape the issue names (files of the host, the environment, the network, processes,
// JavaScript), then the limits (time, memory, output), each ending as a result, not a crash.

const LIMITS = { timeoutMs: 20_000, memoryBytes: 400 * 1024 * 1024, outputChars: 100_000 };
let session: PyodideSession;
let listener: Awaited<ReturnType<typeof countingListener>>;

beforeAll(async () => {
  process.env.ATELIER_PLANTED_SECRET = "sk-planted-secret-value";
  listener = await countingListener();
  session = new PyodideSession(LIMITS);
}, 60_000);

afterAll(() => {
  session?.close();
  listener?.close();
});

describe("the pyodide sandbox", () => {
  it("runs Python with its standard library and keeps state between calls", async () => {
    const first = await session.run("import statistics\nnumbers = [2, 4, 4, 4, 5, 5, 7, 9]\nprint(statistics.pstdev(numbers))");
    expect(first).toMatchObject({ status: "ok", logs: "2.0\n", error: null, files: [] });
    expect(await session.run("print(sum(numbers))")).toMatchObject({ status: "ok", logs: "40\n" });
  }, 60_000);

  it("returns a traceback as the result of code that raises, and goes on", async () => {
    const failed = await session.run("print('before')\n1 / 0");
    expect(failed.status).toBe("error");
    expect(failed.logs).toBe("before\n");
    expect(failed.error).toContain("ZeroDivisionError: division by zero");
    expect(await session.run("print(len(numbers))")).toMatchObject({ status: "ok", logs: "8\n" });
  });

  it("reads files put in /mnt/data, and returns the files the code writes there", async () => {
    await session.put("/mnt/data/input.csv", Buffer.from("a,b\n1,2\n3,4\n"));
    const result = await session.run("import csv\nrows = list(csv.DictReader(open('/mnt/data/input.csv')))\nwith open('/mnt/data/out.csv', 'w') as f:\n    f.write('total\\n' + str(sum(int(r['b']) for r in rows)))\nprint(len(rows))");
    expect(result).toMatchObject({ status: "ok", logs: "2\n" });
    expect(result.files.map((file) => [file.path, file.bytes.toString()])).toEqual([["/mnt/data/out.csv", "total\n6"]]);
    // Unchanged files are not returned again.
    expect((await session.run("print('again')")).files).toEqual([]);
  });

  it("keeps sessions apart, each started from the app's snapshot, which only the app can change", async () => {
    const other = new PyodideSession(LIMITS);
    try {
      const result = await other.run("print('numbers' in globals())");
      expect(result.logs).toBe("False\n");
      const args = readFileSync(`/proc/${other.pid}/cmdline`, "utf8").split("\0");
      const snapshot = args[args.indexOf("--snapshot") + 1]!;
      expect(args).toContain(`--allow-fs-read=${snapshot}`);
      expect(args.some((arg) => arg.startsWith("--allow-fs-write"))).toBe(false);
      expect(statSync(path.dirname(snapshot)).mode & 0o777).toBe(0o700);
      // Code in a session cannot write it (nor anything else).
      const write = await other.run(`open(${JSON.stringify(snapshot)}, "wb").write(b"x")`);
      expect(write.status).toBe("error");
    } finally {
      other.close();
    }
  }, 60_000);

  it.each([
    ["the host's files", "print(open('/etc/passwd').read())", /FileNotFoundError|PermissionError/],
    ["the app's files", "import os\nprint(os.listdir('/work'))", /FileNotFoundError/],
    ["the environment", "import os\nprint(dict(os.environ))", null],
    ["processes", "import subprocess\nsubprocess.run(['id'])", /OSError/],
    ["fork", "import os\nos.fork()", /OSError/],
    ["JavaScript's globals", "import js\nprint(js.process.env)", /AttributeError/],
    ["a host folder mounted", "import pyodide_js\npyodide_js.mountNodeFS('/host', '/etc')\nimport os\nprint(os.listdir('/host'))", /does not exist|ERR_ACCESS_DENIED|access/],
    ["code generation", "import pyodide_js\nprint(pyodide_js.constructor.constructor('return process')())", /EvalError|Code generation/],
  ])("does not reach %s", async (_, code, expected) => {
    const result = await session.run(code);
    expect(result.logs + (result.error ?? "")).not.toContain("sk-planted-secret-value");
    expect(result.logs).not.toContain("root:");
    if (expected) expect(result.error).toMatch(expected);
  });

  it("cannot open a connection to the host's network", async () => {
    const result = await session.run(`import socket\ns = socket.socket()\ns.connect(('127.0.0.1', ${listener.port}))\ns.send(b'x')`);
    expect(result.status).toBe("error");
    expect(result.error).toMatch(/OSError|unreachable/i);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(listener.connections()).toBe(0);
  });

  it("stops output past its limit, and goes on", async () => {
    const result = await session.run("while True:\n    print('x' * 1000)");
    expect(result.status, JSON.stringify({ ...result, logs: result.logs.slice(0, 100) })).toBe("output_limit");
    expect(result.logs.length).toBe(LIMITS.outputChars);
    expect(await session.run("print('still here', len(numbers))")).toMatchObject({ status: "ok", logs: "still here 8\n" });
  });

  it("stops code that runs forever at the time limit, then starts an empty session", async () => {
    const quick = new PyodideSession({ ...LIMITS, timeoutMs: 3_000 });
    try {
      expect(await quick.run("x = 1")).toMatchObject({ status: "ok" });
      const looping = await quick.run("while True:\n    pass");
      expect(looping.status).toBe("timeout");
      expect(looping.error).toContain("ran past 3 s");
      expect(await quick.run("print('x' in globals())")).toMatchObject({ status: "ok", logs: "False\n" });
    } finally {
      quick.close();
    }
  }, 90_000);

  it("stops code that takes too much memory", async () => {
    const result = await session.run("blocks = []\nfor _ in range(100):\n    blocks.append(bytearray(100 * 1024 * 1024))");
    expect(["memory", "error"]).toContain(result.status);
    if (result.status === "error") expect(result.error).toContain("MemoryError");
  }, 60_000);
});

describe("the pyodide sandbox when the app dies", () => {
  it("takes a busy interpreter with it when the app is killed with SIGKILL", async () => {
    const { existsSync } = await import("node:fs");
    const { app, pid } = await appWithBusySession("./lib/code/pyodide-sandbox.ts", "PyodideSession");
    expect(existsSync(`/proc/${pid}`)).toBe(true);
    app.kill("SIGKILL");
    const deadline = Date.now() + 5_000;
    while (existsSync(`/proc/${pid}`) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(`/proc/${pid}`), "the interpreter outlived the app").toBe(false);
  }, 60_000);
});

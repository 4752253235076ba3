import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BwrapSession, bwrapAvailable, sandboxPids } from "@/lib/code/bwrap-sandbox";
import { appWithBusySession, countingListener } from "@/lib/code/testing/sandbox-fixtures";

// The bwrap sandbox, for real (bubblewrap and the system's Python, no mocks), against what code
// does and what it must not: results, state, files, charts, every escape (the host's files, the
// app, the environment, the network, processes, writes outside /mnt/data), then the limits (time,
// memory, output), each ending as a result, not a crash of the test process.

const LIMITS = { timeoutMs: 20_000, memoryBytes: 400 * 1024 * 1024, outputChars: 100_000 };
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const available = bwrapAvailable();

it("has bubblewrap to test with (required under CI)", () => {
  if (!available.ok && process.env.CI) expect.fail(`the bwrap sandbox cannot run here: ${available.reason}`);
});

it.skipIf(process.platform !== "linux")("says what to install when bubblewrap is missing", async () => {
  const options = { bwrap: "/nonexistent/bwrap" };
  expect(bwrapAvailable(options)).toEqual({ ok: false, reason: expect.stringContaining("apt-get install bubblewrap python3") });
  const result = await new BwrapSession(LIMITS, options).run("print(1)");
  expect(result).toMatchObject({ status: "crashed", error: expect.stringContaining("bubblewrap is not installed") });
});

describe.skipIf(!available.ok && !process.env.CI)("the bwrap sandbox", () => {
  let session: BwrapSession;
  let listener: Awaited<ReturnType<typeof countingListener>>;

  beforeAll(async () => {
    process.env.ATELIER_PLANTED_SECRET = "sk-planted-secret-value";
    listener = await countingListener();
    session = new BwrapSession(LIMITS);
  });

  afterAll(() => {
    session?.close();
    listener?.close();
  });

  it("runs Python with its standard library, shows the last expression, and keeps state", async () => {
    const first = await session.run("import statistics\nnumbers = [2, 4, 4, 4, 5, 5, 7, 9]\nprint(statistics.pstdev(numbers), 6 * 7)");
    expect(first).toMatchObject({ status: "ok", logs: "2.0 42\n", error: null, files: [], images: [] });
    expect(await session.run("total = sum(numbers)\ntotal")).toMatchObject({ status: "ok", logs: "40\n" });
    expect(await session.run("'text'")).toMatchObject({ logs: "'text'\n" });
    expect(await session.run("None")).toMatchObject({ status: "ok", logs: "" });
    expect(await session.run("print('no newline', end='')")).toMatchObject({ logs: "no newline" });
  }, 30_000);

  it("returns a traceback naming the line of code that raises, and goes on", async () => {
    const failed = await session.run("print('before')\nvalue = 1\nvalue / 0");
    expect(failed.status).toBe("error");
    expect(failed.logs).toBe("before\n");
    expect(failed.error).toMatch(/line 3[\s\S]*ZeroDivisionError: division by zero/);
    expect(failed.error).not.toContain("host.py");
    expect((await session.run("print(")).error).toContain("SyntaxError");
    expect(await session.run("print(len(numbers))")).toMatchObject({ status: "ok", logs: "8\n" });
  });

  it("keeps print, stderr, os.write and child processes' output in order", async () => {
    const result = await session.run("import os, sys, subprocess\nprint('a')\nos.write(1, b'b\\n')\nprint('c', file=sys.stderr)\nsubprocess.run(['echo', 'd'])\nos.write(2, b'e\\n')\nprint('f')");
    expect(result).toMatchObject({ status: "ok", logs: "a\nb\nc\nd\ne\nf\n" });
  });

  it("does not give a call what a process left by an earlier call prints between calls", async () => {
    expect(await session.run("import subprocess\nlate = subprocess.Popen(['sh', '-c', 'sleep 0.2; echo late'])")).toMatchObject({ status: "ok", logs: "" });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await session.run("late.wait()\nprint('now')")).toMatchObject({ status: "ok", logs: "now\n" });
  });

  it("reads files put in /mnt/data, and returns the files the code writes there", async () => {
    await session.put("/mnt/data/input.csv", Buffer.from("a,b\n1,2\n3,4\n"));
    const result = await session.run("import csv\nrows = list(csv.DictReader(open('input.csv')))\nwith open('/mnt/data/out.csv', 'w') as f:\n    f.write('total\\n' + str(sum(int(r['b']) for r in rows)))\nprint(len(rows))");
    expect(result).toMatchObject({ status: "ok", logs: "2\n" });
    expect(result.files.map((file) => [file.path, file.bytes.toString()])).toEqual([["/mnt/data/out.csv", "total\n6"]]);
    // Unchanged files are not returned again.
    expect((await session.run("print('again')")).files).toEqual([]);
    await expect(session.put("/mnt/data/../etc/x", Buffer.from("x"))).rejects.toThrow(/mnt\/data/);
  });

  it("puts a large file in chunks", async () => {
    const bytes = Buffer.alloc(9 * 1024 * 1024 + 7, 7);
    await session.put("/mnt/data/big/blob.bin", bytes);
    expect(await session.run("import os\nprint(os.path.getsize('big/blob.bin'), open('big/blob.bin', 'rb').read(3))")).toMatchObject({ logs: `${bytes.length} b'\\x07\\x07\\x07'\n` });
  });

  it("returns matplotlib's charts as PNGs (shown or left open), with numpy and pandas", async () => {
    const result = await session.run(
      "import numpy as np, pandas as pd\nimport matplotlib.pyplot as plt\nframe = pd.DataFrame({'v': [2, 4, 4, 4, 5, 5, 7, 9]})\nprint(float(np.std(frame['v'])))\nplt.plot(frame['v'])\nplt.show()\nplt.figure()\nplt.bar(['a', 'b'], [1, 2])",
    );
    expect(result.status, result.error ?? "").toBe("ok");
    expect(result.logs).toContain("2.0\n");
    expect(result.images).toHaveLength(2);
    for (const image of result.images) expect(image.subarray(0, 8).equals(PNG)).toBe(true);
    expect((await session.run("print(1)")).images).toEqual([]);
  }, 30_000);

  it("keeps sessions apart: variables, /mnt/data and /tmp", async () => {
    expect(await session.run("open('/tmp/mine.txt', 'w').write('private')\nprint(open('/tmp/mine.txt').read())")).toMatchObject({ status: "ok", logs: "private\n" });
    const other = new BwrapSession(LIMITS);
    try {
      const result = await other.run("import os\nprint('numbers' in globals(), os.listdir('/mnt/data'), os.path.exists('/tmp/mine.txt'))");
      expect(result).toMatchObject({ status: "ok", logs: "False [] False\n" });
    } finally {
      other.close();
    }
    expect(existsSync(path.join(os.tmpdir(), "mine.txt"))).toBe(false);
  });

  it("does not show the host's users, the app's folder or the app's environment", async () => {
    const passwd = await session.run("print(open('/etc/passwd').read())");
    expect(passwd.logs).not.toContain("root:x:0:0");
    expect(readFileSync("/etc/passwd", "utf8")).toContain("root:x:0:0");
    const app = await session.run(`import os\nprint(os.path.exists(${JSON.stringify(process.cwd())}), os.path.exists(${JSON.stringify(path.join(process.cwd(), ".env"))}), sorted(os.listdir('/')))`);
    expect(app.logs).toMatch(/^False False \[/);
    expect(app.logs).not.toMatch(/'work'|'root'|'home'|'var'/);
    const environment = await session.run("import os\nprint(dict(os.environ))");
    expect(environment.logs).not.toContain("sk-planted-secret-value");
    expect(environment.logs).not.toContain("ATELIER");
    expect(environment.logs).not.toContain(process.env.PATH ?? "no path");
  });

  it("cannot write outside /mnt/data and /tmp", async () => {
    for (const target of ["/usr/evil.txt", "/etc/evil.txt", "/opt/atelier/host.py", "/evil.txt", "/dev/evil.txt"]) {
      const result = await session.run(`open(${JSON.stringify(target)}, 'w').write('x')`);
      expect(result.status, target).toBe("error");
      expect(result.error).toMatch(/Read-only file system|PermissionError|FileNotFoundError/);
    }
  });

  it("bounds /tmp, which lives in memory, and keeps /dev/shm for multiprocessing", async () => {
    const full = await session.run("for i in range(6):\n    open(f'/tmp/big{i}', 'wb').write(b'x' * (50 * 1024 * 1024))");
    expect(full.error).toContain("No space left on device");
    const pool = await session.run("import glob, os, multiprocessing\nfor name in glob.glob('/tmp/big*'):\n    os.remove(name)\nwith multiprocessing.Pool(2) as pool:\n    print(pool.map(abs, [-1, -2]))");
    expect(pool).toMatchObject({ status: "ok", logs: "[1, 2]\n" });
  }, 30_000);

  it("cannot open a connection to the host's network or resolve names", async () => {
    const result = await session.run(`import socket\ns = socket.socket()\ns.settimeout(2)\ns.connect(('127.0.0.1', ${listener.port}))`);
    expect(result.status).toBe("error");
    expect(result.error).toMatch(/ConnectionRefusedError|OSError|unreachable/i);
    expect((await session.run("import socket\nsocket.getaddrinfo('example.com', 80)")).error).toMatch(/gaierror|OSError/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(listener.connections()).toBe(0);
  });

  it("limits processes: a fork bomb and many subprocesses fail, and the session goes on", async () => {
    const many = await session.run("import subprocess\nprocs = []\ntry:\n    for _ in range(200):\n        procs.append(subprocess.Popen(['sleep', '30']))\nfinally:\n    for p in procs:\n        p.kill()\n        p.wait()\n    print(len(procs))");
    expect(many.status).toBe("error");
    expect(many.error).toMatch(/BlockingIOError|Resource temporarily unavailable/);
    expect(Number(many.logs)).toBeLessThan(64);
    const bomb = await session.run("import os\nwhile True:\n    os.fork()");
    expect(bomb.status).toBe("error");
    expect(bomb.error).toContain("BlockingIOError");
    // The bomb's ended children were reaped: processes can be started again.
    expect(await session.run("import subprocess\nprint('still here', len(numbers), subprocess.run(['true']).returncode)")).toMatchObject({ status: "ok", logs: "still here 8 0\n" });
  }, 30_000);

  it("stops output past its limit, and goes on", async () => {
    const result = await session.run("import sys\nfor _ in range(100):\n    sys.stdout.write('x' * 1_000_000)");
    expect(result.status, result.error ?? "").toBe("output_limit");
    expect(result.logs.length).toBe(LIMITS.outputChars);
    expect(await session.run("print('still here', len(numbers))")).toMatchObject({ status: "ok", logs: "still here 8\n" });
  }, 30_000);

  it("reports a 10 GB allocation as the code's MemoryError, and goes on", async () => {
    const result = await session.run("blob = bytearray(10 * 1024 ** 3)");
    expect(result.status).toBe("error");
    expect(result.error).toContain("MemoryError");
    expect(await session.run("print(len(numbers))")).toMatchObject({ status: "ok", logs: "8\n" });
  });

  it("stops processes that together take too much memory", async () => {
    const small = new BwrapSession({ ...LIMITS, memoryBytes: 300 * 1024 * 1024 });
    try {
      const code = "import os, time\nfor _ in range(4):\n    if os.fork() == 0:\n        blob = b'x' * (150 * 1024 * 1024)\n        time.sleep(30)\n        os._exit(0)\ntime.sleep(30)";
      const result = await small.run(code);
      expect(result.status).toBe("memory");
      expect(result.error).toContain("more than 300 MB");
      expect(await small.run("print('fresh')")).toMatchObject({ status: "ok", logs: "fresh\n" });
    } finally {
      small.close();
    }
  }, 30_000);

  it("stops code that runs forever at the time limit, then starts an empty session", async () => {
    const quick = new BwrapSession({ ...LIMITS, timeoutMs: 1_500 });
    try {
      expect(await quick.run("x = 1")).toMatchObject({ status: "ok" });
      const looping = await quick.run("while True:\n    pass");
      expect(looping.status).toBe("timeout");
      expect(looping.error).toContain("ran past 1.5 s");
      expect(looping.ms).toBeLessThan(5_000);
      expect(await quick.run("print('x' in globals())")).toMatchObject({ status: "ok", logs: "False\n" });
    } finally {
      quick.close();
    }
  }, 30_000);

  it("stops a call when its signal aborts, then starts an empty session", async () => {
    const cancelled = new BwrapSession(LIMITS);
    try {
      await cancelled.run("x = 1");
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 300);
      expect(await cancelled.run("while True:\n    pass", controller.signal)).toMatchObject({ status: "timeout", error: expect.stringContaining("cancelled") });
      expect(await cancelled.run("print('x' in globals())")).toMatchObject({ status: "ok", logs: "False\n" });
    } finally {
      cancelled.close();
    }
  });

  it("interrupts a call blocked on a child process that prints without end", async () => {
    const result = await session.run("import subprocess\nsubprocess.run(['yes'])");
    expect(result.status).toBe("output_limit");
    expect(result.ms).toBeLessThan(5_000);
    expect(await session.run("print(len(numbers))")).toMatchObject({ status: "ok", logs: "8\n" });
  });

  it("ends every process of a session when it is closed", async () => {
    const closing = new BwrapSession(LIMITS);
    expect(await closing.run("import subprocess\nchild = subprocess.Popen(['sleep', '60'])\nprint('up')")).toMatchObject({ status: "ok" });
    const pids = sandboxPids(closing.pid!);
    expect(pids.length).toBeGreaterThanOrEqual(3);
    closing.close();
    const alive = () => pids.filter((pid) => existsSync(`/proc/${pid}`) && !/State:\s+Z/.test(readFileSafe(`/proc/${pid}/status`)));
    for (let i = 0; i < 40 && alive().length; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive()).toEqual([]);
    expect(closing.placed.size).toBe(0);
  });

  it("stops code that fills /mnt/data past what a session may keep, and goes on", async () => {
    const filling = new BwrapSession({ ...LIMITS, dataBytes: 20 * 1024 * 1024 });
    try {
      const result = await filling.run("for i in range(50):\n    open(f'/mnt/data/part{i}', 'wb').write(b'x' * 1024 * 1024)\nimport time\ntime.sleep(30)");
      expect(result).toMatchObject({ status: "disk", error: expect.stringContaining("more than 20 MB") });
      expect(result.ms).toBeLessThan(10_000);
      expect(await filling.run("import os\nprint(os.listdir('/mnt/data'))")).toMatchObject({ status: "ok", logs: "[]\n" });
    } finally {
      filling.close();
    }
  }, 30_000);

  it("takes a busy sandbox with it when the app is killed with SIGKILL", async () => {
    const { app, pid } = await appWithBusySession("./lib/code/bwrap-sandbox.ts", "BwrapSession");
    const pids = sandboxPids(pid);
    expect(pids.length).toBeGreaterThanOrEqual(2);
    app.kill("SIGKILL");
    const alive = () => pids.filter((item) => existsSync(`/proc/${item}`) && !/State:\s+Z/.test(readFileSafe(`/proc/${item}/status`)));
    for (let i = 0; i < 100 && alive().length; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive(), "the sandbox outlived the app").toEqual([]);
  }, 60_000);
});

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

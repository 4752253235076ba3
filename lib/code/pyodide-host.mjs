// One code interpreter session on the `pyodide` sandbox (issue 23): CPython compiled to WebAssembly,
// loaded from node_modules/pyodide, in a process of its own that lib/code/pyodide-sandbox.ts starts
// under Node's permission model: it may read only the pyodide package and this file, write nothing,
// start no processes or workers, load no addons, and evaluate no code from strings; its environment
// is empty. Inside, Python's `js` module is an empty object, and the browser-style network globals
// are gone, so pyodide's socket emulation finds no WebSocket to use. Plain JavaScript on purpose:
// Node runs it as it is, nothing bundles it.
//
// Protocol: one JSON request per line on stdin, one JSON answer per line on stdout (nothing else is
// written there): {id, op: "run", code, maxOutput} → {id, ok, logs, error, truncated, files};
// {id, op: "put", path, base64} → {id, ok}. Files are those under /mnt/data made or changed by the
// run (up to 20 MiB in all), base64.
import fs from "node:fs";
import os from "node:os";
import readline from "node:readline";

// Pyodide's NODEFS reads flag values through process.binding("constants"), which the permission
// model denies; only that one binding is answered.
process.binding = (name) => {
  if (name === "constants") return { fs: fs.constants, os: os.constants };
  throw new Error(`process.binding("${name}") is not available in the sandbox`);
};
for (const key of ["fetch", "WebSocket", "XMLHttpRequest", "EventSource", "Request", "Response"]) delete globalThis[key];

const { loadPyodide } = await import("pyodide");
const DATA = "/mnt/data";
const MAX_FILES_BYTES = 20 * 1024 * 1024;

let output = "";
let limit = 1_000_000;
let truncated = false;
// SIGINT for Python, set from the output callback when a run prints past its limit.
const interrupt = new Uint8Array(new SharedArrayBuffer(1));
const write = (text) => {
  if (truncated) return;
  if (output.length + text.length > limit) {
    output += text.slice(0, Math.max(0, limit - output.length));
    truncated = true;
    interrupt[0] = 2;
    return;
  }
  output += text;
};

// Modes (argv): `--make-snapshot FILE` loads the interpreter, imports what most code starts with,
// writes its memory to FILE and exits, running no code of anyone's; `--snapshot FILE` starts a
// session from that memory (a few hundred ms instead of seconds); neither: a plain start.
const [mode, snapshotFile] = process.argv.slice(2);
const options = { jsglobals: Object.create(null), env: { HOME: "/home/pyodide" }, stdout: (line) => write(`${line}\n`), stderr: (line) => write(`${line}\n`) };
if (mode === "--make-snapshot") {
  const maker = await loadPyodide({ ...options, _makeSnapshot: true });
  maker.runPython("import os, sys, io, json, csv, math, statistics, re, datetime, collections, itertools, functools, random, decimal, fractions");
  fs.writeFileSync(snapshotFile, maker.makeMemorySnapshot());
  process.exit(0);
}
const pyodide = await loadPyodide(mode === "--snapshot" ? { ...options, _loadSnapshot: fs.readFileSync(snapshotFile) } : options);
pyodide.setInterruptBuffer(interrupt);
pyodide.FS.mkdirTree(DATA);
pyodide.runPython(`import os\nos.chdir("${DATA}")`);

/** Files under /mnt/data and their modification times, to tell what a run made or changed. */
function snapshot(dir = DATA, out = new Map()) {
  for (const name of pyodide.FS.readdir(dir)) {
    if (name === "." || name === "..") continue;
    const path = `${dir}/${name}`;
    const stat = pyodide.FS.stat(path);
    if (pyodide.FS.isDir(stat.mode)) snapshot(path, out);
    else out.set(path, `${stat.mtime?.getTime?.() ?? stat.mtime}:${stat.size}`);
  }
  return out;
}

function run({ code, maxOutput }) {
  output = "";
  truncated = false;
  limit = maxOutput ?? limit;
  interrupt[0] = 0;
  const before = snapshot();
  let error = null;
  try {
    // Synchronously: an interrupt (too much output) then raises here, not in asyncio's loop.
    pyodide.runPython(code);
  } catch (thrown) {
    // The traceback, as Python prints it; an interrupt for too much output says so instead.
    error = truncated ? null : String(thrown.message ?? thrown);
  } finally {
    interrupt[0] = 0;
  }
  const files = [];
  let bytes = 0;
  for (const [path, stamp] of snapshot()) {
    if (before.get(path) === stamp) continue;
    const data = pyodide.FS.readFile(path);
    bytes += data.length;
    if (bytes > MAX_FILES_BYTES) break;
    files.push({ path, base64: Buffer.from(data).toString("base64") });
  }
  return { logs: output, error, truncated, files };
}

function put({ path, base64 }) {
  if (!path.startsWith(`${DATA}/`) || path.includes("/../")) throw new Error(`files go under ${DATA}`);
  pyodide.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
  pyodide.FS.writeFile(path, Buffer.from(base64, "base64"));
  return {};
}

const answer = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
answer({ id: 0, ok: true, ready: true });

// One request at a time: Python runs on this thread, so the next line waits for the run before it.
const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  let request;
  try {
    request = JSON.parse(line);
    const result = request.op === "run" ? run(request) : request.op === "put" ? put(request) : null;
    if (!result) throw new Error(`unknown op ${request.op}`);
    answer({ id: request.id, ok: true, ...result });
  } catch (error) {
    answer({ id: request?.id ?? -1, ok: false, message: String(error?.message ?? error) });
  }
}

# One code interpreter session on the `bwrap` sandbox (issue 23): the system's CPython, started by
# lib/code/bwrap-sandbox.ts inside bubblewrap (no network, its own pids, a read-only /usr, a private
# /tmp, /mnt/data the only host folder it can write), as an unprivileged uid of its own. Run with
# `python3 -I -u -B host.py <memory bytes>`.
#
# Protocol: requests are JSON lines on stdin, read by a thread, so that {"op": "interrupt"} can
# stop a running call (KeyboardInterrupt in the main thread) without the app knowing any pid.
#   {id, op: "run", code, begin, end} -> {id, ok, error (traceback or null), files: [{path, base64}], images: [base64 png]}
#   {id, op: "put", path, base64, append} -> {id, ok}   (large files come in chunks: append = not the first)
# Answers are JSON lines on fd 3. Everything the code prints (stdout, stderr, os.write, child
# processes) goes to fd 1, one pipe, in order; the run's `begin` and `end` markers are written there
# around it, so the app knows which output is that call's (not, say, the last words of a process
# an earlier call left behind).
import ast
import base64
import importlib.abc
import importlib.machinery
import io
import json
import linecache
import os
import queue
import resource
import signal
import stat
import sys
import threading
import time
import traceback
import types

DATA = "/mnt/data"
MAX_FILES_BYTES = 20 * 1024 * 1024
HOST_FILE = os.path.abspath(__file__)
NPROC = 64


def set_limits(memory_bytes):
    # Soft = hard, so the code cannot raise them again. NPROC counts threads too; it is counted per
    # user namespace (Linux >= 5.14), so per session. The address space gets 1 GiB over the memory
    # limit: it counts reservations never touched (OpenBLAS alone reserves ~130 MB on its first
    # call and, refused, spins forever instead of failing; glibc 64 MB per thread's arena), so at the
    # limit itself numpy's linear algebra hung a 512 MB session. Resident memory, what the limit is
    # about, is watched by the app; this cap turns one huge allocation into a MemoryError.
    for kind, value in (
        (resource.RLIMIT_AS, memory_bytes + 1024 * 1024 * 1024),
        (resource.RLIMIT_NPROC, NPROC),
        (resource.RLIMIT_FSIZE, 100 * 1024 * 1024),
        (resource.RLIMIT_NOFILE, 256),
        (resource.RLIMIT_CORE, 0),
    ):
        resource.setrlimit(kind, (value, value))


def private_fds():
    """Moves the protocol off fds 0 and 3 (the code gets /dev/null as stdin), sends fd 2 to fd 1,
    and closes anything else inherited."""
    # `marks` is fd 1's pipe too, but the code cannot close or redirect it by accident.
    requests, answers, marks, diagnostics = os.dup(0), os.dup(3), os.dup(1), os.dup(2)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(1, 2)
    keep = {0, 1, 2, requests, answers, marks, diagnostics}
    for name in os.listdir("/proc/self/fd"):
        if int(name) not in keep:
            try:
                os.close(int(name))
            except OSError:
                pass
    return os.fdopen(requests, "rb"), os.fdopen(answers, "wb"), marks, diagnostics


class State:
    running = False
    cells = 0
    images = []
    diagnostics = 2
    pid = os.getpid()


state = State()


def on_interrupt(signum, frame):
    # Only the user's code is interrupted; a late interrupt during the host's own work is dropped.
    if state.running:
        raise KeyboardInterrupt


def take_figures():
    """PNGs of matplotlib's open figures, then closes them (what show() means here)."""
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return
    for number in plt.get_fignums():
        buffer = io.BytesIO()
        plt.figure(number).savefig(buffer, format="png", dpi=100)
        state.images.append(buffer.getvalue())
    plt.close("all")


class PyplotHook(importlib.abc.MetaPathFinder):
    """Makes pyplot.show() hand the figures back instead of doing nothing, without importing
    matplotlib before the code does (a cold start stays fast)."""

    def find_spec(self, name, path, target=None):
        if name != "matplotlib.pyplot":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        execute = spec.loader.exec_module

        def exec_module(module):
            execute(module)
            module.show = lambda *args, **kwargs: take_figures()

        spec.loader.exec_module = exec_module
        return spec


def snapshot():
    """Regular files under /mnt/data and their (mtime, size), to tell what a run made or changed."""
    found = {}
    for root, _, files in os.walk(DATA):
        for name in files:
            path = os.path.join(root, name)
            try:
                info = os.lstat(path)
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode):
                found[path] = (info.st_mtime_ns, info.st_size)
    return found


def read_regular(path):
    # No symlinks, FIFOs or devices: reading one could block or never end.
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(os.dup(fd), "rb") as file:
            return file.read()
    finally:
        os.close(fd)


def changed_files(before):
    files, total = [], 0
    for path, stamp in sorted(snapshot().items()):
        if before.get(path) == stamp or total + stamp[1] > MAX_FILES_BYTES:
            continue
        try:
            data = read_regular(path)
        except OSError:
            continue
        if data is None or total + len(data) > MAX_FILES_BYTES:
            continue
        total += len(data)
        files.append({"path": path, "base64": base64.b64encode(data).decode()})
    return files


def end_crowd():
    """A call that leaves more than half the process budget behind (a fork bomb leaves ~60, alive
    or ended but never waited for, each holding a slot) has them all ended, so the session can
    start processes again; fewer are left alone, as a notebook would. Returns how many."""
    me = os.getpid()

    def others():
        # /proc is the sandbox's own: its processes only, 1 being bwrap's init.
        return [name for name in os.listdir("/proc") if name.isdigit() and int(name) not in (1, me)]

    crowd = len(others())
    if crowd <= NPROC // 2:
        return 0
    for _ in range(200):
        try:
            os.kill(-1, signal.SIGKILL)  # every process of the sandbox but init and this one
        except OSError:
            pass
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            pass
        if not others():
            break
        time.sleep(0.005)
    return crowd


def user_traceback(error):
    # The host's own frames are not the user's business: the traceback starts in the cell.
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == HOST_FILE:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(error), error, tb))


def run_cell(code, scope):
    """Runs code as a notebook cell: the value of a final expression is printed (its repr)."""
    state.cells += 1
    filename = f"<cell {state.cells}>"
    # Each cell keeps its own source, so tracebacks through functions of older cells show their lines.
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    tree = ast.parse(code, filename)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, filename, "exec"), scope)
    if last is not None:
        value = eval(compile(ast.Expression(last.value), filename, "eval"), scope)
        if value is not None:
            scope["_"] = value
            print(repr(value))


def flush_streams():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def run(request, scope, marks):
    before = snapshot()
    state.images = []
    error = None
    signal.signal(signal.SIGINT, on_interrupt)
    try:
        try:
            state.running = True
            run_cell(request["code"], scope)
        finally:
            state.running = False
    except SystemExit as exit:
        if exit.code not in (None, 0):
            error = user_traceback(exit)
    except BaseException as raised:  # KeyboardInterrupt (the app stopped the call) is a result too
        error = user_traceback(raised)
    # An interrupt that landed before the finally above had run.
    state.running = False
    if os.getpid() != state.pid:
        # A child the code forked (os.fork) came back here: it is not the host, and must not answer.
        flush_streams()
        os._exit(1 if error else 0)
    flush_streams()
    try:
        take_figures()
    except Exception as failed:
        error = error or f"The figure could not be drawn: {type(failed).__name__}: {failed}"
    files = changed_files(before)
    ended = end_crowd()
    if ended:
        os.write(marks, f"[sandbox] {ended} processes left running or unwaited by this call were ended (a session may have {NPROC}).\n".encode())
    images = [base64.b64encode(image).decode() for image in state.images]
    state.images = []
    return {"ok": True, "error": error, "files": files, "images": images}


def put(request):
    path = request["path"]
    if not path.startswith(DATA + "/") or os.path.normpath(path) != path or "/../" in path:
        raise ValueError(f"files go under {DATA}")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "ab" if request.get("append") else "wb") as file:
        file.write(base64.b64decode(request["base64"]))
    return {"ok": True}


def main():
    set_limits(int(sys.argv[1]))
    requests, answers, marks, state.diagnostics = private_fds()
    sys.meta_path.insert(0, PyplotHook())
    # The code's globals are a module of its own registered as __main__ (pickle, dataclasses and
    # multiprocessing look there), not the host's (kept referenced here).
    state.host = sys.modules["__main__"]
    user = types.ModuleType("__main__")
    user.__dict__["__builtins__"] = __builtins__
    sys.modules["__main__"] = user
    # Like a notebook: files in /mnt/data can be imported.
    sys.path.insert(0, DATA)
    pending = queue.SimpleQueue()

    def read():
        for line in requests:
            try:
                request = json.loads(line)
            except ValueError:
                continue
            if request.get("op") == "interrupt":
                # A real SIGINT to the main thread (not _thread.interrupt_main()), so that a call
                # blocked in a system call (waiting for a child process, sleeping) is woken too.
                if state.running:
                    signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
            else:
                pending.put(request)
        pending.put(None)

    threading.Thread(target=read, daemon=True).start()

    def answer(message):
        answers.write(json.dumps(message).encode() + b"\n")
        answers.flush()

    answer({"id": 0, "ok": True, "ready": True})
    while True:
        request = pending.get()
        if request is None:
            return
        try:
            if request.get("op") == "run":
                os.write(marks, request["begin"].encode())
                try:
                    result = run(request, user.__dict__, marks)
                finally:
                    # Even when the host itself failed: the app waits for it.
                    flush_streams()
                    os.write(marks, request["end"].encode())
            elif request.get("op") == "put":
                result = put(request)
            else:
                raise ValueError(f"unknown op {request.get('op')}")
        except BaseException as failed:
            result = {"ok": False, "message": f"{type(failed).__name__}: {failed}"}
        answer({"id": request.get("id"), **result})


if __name__ == "__main__":
    try:
        main()
    except BaseException:
        # The host's own failure goes to the app (its stderr), not into the code's output.
        os.write(state.diagnostics, traceback.format_exc().encode())
        os._exit(1)
    # Without waiting for threads the code started: stdin closed means the session is over.
    os._exit(0)

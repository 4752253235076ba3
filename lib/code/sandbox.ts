// The code interpreter's sandboxes (issue 23) behind one interface: a session runs Python calls one
// after another, keeping variables and /mnt/data between them, until it is closed. A call that
// fails in the user's code is a result (its traceback), not an error; one that runs past its time,
// its memory or its output is stopped and says so. Types only: the sandboxes are server-only.

export type SandboxKind = "pyodide" | "bwrap";

export type CodeStatus =
  /** Ran to the end. */
  | "ok"
  /** The code raised: `error` is the traceback. */
  | "error"
  /** Ran past its time; the session was restarted (its variables and files are gone). */
  | "timeout"
  /** Used more memory than a session may; restarted. */
  | "memory"
  /** Printed more than a call may: stopped there, `logs` is cut. */
  | "output_limit"
  /** Wrote more to /mnt/data than a session may keep; restarted. */
  | "disk"
  /** The interpreter itself ended; restarted. */
  | "crashed";

export type ProducedFile = { path: string; bytes: Buffer };

export type CodeResult = {
  status: CodeStatus;
  /** What the code printed (stdout and stderr, in order). */
  logs: string;
  /** The traceback, or what stopped the call, in words. */
  error: string | null;
  /** Files under /mnt/data the call made or changed. */
  files: ProducedFile[];
  /** PNGs of the charts the call drew (matplotlib figures it showed or left open), in order. */
  images: Buffer[];
  ms: number;
};

/** `dataBytes`: what /mnt/data may hold in all, where it is on disk (bwrap; 1 GiB unless given). */
export type CodeLimits = { timeoutMs: number; memoryBytes: number; outputChars: number; dataBytes?: number };

export interface CodeSession {
  readonly kind: SandboxKind;
  /** Ids of the files already placed in /mnt/data by this interpreter (emptied when it starts again). */
  readonly placed: Set<string>;
  run(code: string, signal?: AbortSignal): Promise<CodeResult>;
  /** Places a file under /mnt/data (the assistant's, thread's and message's files). */
  put(path: string, bytes: Buffer): Promise<void>;
  close(): void;
}

export type KeptOutputs = {
  /** Files under /mnt/data stored for the user, by path. */
  files: { path: string; fileId: string }[];
  /** Files that could not be stored, and why (the workspace is full, the file too large). */
  lost: { path: string; reason: string }[];
  images: number;
};

/** What the model sees of a result: the logs, how the call ended when it did not end well, and what the user was given. */
export function resultText(result: CodeResult, kept: KeptOutputs = { files: [], lost: [], images: 0 }): string {
  const parts = [result.logs.trimEnd()];
  if (result.status === "error" && result.error) parts.push(result.error.trimEnd());
  else if (result.status !== "ok" && result.error) parts.push(result.error);
  if (kept.images) parts.push(`${kept.images === 1 ? "1 chart was" : `${kept.images} charts were`} shown to the user as ${kept.images === 1 ? "an image" : "images"} under your reply.`);
  if (kept.files.length) parts.push(`Files saved for the user (link each as sandbox:<path> in your reply): ${kept.files.map((file) => file.path).join(", ")}`);
  for (const file of kept.lost) parts.push(`${file.path} could not be saved for the user: ${file.reason}`);
  return parts.filter(Boolean).join("\n") || "(no output)";
}

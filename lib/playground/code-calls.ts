// A code_interpreter call as the playground shows it (issue 23): the code, what it printed, the
// images it showed and the files it wrote to /mnt/data, where it ran and how long it took. Built
// from the step's call as the wire has it, which while it streams is partial (no outputs yet, code
// still growing), so every field is optional here. `sandbox`, `duration_ms` and `files` are
// Atelier's extensions to OpenAI's shape. Pure and free of imports, so the chat, the run inspector
// and their tests read the same view.

/** A file the code wrote to /mnt/data, kept as a File (purpose `assistants_output`). */
export type CodeFile = { fileId: string; filename: string; path: string; bytes: number | null };

export type CodeCallView = {
  /** The Python the model sent (grows while the call streams). */
  input: string;
  /** What it printed, its logs outputs joined; null until it has run. */
  logs: string | null;
  /** The ids of the images it showed (charts), in order. */
  images: string[];
  files: CodeFile[];
  /** `pyodide` or `bwrap`, when the server says. */
  sandbox: string | null;
  durationMs: number | null;
  /** It has run: outputs (or its timing) arrived. */
  ran: boolean;
};

/** The call's `code_interpreter` object, as a snapshot of it may hold it (lists partly folded may have holes). */
export type WireCodeInterpreter = {
  input?: string;
  outputs?: ({ type?: string; logs?: string; image?: { file_id?: string } } | undefined)[];
  sandbox?: string;
  duration_ms?: number;
  files?: ({ file_id?: string; filename?: string; path?: string; bytes?: number } | undefined)[];
};

const basename = (path: string) => path.slice(path.lastIndexOf("/") + 1);

export function codeCallView(code: WireCodeInterpreter | undefined): CodeCallView {
  const outputs = Array.isArray(code?.outputs) ? code.outputs : [];
  const logs = outputs.flatMap((output) => (output?.type === "logs" && typeof output.logs === "string" ? [output.logs] : []));
  const images = outputs.flatMap((output) => (output?.type === "image" && typeof output.image?.file_id === "string" ? [output.image.file_id] : []));
  const files = (Array.isArray(code?.files) ? code.files : []).flatMap((file): CodeFile[] => {
    if (typeof file?.file_id !== "string") return [];
    const path = typeof file.path === "string" ? file.path : "";
    const filename = typeof file.filename === "string" && file.filename ? file.filename : basename(path) || file.file_id;
    return [{ fileId: file.file_id, filename, path, bytes: typeof file.bytes === "number" ? file.bytes : null }];
  });
  const durationMs = typeof code?.duration_ms === "number" && Number.isFinite(code.duration_ms) ? code.duration_ms : null;
  const ran = outputs.length > 0 || durationMs !== null;
  return {
    input: typeof code?.input === "string" ? code.input : "",
    logs: ran ? logs.join("\n") : null,
    images,
    files,
    sandbox: typeof code?.sandbox === "string" && code.sandbox ? code.sandbox : null,
    durationMs,
    ran,
  };
}

/** "120 ms", "4.2 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min${seconds % 60 ? ` ${seconds % 60} s` : ""}`;
}

/**
 * Long logs start folded: their first `maxLines` lines (and at most `maxChars` of them), plus how
 * many lines are left out. Null when the whole fits.
 */
export function foldLogs(logs: string, maxLines = 30, maxChars = 4000): { head: string; hiddenLines: number } | null {
  const lines = logs.split("\n");
  if (lines.length <= maxLines && logs.length <= maxChars) return null;
  let head = lines.slice(0, maxLines).join("\n");
  if (head.length > maxChars) head = head.slice(0, maxChars);
  const shownLines = head.split("\n").length;
  return { head, hiddenLines: Math.max(1, lines.length - shownLines) };
}

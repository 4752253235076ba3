// What the code interpreter gave the user, as the reply shows it (issue 23). Files the code wrote to
// /mnt/data were stored as Files (lib/runs/tools/code-interpreter.ts); the model is told to link
// them as `sandbox:/mnt/data/<name>`, and each such link in its reply that names a file of this run
// becomes a `file_path` annotation over the link text, as OpenAI's do. Charts go under the reply as
// `image_file` parts. Pure: lib/runs/segment.ts feeds it the run's tool calls and the reply's text.

import type { StepToolCall } from "@/lib/runs/wire";

export type FilePathAnnotation = {
  type: "file_path";
  text: string;
  start_index: number;
  end_index: number;
  file_path: { file_id: string };
};

/** `/mnt/data/…` path → the File it became (the newest, when the code wrote a path twice). */
export type ProducedFiles = ReadonlyMap<string, string>;

export function addProducedFiles(files: ProducedFiles, calls: readonly StepToolCall[]): ProducedFiles {
  const produced = calls.flatMap((call) => (call.type === "code_interpreter" ? (call.code_interpreter.files ?? []) : []));
  if (!produced.length) return files;
  const next = new Map(files);
  for (const file of produced) next.set(file.path, file.file_id);
  return next;
}

/** The charts among `calls`' outputs, in order: their File ids. */
export function producedImages(calls: readonly StepToolCall[]): string[] {
  return calls.flatMap((call) => (call.type === "code_interpreter" ? call.code_interpreter.outputs.flatMap((output) => (output.type === "image" ? [output.image.file_id] : [])) : []));
}

// A link ends at white space, a quote, or the bracket closing markdown's `(…)`/`[…]`.
const LINK = /sandbox:(\/mnt\/data\/[^\s)\]"'<>`]+)/g;

/** Annotations for the links in `text` that name a file of `files`; indices in UTF-16 units, end exclusive. */
export function filePathAnnotations(text: string, files: ProducedFiles): FilePathAnnotation[] {
  if (files.size === 0) return [];
  const annotations: FilePathAnnotation[] = [];
  for (const match of text.matchAll(LINK)) {
    // A sentence's full stop or comma after a bare link is not part of the name, unless the file's name ends so.
    let path = match[1]!;
    while (!files.has(path) && /[.,;:!?]$/.test(path)) path = path.slice(0, -1);
    const fileId = files.get(path);
    if (!fileId) continue;
    const linkText = `sandbox:${path}`;
    annotations.push({ type: "file_path", text: linkText, start_index: match.index, end_index: match.index + linkText.length, file_path: { file_id: fileId } });
  }
  return annotations;
}

import "server-only";
import { getPool } from "@/lib/db";
import { readParts } from "@/lib/files/storage";

// The files a run's code can read in /mnt/data (issue 23): the assistant's and the thread's
// `tool_resources.code_interpreter.file_ids`, and the files attached to the thread's messages for
// `code_interpreter`; only processed files of the run's workspace, at most MAX_INPUT_BYTES in all.
// Each goes in under its own name (two files of one name: the second is prefixed with its id).

export const MAX_INPUT_BYTES = 100 * 1024 * 1024;

export type InputFile = { id: string; filename: string; bytes: number };

type Resources = { code_interpreter?: { file_ids?: string[] } } | null;
type Attachment = { file_id?: string; tools?: { type?: string }[] };

export async function codeInputFiles(run: { workspaceId: string; threadId: string; assistantId: string }): Promise<InputFile[]> {
  const [{ rows: resources }, { rows: messages }] = await Promise.all([
    getPool().query<{ assistant: Resources; thread: Resources }>(
      `SELECT a.tool_resources AS assistant, t.tool_resources AS thread FROM threads t LEFT JOIN assistants a ON a.id = $2 AND a.workspace_id = t.workspace_id WHERE t.id = $1 AND t.workspace_id = $3`,
      [run.threadId, run.assistantId, run.workspaceId],
    ),
    getPool().query<{ attachments: Attachment[] | null }>(`SELECT attachments FROM messages WHERE thread_id = $1 AND workspace_id = $2 AND attachments IS NOT NULL`, [run.threadId, run.workspaceId]),
  ]);
  const ids = new Set<string>([...(resources[0]?.assistant?.code_interpreter?.file_ids ?? []), ...(resources[0]?.thread?.code_interpreter?.file_ids ?? [])]);
  for (const { attachments } of messages) for (const attachment of attachments ?? []) if (attachment.file_id && attachment.tools?.some((tool) => tool.type === "code_interpreter")) ids.add(attachment.file_id);
  if (!ids.size) return [];
  const { rows } = await getPool().query<{ id: string; filename: string; bytes: string }>(
    `SELECT id, filename, bytes FROM files WHERE id = ANY($1::text[]) AND workspace_id = $2 AND status = 'processed' ORDER BY created_at, id`,
    [[...ids], run.workspaceId],
  );
  const taken = new Set<string>();
  let total = 0;
  const files: InputFile[] = [];
  for (const row of rows) {
    const bytes = Number(row.bytes);
    if (total + bytes > MAX_INPUT_BYTES) break;
    total += bytes;
    const base = row.filename.replace(/[/\\]/g, "_") || row.id;
    const filename = taken.has(base) ? `${row.id}_${base}` : base;
    taken.add(filename);
    files.push({ id: row.id, filename, bytes });
  }
  return files;
}

export async function fileBytes(file: InputFile): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of readParts(file.id, file.bytes) as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

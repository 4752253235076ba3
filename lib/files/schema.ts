import { z, REQUIRED_MESSAGE } from "@/lib/zod";
import { listQuerySchema, queryInteger } from "@/lib/pagination";

// What a valid file upload and file list are: POST /files (its form fields beside the file) and
// GET /files. The file's bytes are checked as they stream in (lib/files/upload.ts), not here.

/** The purposes Atelier stores files for; OpenAI's others (batch, fine-tune, evals) feed APIs Atelier does not have. */
export const FILE_PURPOSES = ["assistants", "user_data", "vision"] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];

const OPENAI_ONLY_PURPOSES = new Set(["batch", "fine-tune", "evals"]);

function purposeMessage(input: unknown): string {
  if (input === undefined) return REQUIRED_MESSAGE;
  const allowed = FILE_PURPOSES.map((purpose) => `'${purpose}'`).join(", ");
  if (typeof input === "string" && OPENAI_ONLY_PURPOSES.has(input)) {
    return `'${input}' is for OpenAI APIs Atelier does not have (batch, fine-tuning, evals); use one of ${allowed}`;
  }
  return `must be one of ${allowed}, got '${String(input)}'`;
}

export const filePurposeSchema = z.enum(FILE_PURPOSES, { error: (issue) => purposeMessage(issue.input) });

/** The purpose alone, checked when it comes before the file (so a bad one stores nothing). */
export const filePurposeFieldSchema = z.object({ purpose: filePurposeSchema });

// OpenAI's FileExpirationAfter, as the form sends it (`expires_after[anchor]`, `expires_after[seconds]`).
const ANCHOR = "expires_after[anchor]";
const SECONDS = "expires_after[seconds]";
export const EXPIRY_SECONDS = { min: 3600, max: 2_592_000 } as const;

/** The form's fields other than the file; OpenAI's CreateFileRequest allows nothing else. */
export const fileUploadFieldsSchema = z
  .strictObject({
    purpose: filePurposeSchema,
    [ANCHOR]: z.literal("created_at", { message: "must be 'created_at'" }).optional(),
    [SECONDS]: queryInteger(EXPIRY_SECONDS.min, EXPIRY_SECONDS.max).optional(),
  })
  .superRefine((fields, ctx) => {
    // One without the other is a half-stated policy: refused rather than guessed.
    if ((fields[ANCHOR] === undefined) !== (fields[SECONDS] === undefined)) {
      const missing = fields[ANCHOR] === undefined ? ANCHOR : SECONDS;
      ctx.addIssue({ code: "custom", path: [missing], message: REQUIRED_MESSAGE, input: undefined });
    }
  })
  .transform((fields) => ({ purpose: fields.purpose, expiresAfterSeconds: fields[SECONDS] ?? null }));

export type FileUploadFields = z.output<typeof fileUploadFieldsSchema>;

/** GET /files: OpenAI's `purpose`, `limit` (1-10,000, default 10,000), `order` and `after` (and `before`, as every list here). */
export const fileListQuerySchema = listQuerySchema.extend({
  purpose: z.string().min(1).max(64).optional(),
  limit: queryInteger(1, 10_000).default(10_000),
});

export type FileListQuery = z.output<typeof fileListQuerySchema>;

/** Longest filename kept, in characters (OpenAI shows names, never paths). */
export const MAX_FILENAME_CHARS = 512;

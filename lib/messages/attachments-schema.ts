import { z } from "@/lib/zod";
import { MESSAGE_LIMITS } from "@/lib/messages/limits";

// A message's `attachments`, apart from its schema (lib/messages/schema.ts) so browser code (a test
// case's turns in the console) can parse them without bundling pagination and node:crypto.

const attachmentTool = z.strictObject({ type: z.enum(["code_interpreter", "file_search"], { message: "must be 'code_interpreter' or 'file_search'" }) });

export const attachmentsSchema = z
  .array(z.strictObject({ file_id: z.string().min(1).max(256), tools: z.array(attachmentTool) }))
  .max(MESSAGE_LIMITS.attachments)
  .nullable()
  .optional();

import { z } from "@/lib/zod";
import { metadataSchema } from "@/lib/assistants/schema";
import { listQuerySchema } from "@/lib/pagination";
import { storable } from "@/lib/storable-json";
import { MESSAGE_LIMITS } from "@/lib/messages/limits";
import { attachmentsSchema } from "@/lib/messages/attachments-schema";

// What a valid message is, for POST /threads/{id}/messages, for the `messages` of a new thread and
// for a run's `additional_messages` (one schema, DESIGN.md rule 1). Content is a string or the
// contract's parts (text, image_url, image_file), stored as the API returns it.

export { MESSAGE_LIMITS };

const detail = z.enum(["auto", "low", "high"], { message: "must be 'auto', 'low' or 'high'" }).default("auto");

const textPart = z.strictObject({
  type: z.literal("text"),
  text: z.string().max(MESSAGE_LIMITS.textChars, `at most ${MESSAGE_LIMITS.textChars} characters`),
});

const imageUrlPart = z.strictObject({
  type: z.literal("image_url"),
  image_url: z.strictObject({
    url: z.string().max(2_000_000).regex(/^(https?:\/\/|data:image\/)/, "must be an http(s) URL or a data:image/… URL"),
    detail,
  }),
});

const imageFilePart = z.strictObject({
  type: z.literal("image_file"),
  image_file: z.strictObject({ file_id: z.string().min(1).max(256), detail }),
});

const contentPart = z.discriminatedUnion("type", [textPart, imageUrlPart, imageFilePart], {
  message: "each content part must be of type 'text', 'image_url' or 'image_file'",
});

const textField = z.string().max(MESSAGE_LIMITS.textChars, `at most ${MESSAGE_LIMITS.textChars} characters`);
const partsField = z.array(contentPart).min(1, "must have at least one content part").max(MESSAGE_LIMITS.parts, `at most ${MESSAGE_LIMITS.parts} parts`);

/**
 * A string or parts. Not z.union: a union reports a bad part as "content is invalid", while the
 * caller needs to hear which part (`content[1].type`), so the input's own shape picks the schema.
 */
const contentField = z.unknown().transform((value, ctx): string | z.output<typeof partsField> => {
  const schema = typeof value === "string" ? textField : Array.isArray(value) ? partsField : null;
  if (!schema) {
    ctx.addIssue({ code: "custom", message: "must be a string or an array of content parts" });
    return z.NEVER;
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: "custom", message: issue.message, path: issue.path } as z.core.$ZodRawIssue);
  return z.NEVER;
});

/** A message's content parts as the API returns them. */
export type MessageContentPart =
  | { type: "text"; text: { value: string; annotations: unknown[] } }
  | { type: "image_url"; image_url: { url: string; detail: "auto" | "low" | "high" } }
  | { type: "image_file"; image_file: { file_id: string; detail: "auto" | "low" | "high" } };

export const textContent = (value: string): MessageContentPart => ({ type: "text", text: { value, annotations: [] } });

export const messageFieldsSchema = z.strictObject(
  {
    role: z.enum(["user", "assistant"], { message: "must be 'user' or 'assistant'" }),
    content: contentField,
    attachments: attachmentsSchema,
    metadata: metadataSchema.nullable().optional(),
  },
  { message: "must be an object with 'role' and 'content'" },
);

/** POST /threads/{id}/messages: the fields above, refused up front when Postgres could not store them. */
export const messageCreateSchema = storable(messageFieldsSchema);
export type MessageCreateInput = z.output<typeof messageFieldsSchema>;

/** The stored form of a message's content: always parts, text wrapped with its (empty) annotations. */
export function toContentParts(content: MessageCreateInput["content"]): MessageContentPart[] {
  if (typeof content === "string") return [textContent(content)];
  return content.map((part) => (part.type === "text" ? textContent(part.text) : (part as MessageContentPart)));
}

export const messageUpdateSchema = storable(z.strictObject({ metadata: metadataSchema.nullable().optional() }, { message: "the request body must be a JSON object" }));

export const messageListQuerySchema = listQuerySchema.extend({ run_id: z.string().min(1).max(64).optional() });
export type MessageListQuery = z.output<typeof messageListQuerySchema>;

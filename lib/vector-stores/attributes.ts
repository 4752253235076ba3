import { z } from "@/lib/zod";

// A vector store file's `attributes`: up to 16 keys of at most 64 characters; values are strings of
// at most 512 characters, numbers or booleans (OpenAI's VectorStoreFileAttributes). Search filters
// compare against them (lib/vector-stores/search/filters.ts). `null` is allowed where the contract
// allows it (`attributesSchema.nullable()` at the call site).

export const ATTRIBUTE_LIMITS = { pairs: 16, key: 64, value: 512 } as const;

export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

// Checked on the raw object: z.record would silently drop a "__proto__" key.
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const describe = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "an array" : typeof value);

export const attributesSchema = z
  .custom<Record<string, unknown>>(isPlainObject, { message: "must be an object of string keys and string, number or boolean values" })
  .superRefine((attributes, ctx) => {
    const keys = Object.keys(attributes);
    if (keys.length > ATTRIBUTE_LIMITS.pairs) {
      ctx.addIssue({ code: "custom", message: `at most ${ATTRIBUTE_LIMITS.pairs} key-value pairs, got ${keys.length}` });
    }
    for (const key of keys) {
      const value = attributes[key];
      if (key.length === 0) ctx.addIssue({ code: "custom", message: "keys must not be empty" });
      if (key.length > ATTRIBUTE_LIMITS.key) {
        ctx.addIssue({ code: "custom", path: [key], message: `key longer than ${ATTRIBUTE_LIMITS.key} characters (${key.length})` });
      }
      if (typeof value === "string") {
        if (value.length > ATTRIBUTE_LIMITS.value) {
          ctx.addIssue({ code: "custom", path: [key], message: `value longer than ${ATTRIBUTE_LIMITS.value} characters (${value.length})` });
        }
      } else if (typeof value === "number") {
        // JSON cannot carry these, but a server action's argument can.
        if (!Number.isFinite(value)) ctx.addIssue({ code: "custom", path: [key], message: "numbers must be finite" });
      } else if (typeof value !== "boolean") {
        ctx.addIssue({ code: "custom", path: [key], message: `values must be strings, numbers or booleans, got ${describe(value)}` });
      }
    }
  })
  .transform((attributes) => attributes as Attributes);

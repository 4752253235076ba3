import { z } from "@/lib/zod";

// A run's `tool_choice`, apart from the run schema (lib/runs/schema.ts) so browser code can parse
// it without bundling pagination and node:crypto.

export const toolChoiceSchema = z.union(
  [
    z.enum(["none", "auto", "required"]),
    z.strictObject({ type: z.literal("function"), function: z.strictObject({ name: z.string().min(1).max(64) }) }),
    z.strictObject({ type: z.enum(["code_interpreter", "file_search"]) }),
  ],
  { message: "must be 'none', 'auto', 'required' or {type: 'function', function: {name}}" },
);
export type ToolChoice = z.output<typeof toolChoiceSchema>;

// A message's limits, apart from its schema (lib/messages/schema.ts) so browser code can show them
// without bundling what the schema imports (pagination, and with it lib/ids and node:crypto).

export const MESSAGE_LIMITS = { textChars: 256_000, parts: 64, attachments: 20 } as const;

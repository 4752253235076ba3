// Realistic assistants for the API benchmark: what a team's workspace holds after a few months.
// The seed rows and the create scenario's request bodies come from the same generator, so reads
// and writes move payloads of the same size (~1.4 kB of JSON per assistant).

const MODELS = ["gpt-4o", "gpt-4o-mini", "o3-mini", "qwen-max", "claude-sonnet-4"] as const;
const TEAMS = ["support", "sales", "research", "platform", "finance", "legal"] as const;
const TASKS = ["triage", "summariser", "drafting aide", "SQL helper", "onboarding guide", "release notes writer"] as const;

const pick = <T>(items: readonly T[], index: number): T => items[index % items.length]!;

/** A request body for POST /api/v1/assistants, valid under assistantCreateSchema. */
export function assistantBody(index: number) {
  const team = pick(TEAMS, index);
  const task = pick(TASKS, Math.floor(index / TEAMS.length));
  return {
    model: pick(MODELS, index),
    name: `${team} ${task} #${index}`,
    description: `Helps the ${team} team with ${task} work.`,
    instructions:
      `You are the ${task} for the ${team} team at Northwind. Answer in the language of the question, ` +
      `in short paragraphs, and cite the document or ticket you relied on. When a request needs data you ` +
      `do not have, call lookup_record with the identifier the user gave instead of guessing. Never reveal ` +
      `internal ticket numbers to external customers, and escalate anything that mentions a legal threat, ` +
      `a security incident or a refund above 500 EUR to a human by saying so plainly. Keep a neutral tone.`,
    tools: [
      { type: "file_search" as const },
      {
        type: "function" as const,
        function: {
          name: "lookup_record",
          description: "Fetch a customer, order or ticket by its identifier.",
          parameters: {
            type: "object",
            properties: {
              kind: { type: "string", enum: ["customer", "order", "ticket"], description: "What the identifier names." },
              id: { type: "string", description: "The identifier, e.g. ORD-12345.", minLength: 3, maxLength: 64 },
              include_history: { type: "boolean", description: "Also return the last 10 events." },
            },
            required: ["kind", "id"],
            additionalProperties: false,
          },
          strict: true,
        },
      },
    ],
    metadata: { team, owner: `${team}-lead@northwind.example`, tier: index % 3 === 0 ? "gold" : "standard" },
    temperature: 0.2 + (index % 5) / 10,
  };
}

export type AssistantBody = ReturnType<typeof assistantBody>;

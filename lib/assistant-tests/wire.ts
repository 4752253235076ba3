import type { AssistantTest } from "@/lib/generated/prisma/client";
import type { MockOutputs } from "@/lib/assistants/mock-outputs";
import type { AssertionSpec } from "@/lib/assistant-tests/assertion-types";
import type { TestCreateInput } from "@/lib/assistant-tests/schema";
import { unixSeconds } from "@/lib/wire";

// An assistant's test as the API returns it (Atelier extension `assistant.test`).

export type TestTurn = TestCreateInput["turns"][number];

export type AssistantTestObject = {
  id: string;
  object: "assistant.test";
  created_at: number;
  updated_at: number;
  assistant_id: string;
  name: string;
  tags: string[];
  turns: TestTurn[];
  mock_outputs: MockOutputs | null;
  assertions: AssertionSpec[];
};

export function toTestObject(row: AssistantTest): AssistantTestObject {
  return {
    id: row.id,
    object: "assistant.test",
    created_at: unixSeconds(row.createdAt),
    updated_at: unixSeconds(row.updatedAt),
    assistant_id: row.assistantId,
    name: row.name,
    tags: row.tags as string[],
    turns: row.turns as TestTurn[],
    mock_outputs: (row.mockOutputs ?? null) as MockOutputs | null,
    assertions: row.assertions as AssertionSpec[],
  };
}

export const toDeletedTestObject = (id: string) => ({ id, object: "assistant.test.deleted" as const, deleted: true as const });

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action, addMember, callAction, createUser, signInCookie } from "./support/console";
import { createTestWorkspace, provision, releaseDatabase } from "./support/workspace";

// The console list's search and filters, in SQL: name contains (case-insensitive, % and _ taken
// literally), model equals, metadata key or key=value; the total counts the matches.

let cookie: string;

beforeAll(async () => {
  cookie = await provision(async (lib) => {
    const workspace = await createTestWorkspace(lib, "search");
    const seed: { model: string; name: string; metadata?: Record<string, string> }[] = [
      { model: "gpt-4o-mini", name: "Support triage", metadata: { team: "support", tier: "1" } },
      { model: "gpt-4o-mini", name: "support FAQ", metadata: { team: "support" } },
      { model: "qwen-plus", name: "Sales 100%_off", metadata: { team: "sales" } },
      { model: "qwen-plus", name: "Untagged" },
    ];
    for (const input of seed) await lib.assistants.createAssistant(workspace.caller, input);
    const user = await createUser(lib, "search");
    await addMember(lib, workspace.id, user, "viewer");
    return user;
  }).then(signInCookie);
});
afterAll(releaseDatabase);

async function names(search: Record<string, string>) {
  const outcome = await callAction(action("searchAssistantList"), search, { cookie });
  const data = outcome.result!.data as { list: { data: { name: string }[] }; total: number };
  return { names: data.list.data.map((assistant) => assistant.name).sort(), total: data.total };
}

describe("assistant search", () => {
  it.each([
    [{}, ["Sales 100%_off", "Support triage", "Untagged", "support FAQ"]],
    [{ q: "SUPPORT" }, ["Support triage", "support FAQ"]],
    [{ q: "100%_" }, ["Sales 100%_off"]],
    [{ q: "%" }, ["Sales 100%_off"]],
    [{ model: "qwen-plus" }, ["Sales 100%_off", "Untagged"]],
    [{ meta: "team=support" }, ["Support triage", "support FAQ"]],
    [{ meta: "tier" }, ["Support triage"]],
    [{ meta: "team=support", q: "faq" }, ["support FAQ"]],
    [{ model: "nope" }, []],
  ])("%j", async (search, expected) => {
    const result = await names(search as Record<string, string>);
    expect(result.names).toEqual(expected);
    expect(result.total).toBe(expected.length);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMPTY_FORM, type AssistantFormValues } from "@/lib/assistants/form";
import { action, addMember, callAction, createUser, signInCookie } from "./support/console";
import { api } from "./support/http";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// The editor's server actions: the same rules as the API at the form's field paths (also when the
// browser's own checks are bypassed), version conflicts that write nothing, duplicate and delete.

let workspace: TestWorkspace;
let cookie: string;

beforeAll(async () => {
  const editor = await provision(async (lib) => {
    workspace = await createTestWorkspace(lib, "editor-actions");
    const user = await createUser(lib, "editor-actions");
    await addMember(lib, workspace.id, user, "editor");
    return user;
  });
  cookie = await signInCookie(editor);
});
afterAll(releaseDatabase);

const form = (values: Partial<AssistantFormValues>): AssistantFormValues => ({ ...EMPTY_FORM, model: "gpt-4o-mini", ...values });
type Saved = { assistant: { id: string; name: string | null; metadata: Record<string, string> }; version: number };

describe("editor actions", () => {
  it("creates from form values and refuses bad ones at the form's field paths", async () => {
    const created = await callAction(action("createAssistantFromForm"), { values: form({ name: "Editor made", metadata: [{ key: "team", value: "a" }] }) }, { cookie });
    expect(created.result).toMatchObject({ ok: true, data: { assistant: { name: "Editor made", metadata: { team: "a" } }, version: 1 } });

    const bad = await callAction(
      action("createAssistantFromForm"),
      {
        values: form({
          name: "n".repeat(257),
          metadata: [
            { key: "team", value: "a" },
            { key: "team", value: "b" },
          ],
          temperature: 2.5,
        }),
      },
      { cookie },
    );
    expect(bad.result).toMatchObject({ ok: false, code: "invalid_request" });
    // Every problem at once: the rows' own and the API's.
    expect(Object.keys(bad.result!.fieldErrors!).sort()).toEqual(["metadata.1.key", "name", "temperature"]);
    // The API schema's own rules come back at the same paths once the rows are fine.
    const apiRules = await callAction(action("createAssistantFromForm"), { values: form({ name: "n".repeat(257), tools: [{ type: "function", function: { name: "bad name" } }] as never }) }, { cookie });
    expect(Object.keys(apiRules.result!.fieldErrors!).sort()).toEqual(["name", "tools.0.function.name"]);
  });

  it("names an unknown file or vector store in tool_resources at its field, and writes nothing", async () => {
    const count = () => provision((lib) => lib.db.getDb().assistant.count({ where: { workspaceId: workspace.id } }));
    const before = await count();
    const store = await callAction(
      action("createAssistantFromForm"),
      { values: form({ tool_resources: { code_interpreter: { file_ids: [] }, file_search: { vector_store_ids: ["vs_nope"] } } }) },
      { cookie },
    );
    expect(store.result).toMatchObject({ ok: false, code: "invalid_request", fieldErrors: { "tool_resources.file_search.vector_store_ids.0": ["No vector store found with id 'vs_nope'."] } });
    const file = await callAction(
      action("createAssistantFromForm"),
      { values: form({ tool_resources: { code_interpreter: { file_ids: ["file-missing"] }, file_search: { vector_store_ids: [] } } }) },
      { cookie },
    );
    expect(file.result).toMatchObject({ ok: false, fieldErrors: { "tool_resources.code_interpreter.file_ids.0": ["No file found with id 'file-missing'."] } });
    expect(await count()).toBe(before);
  });

  it("refuses to save over a newer version, writes nothing, and overwrites only when asked", async () => {
    const created = (await callAction(action("createAssistantFromForm"), { values: form({ name: "v1" }) }, { cookie })).result!.data as Saved;
    // Someone else changes it through the API meanwhile.
    expect((await api("POST", `/assistants/${created.assistant.id}`, { key: workspace.apiKey, json: { name: "changed by API" } })).status).toBe(200);

    const stale = await callAction(action("saveAssistant"), { id: created.assistant.id, version: created.version, values: form({ name: "from the editor" }) }, { cookie });
    expect(stale.result).toMatchObject({ ok: false, code: "conflict" });
    expect(stale.result!.message).toMatch(/changed by someone else since you opened it \(now version 2\)/);
    expect((await api("GET", `/assistants/${created.assistant.id}`, { key: workspace.apiKey })).body.name).toBe("changed by API");

    const current = (await callAction(action("loadAssistant"), { id: created.assistant.id }, { cookie })).result!.data as Saved;
    expect(current).toMatchObject({ assistant: { name: "changed by API" }, version: 2 });

    const overwritten = await callAction(action("saveAssistant"), { id: created.assistant.id, version: created.version, overwrite: true, values: form({ name: "from the editor" }) }, { cookie });
    expect(overwritten.result).toMatchObject({ ok: true, data: { assistant: { name: "from the editor" }, version: 3 } });
    const next = await callAction(action("saveAssistant"), { id: created.assistant.id, version: 3, values: form({ name: "again" }) }, { cookie });
    expect(next.result).toMatchObject({ ok: true, data: { version: 4 } });
  });

  it("duplicates and deletes", async () => {
    const created = (await callAction(action("createAssistantFromForm"), { values: form({ name: "Original" }) }, { cookie })).result!.data as Saved;
    const copy = await callAction(action("copyAssistant"), { id: created.assistant.id }, { cookie });
    const copyId = (copy.result!.data as { id: string }).id;
    expect(copyId).not.toBe(created.assistant.id);
    expect((await api("GET", `/assistants/${copyId}`, { key: workspace.apiKey })).body).toMatchObject({ name: "Original (copy)", model: "gpt-4o-mini" });

    expect((await callAction(action("removeAssistant"), { id: copyId }, { cookie })).result).toMatchObject({ ok: true });
    expect((await api("GET", `/assistants/${copyId}`, { key: workspace.apiKey })).status).toBe(404);
  });
});

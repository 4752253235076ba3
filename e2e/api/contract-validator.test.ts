import { describe, expect, it } from "vitest";
import { contractProblems, expectMatchesContract, mergeContracts, operationIdFor, requiredFields, responseSchemaName, schemaProblems } from "../support/contract";

// The validator the other API tests lean on: it must accept what the contract allows and reject
// what it does not, or every "matches the contract" check would be hollow.

const assistant = {
  id: "asst_abc123",
  object: "assistant",
  created_at: 1698984975,
  name: "Math Tutor",
  description: null,
  model: "gpt-4o",
  instructions: null,
  tools: [{ type: "code_interpreter" }, { type: "function", function: { name: "f", parameters: { type: "object" } } }],
  tool_resources: {},
  metadata: {},
  top_p: 1,
  temperature: null,
  response_format: "auto",
};

const file = { id: "file-abc123", object: "file", bytes: 120000, created_at: 1677610602, filename: "mydata.jsonl", purpose: "assistants", status: "processed" };

const thread = { id: "thread_abc", object: "thread", created_at: 1698984975, tool_resources: null, metadata: {} };
const message = {
  id: "msg_abc",
  object: "thread.message",
  created_at: 1698984975,
  thread_id: "thread_abc",
  status: "completed",
  incomplete_details: null,
  completed_at: 1698984976,
  incomplete_at: null,
  role: "assistant",
  content: [{ type: "text", text: { value: "Hi", annotations: [] } }],
  assistant_id: "asst_abc123",
  run_id: "run_abc",
  attachments: null,
  metadata: {},
};
const run = {
  id: "run_abc",
  object: "thread.run",
  created_at: 1698984975,
  thread_id: "thread_abc",
  assistant_id: "asst_abc123",
  status: "in_progress",
  required_action: null,
  last_error: null,
  expires_at: 1698985575,
  started_at: 1698984975,
  cancelled_at: null,
  failed_at: null,
  completed_at: null,
  incomplete_details: null,
  model: "gpt-4o",
  instructions: "",
  tools: [],
  metadata: {},
  usage: null,
  temperature: 1,
  top_p: 1,
  max_prompt_tokens: null,
  max_completion_tokens: null,
  truncation_strategy: { type: "auto", last_messages: null },
  tool_choice: "auto",
  parallel_tool_calls: true,
  response_format: "auto",
};
const step = {
  id: "step_abc",
  object: "thread.run.step",
  created_at: 1698984975,
  assistant_id: "asst_abc123",
  thread_id: "thread_abc",
  run_id: "run_abc",
  type: "message_creation",
  status: "completed",
  step_details: { type: "message_creation", message_creation: { message_id: "msg_abc" } },
  last_error: null,
  expired_at: null,
  cancelled_at: null,
  failed_at: null,
  completed_at: 1698984976,
  metadata: {},
  usage: null,
};

describe("contract validator", () => {
  // The API tests hold every object to the contract's `required` lists, not only to the types of
  // the fields that happen to be there: each example is valid, and loses validity with any one
  // required field removed (null is a value; only absence is tested here).
  it.each([
    ["AssistantObject", assistant],
    ["ThreadObject", thread],
    ["MessageObject", message],
    ["RunObject", run],
    ["RunStepObject", step],
    ["OpenAIFile", file],
  ] as const)("fails a %s missing any required field", (schemaName, example) => {
    expect(schemaProblems(schemaName, example)).toEqual([]);
    const required = requiredFields(schemaName);
    expect(required.length).toBeGreaterThan(4);
    for (const field of required) {
      const { [field]: _removed, ...missing } = example as Record<string, unknown>;
      expect(schemaProblems(schemaName, missing).join("\n"), `${schemaName} without ${field}`).toMatch(new RegExp(`required property '${field}'`));
    }
  });

  it("fails a run missing expires_at, through the operation's response as the API tests check it", () => {
    const { expires_at: _expires, ...noExpiry } = run;
    expect(contractProblems("getRun", 200, noExpiry).join("\n")).toMatch(/required property 'expires_at'/);
    expect(contractProblems("getRun", 200, run)).toEqual([]);
  });

  it("accepts OpenAI's own example shapes, extension fields included", () => {
    expect(contractProblems("getAssistant", 200, assistant)).toEqual([]);
    expect(contractProblems("getAssistant", 200, { ...assistant, top_k: 3, max_tokens: 10, user_id: "u", webhook_url: null })).toEqual([]);
    expect(contractProblems("deleteAssistant", 200, { id: "asst_abc123", object: "assistant.deleted", deleted: true })).toEqual([]);
    expect(contractProblems("listAssistants", 200, { object: "list", data: [assistant], first_id: assistant.id, last_id: assistant.id, has_more: false })).toEqual([]);
  });

  it("rejects missing fields, wrong types and wrong enums", () => {
    const { model: _model, ...noModel } = assistant;
    expect(contractProblems("getAssistant", 200, noModel).join("\n")).toMatch(/model/);
    expect(contractProblems("getAssistant", 200, { ...assistant, created_at: 1.5 }).join("\n")).toMatch(/created_at/);
    expect(contractProblems("getAssistant", 200, { ...assistant, object: "assistants" }).join("\n")).toMatch(/object/);
    expect(contractProblems("getAssistant", 200, { ...assistant, temperature: 3 }).join("\n")).toMatch(/temperature/);
    expect(contractProblems("getAssistant", 200, { ...assistant, metadata: { n: 1 } }).join("\n")).toMatch(/metadata/);
    expect(contractProblems("getAssistant", 200, { ...assistant, tools: [{ type: "function" }] }).join("\n")).toMatch(/tools\/0/);
    expect(contractProblems("deleteAssistant", 200, { id: "x", object: "assistant.deleted" }).join("\n")).toMatch(/deleted/);
    expect(() => expectMatchesContract("getAssistant", 200, { ...assistant, name: 5 })).toThrow(/getAssistant 200 \(AssistantObject\)[\s\S]*\/name/);
  });

  it("validates error statuses against ErrorResponse", () => {
    expect(responseSchemaName("createAssistant", 400)).toBe("ErrorResponse");
    expect(contractProblems("createAssistant", 400, { error: { message: "m", type: "invalid_request_error", param: "name", code: null } })).toEqual([]);
    expect(contractProblems("createAssistant", 404, { error: { message: "m", type: "t", code: null } }).join("\n")).toMatch(/param/);
    expect(contractProblems("createAssistant", 401, { message: "flat" }).join("\n")).toMatch(/error/);
    expect(() => responseSchemaName("createAssistant", 201)).toThrow(/declares no JSON 201/);
  });

  it("allows null first_id/last_id only on an empty page (the one documented deviation)", () => {
    const empty = { object: "list", data: [], first_id: null, last_id: null, has_more: false };
    expect(contractProblems("listAssistants", 200, empty)).toEqual([]);
    expect(contractProblems("listAssistants", 200, { ...empty, first_id: "asst_x" }).join("\n")).toMatch(/first_id/);
    expect(contractProblems("listAssistants", 200, { ...empty, data: [assistant] }).join("\n")).toMatch(/first_id/);
  });

  it("converts OpenAPI 3.0 nullable: true (also on allOf members) into null-allowing schemas", () => {
    const problems = (body: object) => contractProblems("getRun", 200, body).join("\n");
    expect(problems({ expires_at: null })).not.toMatch(/\/expires_at/);
    expect(problems({ truncation_strategy: null })).not.toMatch(/\/truncation_strategy/);
    expect(problems({ expires_at: "soon" })).toMatch(/\/expires_at/);
  });

  it("sets extension tools aside, and still checks OpenAI's tools", () => {
    const extended = { ...assistant, tools: [...assistant.tools, { type: "search" }, { type: "acme.plugin", auth: { type: "user_http", user_token: "****" } }] };
    expect(contractProblems("getAssistant", 200, extended)).toEqual([]);
    expect(contractProblems("listAssistants", 200, { object: "list", data: [extended], first_id: "asst_abc123", last_id: "asst_abc123", has_more: false })).toEqual([]);
    expect(contractProblems("getAssistant", 200, { ...extended, tools: [{ type: "file_search", file_search: { max_num_results: 99 } }] }).join("\n")).toMatch(/tools\/0/);
  });

  it("finds operations by method and path", () => {
    expect(operationIdFor("GET", "/assistants?limit=3")).toBe("listAssistants");
    expect(operationIdFor("POST", "/assistants/asst_1")).toBe("modifyAssistant");
    expect(operationIdFor("DELETE", "/assistants/asst_1")).toBe("deleteAssistant");
    expect(operationIdFor("POST", "/threads/thread_1/runs/run_1/submit_tool_outputs")).toBe("submitToolOuputsToRun");
    expect(operationIdFor("PUT", "/assistants")).toBeNull();
  });

  it("knows the Files contract beside the Assistants one", () => {
    expect(operationIdFor("POST", "/files")).toBe("createFile");
    expect(operationIdFor("GET", "/files?purpose=assistants&limit=2")).toBe("listFiles");
    expect(operationIdFor("GET", "/files/file-abc")).toBe("retrieveFile");
    expect(operationIdFor("DELETE", "/files/file-abc")).toBe("deleteFile");
    expect(operationIdFor("GET", "/files/file-abc/content")).toBe("downloadFile");
    expect(operationIdFor("POST", "/vector_stores/vs_1/search")).toBe("searchVectorStore");
    expect(contractProblems("createFile", 200, file)).toEqual([]);
    expect(contractProblems("retrieveFile", 200, { ...file, expires_at: 1677614202 })).toEqual([]);
    // The contract's expires_at is an integer: a file that never expires leaves it out, not null.
    expect(contractProblems("retrieveFile", 200, { ...file, expires_at: null }).join("\n")).toMatch(/expires_at/);
    expect(contractProblems("retrieveFile", 200, { ...file, purpose: "pictures" }).join("\n")).toMatch(/purpose/);
    expect(contractProblems("deleteFile", 200, { id: file.id, object: "file", deleted: true })).toEqual([]);
    expect(contractProblems("deleteFile", 200, { id: file.id, object: "file.deleted", deleted: true }).join("\n")).toMatch(/object/);
    expect(contractProblems("listFiles", 200, { object: "list", data: [file], first_id: file.id, last_id: file.id, has_more: false })).toEqual([]);
    expect(contractProblems("listFiles", 200, { object: "list", data: [], first_id: null, last_id: null, has_more: false })).toEqual([]);
  });

  it("merges contracts only where they agree", () => {
    const doc = (schema: object) => ({ paths: {}, components: { schemas: { Error: schema as never } } });
    expect(mergeContracts([doc({ type: "object" }), doc({ type: "object" })]).components.schemas).toEqual({ Error: { type: "object" } });
    expect(() => mergeContracts([doc({ type: "object" }), doc({ type: "string" })])).toThrow(/schema 'Error' differently/);
  });
});

// Records the SSE bodies the live-run store's unit tests replay (lib/playground/fixtures/*.sse):
// real runs of the production build against the scripted model, on a fresh database. Run after
// `npm run build`:  npx tsx --conditions=react-server scripts/record-run-events.ts
// Ids and times differ on every recording; the tests assert on shape, text and statuses only.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { startAppServer } from "../e2e/support/app-server";
import { createTestDatabase } from "../e2e/support/test-db";
import { startScriptedModel } from "./scripted-model/server";

const OUT = path.join(process.cwd(), "lib/playground/fixtures");
const WEATHER = { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } };

const database = await createTestDatabase("record");
const model = await startScriptedModel({ apiKey: "sk-record" });
const server = await startAppServer({ databaseUrl: database.url, embedded: database.embedded, env: { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "sk-record" } });

async function api(method: string, route: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${server.baseURL}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${server.adminKey}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status} ${await response.text()}`);
  return response;
}
const json = async <T>(response: Promise<Response>) => (await (await response).json()) as T;

/** A thread with one user message, ready for a run. */
async function thread(text: string): Promise<string> {
  const created = await json<{ id: string }>(api("POST", "/threads", { messages: [{ role: "user", content: text }] }));
  return created.id;
}

/** Reads a stream body until `stop` says enough (then drops the connection), or to its end. */
async function read(response: Response, stop: (text: string) => boolean = () => false): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += decoder.decode(value, { stream: true });
    if (stop(text)) {
      await reader.cancel();
      return text;
    }
  }
}

// Heartbeat comments are not recorded: the runs take well under 15 s.
const save = (name: string, text: string) => writeFile(path.join(OUT, name), text);

try {
  const assistant = await json<{ id: string }>(api("POST", "/assistants", { model: "scripted-1", name: "recorder", tools: [WEATHER] }));
  const run = (threadId: string, extra: Record<string, unknown> = {}) => api("POST", `/threads/${threadId}/runs`, { assistant_id: assistant.id, stream: true, ...extra });

  // A reply streamed to its end.
  await save("completed.sse", await read(await run(await thread("[[tokens: 6]] [[delay: 5]]"))));

  // The model's stream breaks off after three tokens: the run fails with its partial reply.
  await save("fails-mid-stream.sse", await read(await run(await thread("[[tokens: 10]] [[delay: 5]] [[drop: 3]]"))));

  // A tool call, then the outputs, then the reply.
  const tools = await thread('[[tool: get_weather {"city": "Oslo"}]] [[after-tools: cold and clear]]');
  const first = await read(await run(tools));
  await save("requires-action.sse", first);
  type Waiting = { id: string; required_action: { submit_tool_outputs: { tool_calls: { id: string }[] } } };
  const waiting = (await json<{ data: Waiting[] }>(api("GET", `/threads/${tools}/runs?limit=1`))).data[0]!;
  const outputs = waiting.required_action.submit_tool_outputs.tool_calls.map((call) => ({ tool_call_id: call.id, output: "-3 C" }));
  await save("tool-outputs.sse", await read(await api("POST", `/threads/${tools}/runs/${waiting.id}/submit_tool_outputs`, { tool_outputs: outputs, stream: true })));

  // Cancelled while the model has not sent its first token.
  const slow = await thread("[[tokens: 5]] [[first-delay: 3000]]");
  const response = await run(slow);
  let runId = "";
  const cancelled = await read(response, (text) => {
    const match = /"id":"(run_[^"]+)"/.exec(text);
    if (match && !runId) {
      runId = match[1]!;
      void api("POST", `/threads/${slow}/runs/${runId}/cancel`);
    }
    return false;
  });
  await save("cancelled-before-first-token.sse", cancelled);

  // A stream cut after its fifth text delta, and the re-attach that replays the segment.
  const cut = await thread("[[tokens: 12]] [[delay: 40]]");
  let cutRun = "";
  const partial = await read(await run(cut), (text) => {
    cutRun ||= /"id":"(run_[^"]+)"/.exec(text)?.[1] ?? "";
    return text.split("event: thread.message.delta").length > 5;
  });
  // Keep whole events only: the cut falls where a proxy would have dropped the connection.
  await save("replay-cut.sse", partial.slice(0, partial.lastIndexOf("\n\n") + 2));
  await save("replay-attach.sse", await read(await api("GET", `/threads/${cut}/runs/${cutRun}/events`)));
  console.log(`recorded into ${OUT}`);
} finally {
  await server.stop();
  await model.close();
  await database.drop();
}

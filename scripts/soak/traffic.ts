// One round of what a person and a script do with the console: sign in, open the main pages, and
// through /api/v1 create an assistant, a thread, a streamed run and a tool-call run answered with
// submit_tool_outputs, then clean up. Every answer is checked; a 5xx, a page that rendered its
// error boundary or a run that did not complete is a failure. Shared by the embedded soak test and
// `npm run soak:embedded`.
import { _iterSSEMessages } from "openai/core/streaming";
import { action, postAction } from "../lib/server-actions";

export type SoakTarget = { baseURL: string; adminKey: string; email: string; password: string };
export type RoundResult = { requests: number; failures: string[]; cookie: string | null };

// The console's error boundary (app/(console)/error.tsx): a page that rendered it failed, whatever
// its status (a server component that throws mid-stream still answers 200).
const ERROR_PAGE_TEXT = ["This page could not be loaded"];

const WEATHER_TOOL = {
  type: "function",
  function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
};

export async function driveRound(target: SoakTarget, cookie: string | null): Promise<RoundResult> {
  const failures: string[] = [];
  let requests = 0;
  const api = async (method: string, route: string, body?: unknown, expected = 200) => {
    requests += 1;
    const response = await fetch(`${target.baseURL}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${target.adminKey}`, "openai-beta": "assistants=v2", ...(body !== undefined && { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== expected) failures.push(`${method} ${route}: HTTP ${response.status} (expected ${expected}): ${text.slice(0, 300)}`);
    return { status: response.status, text, json: () => JSON.parse(text) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- API objects of several kinds
  };
  const stream = async (route: string, body: unknown) => {
    requests += 1;
    const response = await fetch(`${target.baseURL}/api/v1${route}`, {
      method: "POST",
      headers: { authorization: `Bearer ${target.adminKey}`, "openai-beta": "assistants=v2", "content-type": "application/json" },
      body: JSON.stringify({ ...(body as object), stream: true }),
    });
    if (response.status !== 200 || !response.body) {
      failures.push(`POST ${route} (stream): HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
      return undefined;
    }
    let run: Record<string, any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any -- the run object
    // The openai package's SSE decoder, as the SDK and the playground read run streams.
    for await (const { event, data } of _iterSSEMessages(response, new AbortController())) {
      if (event?.startsWith("thread.run.") && !event.startsWith("thread.run.step")) run = JSON.parse(data);
      if (event === "error") failures.push(`POST ${route} (stream): error event ${data.slice(0, 300)}`);
    }
    return run;
  };

  try {
    // Readiness must tell the truth about the queries the app runs.
    requests += 1;
    const health = await fetch(`${target.baseURL}/api/health`);
    if (health.status !== 200) failures.push(`GET /api/health: HTTP ${health.status}: ${(await health.text()).slice(0, 300)}`);

    if (!cookie) cookie = await signIn(target, failures);
    requests += 1;

    const assistant = (await api("POST", "/assistants", { model: "scripted-1", name: "Soak", instructions: "Be brief.", tools: [WEATHER_TOOL], metadata: { soak: "yes" } })).json();
    await api("GET", `/assistants/${assistant.id}`);
    await api("GET", "/assistants?limit=5");
    await api("POST", `/assistants/${assistant.id}`, { metadata: { soak: "round" } });

    const thread = (await api("POST", "/threads", { messages: [{ role: "user", content: "Hello [[tokens: 30]]" }] })).json();
    const run = await stream(`/threads/${thread.id}/runs`, { assistant_id: assistant.id });
    if (run && run.status !== "completed") failures.push(`streamed run ended ${run.status}: ${JSON.stringify(run.last_error)}`);

    await api("POST", `/threads/${thread.id}/messages`, { role: "user", content: '[[tool: get_weather {"city":"Oslo"}]]' });
    const waiting = await stream(`/threads/${thread.id}/runs`, { assistant_id: assistant.id });
    if (waiting?.status !== "requires_action") failures.push(`tool run ended ${waiting?.status}, expected requires_action`);
    else {
      const outputs = waiting.required_action.submit_tool_outputs.tool_calls.map((call: { id: string }) => ({ tool_call_id: call.id, output: '{"temperature": 3}' }));
      const done = await stream(`/threads/${thread.id}/runs/${waiting.id}/submit_tool_outputs`, { tool_outputs: outputs });
      if (done?.status !== "completed") failures.push(`run after tool outputs ended ${done?.status}`);
    }
    await api("GET", `/threads/${thread.id}/messages?limit=10`);

    if (cookie) {
      for (const page of ["/assistants", `/assistants/${assistant.id}`, `/assistants/${assistant.id}/playground?thread=${thread.id}`, "/playground", "/settings", "/settings/api-keys", "/settings/activity"]) {
        requests += 1;
        const response = await fetch(`${target.baseURL}${page}`, { headers: { cookie }, redirect: "manual" });
        const html = await response.text();
        if (response.status !== 200) failures.push(`GET ${page}: HTTP ${response.status}`);
        else if (ERROR_PAGE_TEXT.some((text) => html.includes(text))) failures.push(`GET ${page}: rendered the error page`);
      }
    }

    await api("DELETE", `/threads/${thread.id}`);
    await api("DELETE", `/assistants/${assistant.id}`);
  } catch (error) {
    failures.push(`round stopped: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { requests, failures, cookie };
}

/** Signs in through the sign-in action as the browser does; returns the session cookie. */
async function signIn(target: SoakTarget, failures: string[]): Promise<string | null> {
  const outcome = await postAction(target.baseURL, action("signIn"), { email: target.email, password: target.password }, { headers: { "sec-fetch-site": "same-origin" } });
  if (outcome.status >= 500 || !outcome.sessionCookie) {
    failures.push(`sign-in: HTTP ${outcome.status}${outcome.sessionCookie ? "" : ", no session cookie"}`);
    return null;
  }
  return outcome.sessionCookie;
}

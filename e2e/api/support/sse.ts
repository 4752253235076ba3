import { schemaProblems } from "../../support/contract";

// Server-sent events as the API tests read them: parsed from the raw text, and each event's data
// checked against the contract object its name implies (thread.run.* → RunObject, …).

export type SseEvent = { event: string; data: string };

export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split("\n\n")) {
    const lines = block.split("\n").filter((line) => line && !line.startsWith(":"));
    if (lines.length === 0) continue;
    const event = lines.find((line) => line.startsWith("event: "))?.slice(7) ?? "message";
    const data = lines.filter((line) => line.startsWith("data: ")).map((line) => line.slice(6)).join("\n");
    events.push({ event, data });
  }
  return events;
}

function schemaFor(event: string): string | null {
  if (event === "thread.created") return "ThreadObject";
  if (event === "thread.message.delta") return "MessageDeltaObject";
  if (event.startsWith("thread.message.")) return "MessageObject";
  if (event === "thread.run.step.delta") return "RunStepDeltaObject";
  if (event.startsWith("thread.run.step.")) return "RunStepObject";
  if (event.startsWith("thread.run.")) return "RunObject";
  if (event === "error") return "Error";
  return null;
}

/** Contract problems of a stream: unknown events, bad payloads, and a missing final `done`. */
export function streamProblems(events: SseEvent[]): string[] {
  const problems: string[] = [];
  events.forEach(({ event, data }, index) => {
    if (event === "done") {
      if (data !== "[DONE]") problems.push(`event ${index} done: data must be [DONE], got ${data}`);
      if (index !== events.length - 1) problems.push(`event ${index} done is not the last event`);
      return;
    }
    const schema = schemaFor(event);
    if (!schema) return void problems.push(`event ${index}: unknown event name '${event}'`);
    let body: unknown;
    try {
      body = JSON.parse(data);
    } catch {
      return void problems.push(`event ${index} ${event}: data is not JSON`);
    }
    for (const problem of schemaProblems(schema, body)) problems.push(`event ${index} ${event}: ${problem}`);
  });
  if (events.at(-1)?.event !== "done") problems.push("the stream did not end with event: done");
  return problems;
}

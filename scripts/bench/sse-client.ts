// The benchmark's clients: one streamed reply read the way the openai package reads it (its own
// SSE decoder), timed at the first and last token. Tokens are the scripted model's words: a delta
// may carry several (a server that is behind merges what arrived together), so words are counted,
// not events.
import { _iterSSEMessages } from "openai/core/streaming";

export type StreamTiming = { ttft: number; tokens: number; deltas: number; firstAt: number; lastAt: number };

const words = (text: string) => text.split(" ").filter(Boolean).length;

async function timed(started: number, response: Response, onEvent: (event: string, data: string, timing: StreamTiming) => void): Promise<StreamTiming> {
  const timing: StreamTiming = { ttft: 0, tokens: 0, deltas: 0, firstAt: 0, lastAt: 0 };
  for await (const { event, data } of _iterSSEMessages(response, new AbortController())) onEvent(event ?? "message", data, timing);
  timing.ttft = timing.firstAt - started;
  return timing;
}

function counted(timing: StreamTiming, text: string | undefined): void {
  if (!text) return;
  const now = performance.now();
  if (!timing.tokens) timing.firstAt = now;
  timing.lastAt = now;
  timing.tokens += words(text);
  timing.deltas += 1;
}

/** Chat completions straight from the model server. */
export async function directStream(modelURL: string, apiKey: string, prompt: string): Promise<StreamTiming> {
  const started = performance.now();
  const response = await fetch(`${modelURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "scripted-1", stream: true, messages: [{ role: "user", content: prompt }] }),
  });
  return timed(started, response, (_event, data, timing) => {
    if (data !== "[DONE]") counted(timing, (JSON.parse(data) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content);
  });
}

/**
 * A streamed run (POST /threads/{id}/runs): Atelier's (`base` …/api/v1, the thread holds the
 * prompt) or the bare relay's (`base` …/v1, the prompt as an additional message). Throws unless
 * the run completed.
 */
export async function runStream(base: string, apiKey: string, threadId: string, assistantId: string, prompt?: string): Promise<StreamTiming> {
  const started = performance.now();
  const response = await fetch(`${base}/threads/${threadId}/runs`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ assistant_id: assistantId, stream: true, ...(prompt && { additional_messages: [{ role: "user", content: prompt }] }) }),
  });
  if (response.status !== 200) throw new Error(`run refused: ${response.status} ${await response.text()}`);
  let run: { status?: string; last_error?: { message?: string } | null } = {};
  const timing = await timed(started, response, (event, data, timing) => {
    if (event === "thread.message.delta") counted(timing, (JSON.parse(data) as { delta: { content: { text: { value: string } }[] } }).delta.content[0]!.text.value);
    else if (event.startsWith("thread.run.") && !event.startsWith("thread.run.step.")) run = JSON.parse(data) as typeof run;
  });
  if (run.status !== "completed") throw new Error(`a run ended ${run.status ?? "without a status"}${run.last_error ? `: ${run.last_error.message}` : ""}`);
  return timing;
}

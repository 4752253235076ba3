// The floor under Atelier's streaming: a bare relay. A plain node:http server that takes
// POST /v1/threads/{id}/runs (stream: true), calls the model's /chat/completions with undici (as
// Atelier's providers do), parses its SSE with eventsource-parser (as the AI SDK does) and writes
// each chunk to the client re-encoded as the Assistants events Atelier sends (run and step and
// message objects of the same shape, one `thread.message.delta` per chunk). No database, no
// framework, no auth: what is left is the least work any server doing this must do per token.
// `npm run bench:runs` runs it in a child process of its own and reads its CPU from /proc.
//
// Env: MODEL_URL (…/v1), MODEL_KEY, PORT (0 = any free port).
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { EventSourceParserStream } from "eventsource-parser/stream";
import { Agent, fetch } from "undici";

const dispatcher = new Agent({ keepAliveTimeout: 30_000, bodyTimeout: 0, headersTimeout: 0 });
const id = (prefix: string) => `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 24)}`;
const now = () => Math.floor(Date.now() / 1000);

function send(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
}

async function relayRun(req: IncomingMessage, res: ServerResponse, threadId: string, model: { url: string; key: string }): Promise<void> {
  const request = await readJson(req);
  // The prompt comes as the run's additional message (Atelier reads it from the thread instead).
  const prompt = String((request.additional_messages as { content?: string }[] | undefined)?.[0]?.content ?? "");
  const run = {
    id: id("run"), object: "thread.run", created_at: now(), assistant_id: String(request.assistant_id), thread_id: threadId, status: "queued",
    started_at: null as number | null, expires_at: now() + 600, cancelled_at: null, failed_at: null, completed_at: null as number | null,
    required_action: null, last_error: null, model: "scripted-1", instructions: "Benchmark.", tools: [], metadata: {}, usage: null,
    temperature: 1, top_p: 1, max_prompt_tokens: null, max_completion_tokens: null, truncation_strategy: { type: "auto", last_messages: null },
    incomplete_details: null, response_format: "auto", tool_choice: "auto", parallel_tool_calls: true,
  };
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store, no-transform", connection: "keep-alive" });
  send(res, "thread.run.created", run);
  send(res, "thread.run.queued", run);
  const upstream = await fetch(`${model.url}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${model.key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "scripted-1", stream: true, messages: [{ role: "system", content: "Benchmark." }, { role: "user", content: prompt }] }),
    dispatcher,
  });
  send(res, "thread.run.in_progress", { ...run, status: "in_progress", started_at: now() });
  const message = {
    id: id("msg"), object: "thread.message", created_at: now(), assistant_id: run.assistant_id, thread_id: threadId, run_id: run.id, role: "assistant",
    status: "in_progress", incomplete_details: null, completed_at: null as number | null, incomplete_at: null, attachments: [], metadata: {},
    content: [] as { type: "text"; text: { value: string; annotations: never[] } }[],
  };
  const step = {
    id: id("step"), object: "thread.run.step", created_at: now(), run_id: run.id, assistant_id: run.assistant_id, thread_id: threadId, type: "message_creation",
    status: "in_progress", cancelled_at: null, completed_at: null as number | null, expired_at: null, failed_at: null, last_error: null, usage: null,
    step_details: { type: "message_creation", message_creation: { message_id: message.id } }, metadata: {},
  };
  let text = "";
  let opened = false;
  // undici's body is the standard ReadableStream; its declarations come from undici's own types.
  const body = upstream.body as unknown as ReadableStream<BufferSource>;
  const events = body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
  for await (const { data } of events) {
    if (data === "[DONE]") break;
    const delta = (JSON.parse(data) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content;
    if (!delta) continue;
    if (!opened) {
      opened = true;
      send(res, "thread.run.step.created", step);
      send(res, "thread.run.step.in_progress", step);
      send(res, "thread.message.created", message);
      send(res, "thread.message.in_progress", message);
    }
    text += delta;
    send(res, "thread.message.delta", { id: message.id, object: "thread.message.delta", delta: { content: [{ index: 0, type: "text", text: { value: delta, annotations: [] } }] } });
  }
  const completedAt = now();
  send(res, "thread.message.completed", { ...message, status: "completed", completed_at: completedAt, content: [{ type: "text", text: { value: text, annotations: [] } }] });
  send(res, "thread.run.step.completed", { ...step, status: "completed", completed_at: completedAt });
  send(res, "thread.run.completed", { ...run, status: "completed", started_at: completedAt, completed_at: completedAt });
  res.end("event: done\ndata: [DONE]\n\n");
}

export async function startRelay(opts: { port: number; modelUrl: string; modelKey: string }) {
  const model = { url: opts.modelUrl, key: opts.modelKey };
  const server = createServer((req, res) => {
    const match = req.method === "POST" ? /^\/v1\/threads\/([^/]+)\/runs$/.exec(req.url ?? "") : null;
    if (!match) return void res.writeHead(404).end();
    relayRun(req, res, match[1]!, model).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  server.on("connection", (socket) => socket.setNoDelay(true));
  await new Promise<void>((resolve) => server.listen(opts.port, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// As a child process: report the port over IPC, stop on SIGTERM/SIGINT or when the parent goes.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const server = await startRelay({ port: Number(process.env.PORT ?? 0), modelUrl: process.env.MODEL_URL!, modelKey: process.env.MODEL_KEY ?? "" });
  const stop = () => void server.stop().finally(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  process.on("disconnect", stop);
  process.send?.({ ready: true, port: server.port });
}

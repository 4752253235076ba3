// A scripted OpenAI-compatible chat and embedding model over real HTTP, for tests and benchmarks
// that must not depend on a real LLM. Replies are planned by ./script from directives in the last
// user message, embeddings by ./embeddings; this file only routes, records, and turns a plan into
// bytes with the requested timing.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { EMBEDDING_MODEL_IDS, planEmbeddings } from "./embeddings";
import { MODEL_IDS, errorBody, planReply, planStream, type ErrorBody, type ReplyPlan } from "./script";

export type RecordedRequest = {
  path: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- request bodies are arbitrary JSON for tests to inspect
  body: any;
  receivedAt: number;
  authorization: string | null;
};

export type ScriptedModel = {
  /** Base URL for OpenAI clients, e.g. "http://127.0.0.1:43123/v1" (no trailing slash). */
  url: string;
  port: number;
  /** Every chat.completions and embeddings request, in arrival order (also failed and unauthorised ones). */
  requests: RecordedRequest[];
  clear(): void;
  close(): Promise<void>;
};

export type ScriptedModelOptions = {
  port?: number;
  host?: string;
  /** When set, /v1 requests need `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Called for each recorded request (the CLI logs them). */
  onRequest?: (request: RecordedRequest) => void;
};

type ReplyOk = Extract<ReplyPlan, { kind: "reply" }>;

const MAX_BODY_BYTES = 20 * 1024 * 1024;

export async function startScriptedModel(options: ScriptedModelOptions = {}): Promise<ScriptedModel> {
  const host = options.host ?? "127.0.0.1";
  const requests: RecordedRequest[] = [];
  const cycles = new Map<string, number>();
  const sockets = new Set<Socket>();

  const record = (request: RecordedRequest) => {
    requests.push(request);
    options.onRequest?.(request);
  };

  const server = createServer((req, res) => {
    handle(req, res, { apiKey: options.apiKey, requests, record, cycles }).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(`Scripted model crashed: ${String(error)}`, "server_error"));
      else res.destroy();
    });
  });
  server.on("connection", (socket) => {
    // Chunks must reach the client when written, not when Nagle decides.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}/v1`,
    port,
    requests,
    clear: () => {
      // In place, so callers holding `requests` see the change.
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // server.close() waits for open connections; slow streams and keep-alive sockets would
        // make it hang, so cut them (their handlers notice through the response's "close").
        for (const socket of sockets) socket.destroy();
      }),
  };
}

type Context = {
  apiKey: string | undefined;
  requests: RecordedRequest[];
  record: (request: RecordedRequest) => void;
  /** [[cycle]] directives: how many requests carried each one so far. */
  cycles: Map<string, number>;
};

async function handle(req: IncomingMessage, res: ServerResponse, ctx: Context): Promise<void> {
  const method = req.method ?? "GET";
  const path = (req.url ?? "/").split("?")[0]!.replace(/\/+$/, "") || "/";

  if (path === "/__scripted/requests") {
    if (method === "GET") return sendJson(res, 200, { data: ctx.requests });
    if (method === "DELETE") {
      ctx.requests.length = 0;
      res.writeHead(204).end();
      return;
    }
  }

  const isChat = method === "POST" && path === "/v1/chat/completions";
  const isEmbeddings = method === "POST" && path === "/v1/embeddings";
  let body: unknown = undefined;
  let badJson = false;
  if (isChat || isEmbeddings) {
    const raw = await readBody(req);
    if (raw === null) return sendJson(res, 413, errorBody("Request body too large.", "invalid_request_error"));
    try {
      body = JSON.parse(raw);
    } catch {
      badJson = true;
      body = raw;
    }
    const authorization = req.headers.authorization ?? null;
    ctx.record({ path, body, receivedAt: Date.now(), authorization });
  }

  if (path.startsWith("/v1/") && ctx.apiKey !== undefined && req.headers.authorization !== `Bearer ${ctx.apiKey}`) {
    const message = "Incorrect API key provided. The scripted model was started with --api-key.";
    return sendJson(res, 401, errorBody(message, "invalid_request_error", "invalid_api_key"));
  }

  if (method === "GET" && path === "/v1/models") {
    const created = Math.floor(Date.now() / 1000);
    const ids = [...MODEL_IDS, ...EMBEDDING_MODEL_IDS];
    const data = ids.map((id) => ({ id, object: "model", created, owned_by: "atelier-scripted" }));
    return sendJson(res, 200, { object: "list", data });
  }

  if ((isChat || isEmbeddings) && badJson) {
    return sendJson(res, 400, errorBody("The request body is not valid JSON.", "invalid_request_error"));
  }
  if (isEmbeddings) {
    const plan = planEmbeddings(body);
    if (plan.kind === "error") return sendJson(res, plan.status, plan.body);
    const closed = new AbortController();
    res.on("close", () => closed.abort());
    if (!(await pause(plan.delayMs, closed.signal))) return;
    if (plan.drop) res.destroy();
    else sendJson(res, 200, plan.response);
    return;
  }

  if (isChat) {
    const plan = planReply(body, undefined, (key) => {
      const seen = ctx.cycles.get(key) ?? 0;
      ctx.cycles.set(key, seen + 1);
      return seen;
    });
    if (plan.kind === "error") return sendJson(res, plan.status, plan.body);
    const stream = (body as { stream?: unknown }).stream === true;
    const includeUsage = (body as { stream_options?: { include_usage?: unknown } }).stream_options?.include_usage === true;
    const closed = new AbortController();
    res.on("close", () => closed.abort());
    return stream ? streamReply(res, plan, includeUsage, closed.signal) : completeReply(res, plan, closed.signal);
  }

  sendJson(res, 404, errorBody(`Unknown request URL: ${method} ${path}.`, "invalid_request_error", "unknown_url"));
}

async function completeReply(res: ServerResponse, plan: ReplyOk, signal: AbortSignal): Promise<void> {
  if (!(await pause(plan.firstDelayMs, signal))) return;
  if (plan.dropAfter !== null) {
    res.destroy();
    return;
  }
  const message: Record<string, unknown> = { role: "assistant", content: plan.content, refusal: null };
  if (plan.toolCalls.length > 0) {
    message.tool_calls = plan.toolCalls.map((call) => ({
      id: call.id,
      type: "function",
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  sendJson(res, 200, {
    id: completionId(),
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: plan.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: plan.finishReason }],
    usage: plan.usage,
  });
}

async function streamReply(res: ServerResponse, plan: ReplyOk, includeUsage: boolean, signal: AbortSignal): Promise<void> {
  res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", Connection: "keep-alive" });
  res.flushHeaders();
  const id = completionId();
  const created = Math.floor(Date.now() / 1000);
  const envelope = (extra: Record<string, unknown>) => ({
    id,
    object: "chat.completion.chunk",
    created,
    model: plan.model,
    ...extra,
  });

  if (!(await pause(plan.firstDelayMs, signal))) return;
  let sent = 0;
  // Content chunks keep to a fixed clock (the first one's time + n × delay), as a model producing
  // N tokens/s does: sleeping `delay` per chunk would drift later by the timer's lateness each time.
  let clock: { start: number; chunks: number } | null = null;
  for (const step of planStream(plan)) {
    if (step.kind !== "role" && plan.dropAfter !== null && sent >= plan.dropAfter) {
      // Simulate a connection lost mid-answer: no finish chunk, no [DONE], no chunked terminator.
      res.destroy();
      return;
    }
    if (step.kind === "content" && clock && !(await pause(Math.max(0, clock.start + ++clock.chunks * plan.delayMs - performance.now()), signal))) return;
    if (step.kind === "content") clock ??= { start: performance.now(), chunks: 0 };
    const choice = { index: 0, delta: step.delta, logprobs: null, finish_reason: step.finishReason };
    const chunk = envelope({ choices: [choice], ...(includeUsage ? { usage: null } : {}) });
    if (!(await write(res, `data: ${JSON.stringify(chunk)}\n\n`, signal))) return;
    if (step.kind === "content") sent++;
  }
  if (includeUsage && !(await write(res, `data: ${JSON.stringify(envelope({ choices: [], usage: plan.usage }))}\n\n`, signal))) {
    return;
  }
  if (await write(res, "data: [DONE]\n\n", signal)) res.end();
}

/** Writes and waits until the bytes are handed to the socket, so a later destroy cannot eat them. */
function write(res: ServerResponse, data: string, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted || res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => resolve(false);
    signal.addEventListener("abort", onAbort, { once: true });
    res.write(data, (error) => {
      signal.removeEventListener("abort", onAbort);
      resolve(!error);
    });
  });
}

/** Waits `ms`, returning false (early) when the client or close() ended the response. */
async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (ms <= 0) return true;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, payload: ErrorBody | object): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function completionId(): string {
  return `chatcmpl-${randomBytes(15).toString("base64url")}`;
}

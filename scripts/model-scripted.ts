// npm run model:scripted -- [--port 4010] [--host 127.0.0.1] [--api-key KEY]
// Runs the scripted OpenAI-compatible model in the foreground, to point a local Atelier at it.
import { parseArgs } from "node:util";
import { startScriptedModel } from "./scripted-model/server";
import { MODEL_IDS } from "./scripted-model/script";
import { EMBEDDING_MODEL_IDS } from "./scripted-model/embeddings";

const usage = `Usage: npm run model:scripted -- [--port 4010] [--host 127.0.0.1] [--api-key KEY]
  --port     port to listen on (default: $SCRIPTED_MODEL_PORT, else 4010; 0 = any free port)
  --host     interface to listen on (default 127.0.0.1)
  --api-key  require "Authorization: Bearer KEY" on /v1 requests`;

const cheatSheet = `Directives go in the last user message; without any, the model replies "You said: <text>".
[[reply: TEXT]] replies exactly TEXT (JSON is fine); [[tokens: N]] replies "tok1 ... tokN";
[[delay: MS]] waits MS between streamed chunks and [[first-delay: MS]] before the first one;
[[tool: NAME {"json":"args"}]] calls a function instead of replying (repeat it for parallel calls),
and once tool outputs follow, the reply is "Tool results: id=output; ..." or [[after-tools: TEXT]];
[[search: QUERY]] calls the offered function named "*search*" with {"query":QUERY}, and once its
output follows, [[cite]] replies "According to the documents: <snippet> 【marker】 ..." from it;
[[fail: 500]] (or 429, ...) answers with that HTTP error; [[drop: N]] cuts the connection after
N chunks; max_tokens / max_completion_tokens truncate with finish_reason "length".
/v1/embeddings: hashed bag of words (256 dims unless "dimensions"); [[fail]], [[delay]], [[drop]]
in an input apply to the request. Request log: GET/DELETE /__scripted/requests.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "api-key": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const rawPort = values.port ?? process.env.SCRIPTED_MODEL_PORT ?? "4010";
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65535) {
    console.error(`Invalid port '${rawPort}'.\n${usage}`);
    return 2;
  }
  const apiKey = values["api-key"];

  const model = await startScriptedModel({
    port,
    host: values.host ?? "127.0.0.1",
    apiKey,
    onRequest: (request) => {
      const body = request.body as { model?: unknown; stream?: unknown; messages?: unknown[]; input?: unknown } | string;
      const inputs = typeof body === "object" && Array.isArray(body?.input) ? body.input.length : 1;
      const summary =
        typeof body !== "object" || body === null
          ? "invalid JSON"
          : request.path.endsWith("/embeddings")
            ? `model=${String(body.model)} inputs=${inputs}`
            : `model=${String(body.model)} stream=${body.stream === true} messages=${body.messages?.length ?? "?"}`;
      console.log(`${new Date(request.receivedAt).toISOString()} ${request.path} ${summary}`);
    },
  });

  console.log(`Scripted model listening on ${model.url}`);
  console.log(`Models: ${[...MODEL_IDS, ...EMBEDDING_MODEL_IDS].join(", ")}${apiKey ? ` (API key required: ${apiKey})` : " (any API key)"}\n`);
  console.log(cheatSheet + "\n");
  console.log("Point Atelier at it:");
  console.log(`  OPENAI_BASE_URL=${model.url} OPENAI_API_KEY=${apiKey ?? "scripted"} npm start\n`);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  console.log("Stopping the scripted model.");
  await model.close();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);

// `npm run bench:provider`: what reading a streamed chat completion costs, through the AI SDK's own
// `doStream` (Web streams: the body, TextDecoderStream, EventSourceParserStream, a JSON + zod
// transform, the provider's TransformStream, a reader) beside the direct path Atelier uses by
// default (lib/providers/chat-stream.ts: undici `request`, eventsource-parser's callback parser,
// the same parts). Same model object, same request, same parts; only the reading differs.
//
// The scripted model runs in a child process; this process only reads. STREAMS streams of TOKENS
// tokens, one per DELAY_MS (each token its own network read, as from a real provider), read by one
// path and then the other, ROUNDS times alternating; CPU of this process (user + system) per 1,000
// tokens for each. A script that prints numbers. Env: BENCH_STREAMS (50), BENCH_TOKENS (500),
// BENCH_DELAY_MS (20), BENCH_ROUNDS (2).
import path from "node:path";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV3, LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { batchesOf, streamChatCompletion, type PartBatches } from "../../lib/providers/chat-stream";
import { baseBoundFetch } from "../../lib/providers/http";
import { startChildServer } from "./child-server";

const STREAMS = Number(process.env.BENCH_STREAMS ?? 50);
const TOKENS = Number(process.env.BENCH_TOKENS ?? 500);
const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const KEY = "sk-bench-provider";

type Path = "sdk" | "direct";

async function readAll(batches: PartBatches): Promise<{ text: string; parts: number }> {
  let text = "";
  let parts = 0;
  for await (const batch of batches) {
    for (const part of batch) {
      parts += 1;
      if (part.type === "text-delta") text += part.delta;
      if (part.type === "error") throw new Error(`stream error: ${String(part.error)}`);
    }
  }
  return { text, parts };
}

async function round(model: LanguageModelV3, baseURL: string, which: Path): Promise<{ cpuMs: number; tokens: number; parts: number; texts: Set<string> }> {
  const options = (): LanguageModelV3CallOptions => ({ prompt: [{ role: "user", content: [{ type: "text", text: `[[tokens: ${TOKENS}]] [[delay: ${DELAY_MS}]]` }] }], abortSignal: new AbortController().signal });
  const open = (): Promise<PartBatches> =>
    which === "sdk"
      ? Promise.resolve(model.doStream(options())).then(({ stream }) => batchesOf(stream))
      : streamChatCompletion(model, { baseURL, apiKey: KEY, providerOptionsName: "atelier" }, options());
  const before = process.cpuUsage();
  // Starts spread over one token's gap, so reads do not all land in the same turn of the event loop.
  const results = await Promise.all(Array.from({ length: STREAMS }, (_, i) => new Promise((resolve) => setTimeout(resolve, (i * DELAY_MS) / STREAMS)).then(open).then(readAll)));
  const used = process.cpuUsage(before);
  return { cpuMs: (used.user + used.system) / 1000, tokens: STREAMS * TOKENS, parts: results.reduce((sum, r) => sum + r.parts, 0), texts: new Set(results.map((r) => r.text)) };
}

async function main(): Promise<void> {
  const child = await startChildServer(path.join(import.meta.dirname, "model-child.ts"), { MODEL_KEY: KEY }, "scripted model");
  const baseURL = `${child.baseURL}/v1`;
  const model = createOpenAICompatible({ name: "atelier", baseURL, apiKey: KEY, includeUsage: true, supportsStructuredOutputs: true, fetch: baseBoundFetch(baseURL) }).chatModel("scripted-1");
  console.log(`[bench] ${STREAMS} streams of ${TOKENS} tokens, one per ${DELAY_MS} ms, read by each path ${ROUNDS} times (alternating); model in pid ${child.pid}`);
  const totals: Record<Path, { cpuMs: number; tokens: number; parts: number }> = { sdk: { cpuMs: 0, tokens: 0, parts: 0 }, direct: { cpuMs: 0, tokens: 0, parts: 0 } };
  const texts = new Set<string>();
  try {
    await round(model, baseURL, "sdk"); // warm-up: JIT and connections for both
    await round(model, baseURL, "direct");
    for (let i = 0; i < ROUNDS; i++) {
      for (const which of i % 2 === 0 ? (["sdk", "direct"] as const) : (["direct", "sdk"] as const)) {
        const result = await round(model, baseURL, which);
        totals[which].cpuMs += result.cpuMs;
        totals[which].tokens += result.tokens;
        totals[which].parts += result.parts;
        result.texts.forEach((text) => texts.add(text));
        console.log(`[bench] round ${i + 1} ${which}: ${((result.cpuMs / result.tokens) * 1000).toFixed(1)} ms CPU per 1,000 tokens`);
      }
    }
  } finally {
    await child.stop();
  }
  if (texts.size !== 1) throw new Error(`the paths read different texts (${texts.size} distinct)`);
  const per1000 = (which: Path) => (totals[which].cpuMs / totals[which].tokens) * 1000;
  console.log("");
  console.log("path      CPU per 1,000 tokens   µs per token   parts per token");
  for (const which of ["sdk", "direct"] as const) {
    console.log(`${which.padEnd(8)}  ${per1000(which).toFixed(1).padStart(17)} ms  ${per1000(which).toFixed(1).padStart(12)}  ${(totals[which].parts / totals[which].tokens).toFixed(2).padStart(15)}`);
  }
  console.log(`\nthe AI SDK's doStream costs ${(per1000("sdk") / per1000("direct")).toFixed(2)}× the direct path; both read the same ${TOKENS}-token text`);
}

await main();

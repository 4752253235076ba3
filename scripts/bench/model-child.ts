// The scripted model in a child process of its own (scripts/bench/child-server.ts), for benchmarks
// that measure their own process's CPU and must not count the model's. Env: MODEL_KEY.
import { startScriptedModel } from "../scripted-model/server";

const model = await startScriptedModel({ port: 0, apiKey: process.env.MODEL_KEY });
process.send?.({ port: model.port });
process.on("SIGTERM", () => void model.close().then(() => process.exit(0)));

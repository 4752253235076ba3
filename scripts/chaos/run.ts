import { startCluster } from "./cluster";
import { api } from "./client";
import { scanForSecrets } from "./invariants";
import { PLANTED_TOKEN, scenarios } from "./scenarios";

// Starts the cluster, plants a secret, runs every scenario in turn, then scans every byte
// returned and logged for the secret. Shared by `npm run chaos` and e2e/api/chaos.test.ts.

export type ChaosResult = { name: string; problems: string[]; ms: number };

export async function runChaos(options: { instances: number; log: (line: string) => void; only?: (name: string) => boolean }): Promise<ChaosResult[]> {
  const started = Date.now();
  const cluster = await startCluster({ instances: options.instances });
  options.log(`${options.instances} instances on ${cluster.db.url.replace(/\/\/[^@]*@/, "//")} ready in ${Date.now() - started} ms`);
  const results: ChaosResult[] = [];
  try {
    const tools = [
      { type: "function", function: { name: "lookup", parameters: { type: "object", properties: {} } } },
      // A Model Studio plugin with a user token: it must never come back unmasked, anywhere.
      { type: "chaos_plugin", auth: { type: "user_http", user_token: PLANTED_TOKEN } },
    ];
    // The plugin tool names a registered plugin (issue 24); its token is the assistant's own.
    const openapi = { openapi: "3.1.0", info: { title: "Chaos", version: "1" }, servers: [{ url: "https://plugins.example.com" }], paths: { "/ping": { get: { operationId: "ping", responses: { "200": { description: "pong" } } } } } };
    const plugin = await api(cluster.instances[0]!, cluster.adminKey, "POST", "/plugins", { id: "chaos_plugin", name: "Chaos", openapi, auth: { type: "user" } });
    if (plugin.status !== 200) throw new Error(`could not register the plugin: ${JSON.stringify(plugin.body)}`);
    const assistant = await api(cluster.instances[0]!, cluster.adminKey, "POST", "/assistants", { model: "scripted-1", tools });
    if (assistant.status !== 200) throw new Error(`could not create the assistant: ${JSON.stringify(assistant.body)}`);
    for (const scenario of scenarios) {
      if (options.only && !options.only(scenario.name)) continue;
      const began = Date.now();
      const problems = await scenario.run(cluster, assistant.body.id as string).catch((error: Error) => [`the scenario threw: ${error.stack ?? error.message}`]);
      results.push({ name: scenario.name, problems, ms: Date.now() - began });
      options.log(`${problems.length ? "FAIL" : "ok  "} ${scenario.name} (${((Date.now() - began) / 1000).toFixed(1)} s)`);
      for (const problem of problems) options.log(`       ${problem}`);
    }
  } finally {
    await cluster.stop();
  }
  const leaks = scanForSecrets([PLANTED_TOKEN], cluster.logFiles);
  results.push({ name: "no secret in any byte returned or logged", problems: leaks, ms: 0 });
  options.log(`${leaks.length ? "FAIL" : "ok  "} no secret in any byte returned or logged`);
  for (const leak of leaks) options.log(`       ${leak}`);
  return results;
}

// `npm run bench:tools`: what a run pays for plugin and MCP tools (issue 24), against the fixtures on
// 127.0.0.1 (so the numbers are Atelier's own overhead, not a network's): a plugin operation's call
// (request built, outbound checks, the answer read and shaped; p50/p95 over BENCH_CALLS), an MCP
// tool's call (one connection per call: initialise, tools/call, close), an MCP listing, the pure
// catalog for an assistant with many tools, and the cost of a 1 MiB answer. A script that prints
// numbers, not a test.
import { callMcpTool } from "@/lib/mcp/call";
import { listMcpTools } from "@/lib/mcp/client";
import { callPluginOperation } from "@/lib/plugins/call";
import { loadOpenApi } from "@/lib/plugins/openapi";
import { buildCatalog } from "@/lib/runs/tools/catalog";
import { startMcpFixture } from "../tool-fixtures/mcp-server";
import { startOpenApiFixture } from "../tool-fixtures/openapi-server";

const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

async function timeAll(label: string, calls: number, work: () => Promise<unknown>): Promise<void> {
  await work(); // warm-up: lazy imports and the first connection are not a call's cost
  const times: number[] = [];
  for (let index = 0; index < calls; index++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  console.log(`${label.padEnd(44)} p50 ${percentile(times, 50).toFixed(2)} ms   p95 ${percentile(times, 95).toFixed(2)} ms   (${calls} calls)`);
}

async function main(): Promise<void> {
  const [api, mcp] = await Promise.all([startOpenApiFixture({ token: "bench-token" }), startMcpFixture({ token: "bench-token" })]);
  const allowed = [`127.0.0.1:${api.port}`, `127.0.0.1:${mcp.port}`];
  const options = { allowed, signal: new AbortController().signal, timeoutMs: 10_000 };
  try {
    const { operations } = await loadOpenApi(api.document);
    const forecast = operations.find((operation) => operation.name === "getForecast")!;
    const big = operations.find((operation) => operation.name === "big")!;
    const target = { pluginId: "weather", serverUrl: api.url, auth: { type: "bearer" as const, token: "bench-token" } };
    await timeAll("plugin call (GET, JSON answer)", CALLS, async () => {
      const result = await callPluginOperation({ ...target, operation: forecast }, '{"city":"Paris","days":3}', options);
      if (result.status !== "completed") throw new Error(result.output);
    });
    await timeAll("plugin call, 2 MiB answer cut to 1 MiB", Math.min(CALLS, 50), async () => {
      const result = await callPluginOperation({ ...target, operation: big }, '{"kib":2048}', options);
      if (!result.output.endsWith("cut here.]")) throw new Error("not cut");
    });
    const endpoint = { url: mcp.url, headers: { Authorization: "Bearer bench-token" }, label: "calc" };
    await timeAll("MCP call (connect, tools/call, close)", CALLS, async () => {
      const result = await callMcpTool(endpoint, "add", '{"a":1,"b":2}', options);
      if (result.output !== "3") throw new Error(result.output);
    });
    await timeAll("MCP tools/list (connect, list, close)", Math.min(CALLS, 100), () => listMcpTools(endpoint, { allowed, timeoutMs: 10_000 }));
    // An assistant with 20 plugins of 30 operations and 10 servers of 50 tools: 1,100 functions.
    const plugins = new Map(Array.from({ length: 20 }, (_, p) => [`p${p}`, { operations: Array.from({ length: 30 }, (_, o) => ({ ...forecast, name: `op${o}` })) }]));
    const servers = new Map(Array.from({ length: 10 }, (_, s) => [`s${s}`, { tools: Array.from({ length: 50 }, (_, t) => ({ name: `tool.${t}`, title: null, description: "t", inputSchema: { type: "object", properties: {} }, annotations: null })), allowedTools: null, requireApproval: "never" as const }]));
    const tools = [...[...plugins.keys()].map((type) => ({ type })), ...[...servers.keys()].map((server_label) => ({ type: "mcp" as const, server_label }))];
    await timeAll("catalog of 1,100 functions (pure)", Math.min(CALLS, 100), async () => buildCatalog({ tools, taken: [], plugins, mcp: servers }));
  } finally {
    await Promise.all([api.close(), mcp.close()]);
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

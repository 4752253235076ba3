import pg from "pg";
import type { AppServer } from "../../e2e/support/app-server";
import type { Cluster } from "./cluster";
import { api, stream, TERMINAL, waitFor, type Json } from "./client";
import { checkRun } from "./invariants";

// The faults of issue 18, each against a running cluster (scripts/chaos/cluster.ts), each
// returning the invariants it broke (none is a pass). Prompts carry a marker so the model's
// requests of one scenario can be counted: the model is called once per accepted run.

export const PLANTED_TOKEN = "plugin-token-chaos-5f1c9e7d2b";

export type Scenario = { name: string; run(cluster: Cluster, assistantId: string): Promise<string[]> };

// 20 ms per "tokN " token: 50 tokens/s, about 250 characters/s.
const PACE = { delayMs: 20, charsPerSecond: 6 * 50 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function requestsWith(cluster: Cluster, marker: string): number {
  return cluster.model.requests.filter((request) => JSON.stringify(request.body?.messages ?? []).includes(marker)).length;
}

async function thread(cluster: Cluster, index: number, content: string): Promise<string> {
  const created = await api(cluster.instances[index % cluster.instances.length]!, cluster.adminKey, "POST", "/threads", { messages: [{ role: "user", content }] });
  return created.body.id as string;
}

/** Streams a run of `tokens` tokens on instance `index`; resolves once `wait` deltas arrived. */
async function streamingRun(cluster: Cluster, assistantId: string, index: number, tokens: number, marker: string, wait = 5) {
  const instance = cluster.instances[index % cluster.instances.length]!;
  const threadId = await thread(cluster, index, `[${marker}] [[tokens: ${tokens}]] [[delay: ${PACE.delayMs}]]`);
  const streamed = stream(instance, cluster.adminKey, `/threads/${threadId}/runs`, { assistant_id: assistantId });
  const runId = await streamed.runId;
  await waitFor(async () => streamed.events().filter((event) => event === "thread.message.delta").length, (count) => count >= wait || streamed.events().includes("done"), 15_000);
  return { instance, threadId, runId, streamed };
}

const checkAll = async (cluster: Cluster, runs: { threadId: string; runId: string; streamed?: { text(): string } }[], via = 0) =>
  (
    await Promise.all(
      runs.map((run) => checkRun({ instance: cluster.instances[via]!, adminKey: cluster.adminKey, threadId: run.threadId, runId: run.runId, streamed: run.streamed?.text(), charsPerSecond: PACE.charsPerSecond })),
    )
  ).flat();

export const scenarios: Scenario[] = [
  {
    name: "an instance killed (SIGKILL) mid-stream: another ends its runs within 30 s, text kept",
    async run(cluster, assistantId) {
      const victim = cluster.instances.length - 1;
      const runs = await Promise.all([0, 1, 2, 3].map((i) => streamingRun(cluster, assistantId, victim, 400, "kill", 40 + i)));
      const others = await Promise.all([0, 1].map((i) => streamingRun(cluster, assistantId, i, 150, "kill-bystander")));
      await cluster.instances[victim]!.kill();
      await Promise.all(runs.map((run) => run.streamed.ended));
      cluster.instances.splice(victim, 1);
      const problems = await checkAll(cluster, [...runs, ...others]);
      await Promise.all(others.map((run) => run.streamed.ended));
      cluster.instances.push(await cluster.add());
      return problems;
    },
  },
  {
    name: "database connections terminated mid-run and at finalisation",
    async run(cluster, assistantId) {
      const runs = await Promise.all(Array.from({ length: 9 }, (_, i) => streamingRun(cluster, assistantId, i, 20 + i * 15, "dbkill", 1)));
      const admin = new pg.Client({ connectionString: cluster.db.url });
      await admin.connect();
      try {
        for (let i = 0; i < 25; i++) {
          await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
          await sleep(150);
        }
      } finally {
        await admin.end();
      }
      await Promise.all(runs.map((run) => run.streamed.ended));
      return checkAll(cluster, runs);
    },
  },
  {
    name: "the model hangs, then stalls: runs fail with a timeout, threads freed",
    async run(cluster, assistantId) {
      const hung = await thread(cluster, 0, "[hang] [[first-delay: 600000]]");
      const stalled = await thread(cluster, 1, "[stall] [[tokens: 20]] [[delay: 600000]]");
      const runs = await Promise.all([hung, stalled].map(async (threadId, i) => ({ threadId, runId: (await api(cluster.instances[i]!, cluster.adminKey, "POST", `/threads/${threadId}/runs`, { assistant_id: assistantId })).body.id as string })));
      const problems = await checkAll(cluster, runs);
      for (const run of runs) {
        const final = await api(cluster.instances[0]!, cluster.adminKey, "GET", `/threads/${run.threadId}/runs/${run.runId}`);
        if (final.body.status !== "failed" || !/TIMEOUT/.test(final.body.last_error?.message ?? "")) problems.push(`${run.runId}: ${final.body.status}, ${final.body.last_error?.message}`);
      }
      return problems;
    },
  },
  {
    name: "cancel before the model's first byte, on another instance than the one running it",
    async run(cluster, assistantId) {
      const threadId = await thread(cluster, 0, "[cancel] [[first-delay: 1500]] hello");
      const created = await api(cluster.instances[0]!, cluster.adminKey, "POST", `/threads/${threadId}/runs`, { assistant_id: assistantId });
      const cancel = await api(cluster.instances[1 % cluster.instances.length]!, cluster.adminKey, "POST", `/threads/${threadId}/runs/${created.body.id}/cancel`);
      const problems = cancel.status === 200 ? [] : [`cancel answered ${cancel.status}`];
      const run = await waitFor(() => api(cluster.instances[0]!, cluster.adminKey, "GET", `/threads/${threadId}/runs/${created.body.id}`), (response) => TERMINAL.has(response.body.status), 10_000);
      if (run.body.status !== "cancelled") problems.push(`${created.body.id}: ${run.body.status} instead of cancelled`);
      return [...problems, ...(await checkAll(cluster, [{ threadId, runId: created.body.id }]))];
    },
  },
  {
    name: "100 parallel creates on 5 threads across instances: the model is called once per accepted run",
    async run(cluster, assistantId) {
      const threads = await Promise.all(Array.from({ length: 5 }, (_, i) => thread(cluster, i, "[crowd] [[tokens: 3]] [[delay: 1500]]")));
      const creates = await Promise.all(
        Array.from({ length: 100 }, (_, i) => api(cluster.instances[i % cluster.instances.length]!, cluster.adminKey, "POST", `/threads/${threads[i % 5]}/runs`, { assistant_id: assistantId })),
      );
      const accepted = creates.filter((create) => create.status === 200).map((create) => ({ threadId: create.body.thread_id as string, runId: create.body.id as string }));
      const problems = creates.filter((create) => create.status !== 200 && create.body.error?.code !== "thread_busy").map((create) => `create answered ${create.status}: ${JSON.stringify(create.body)}`);
      problems.push(...(await checkAll(cluster, accepted)));
      const calls = requestsWith(cluster, "[crowd]");
      if (calls !== accepted.length) problems.push(`${accepted.length} runs accepted, the model called ${calls} times`);
      return problems;
    },
  },
  {
    name: "a new instance starts while runs stream: none is disturbed",
    async run(cluster, assistantId) {
      const runs = await Promise.all([0, 1, 2].map((i) => streamingRun(cluster, assistantId, i, 250, "join")));
      cluster.instances.push(await cluster.add());
      await Promise.all(runs.map((run) => run.streamed.ended));
      const problems = await checkAll(cluster, runs);
      for (const run of runs) {
        const final = await api(cluster.instances[0]!, cluster.adminKey, "GET", `/threads/${run.threadId}/runs/${run.runId}`);
        if (final.body.status !== "completed") problems.push(`${run.runId}: ${final.body.status} (${final.body.last_error?.message}) after an instance joined`);
      }
      return problems;
    },
  },
  {
    name: "tool outputs submitted and events attached on other instances than the one running",
    async run(cluster, assistantId) {
      const [a, b, c] = [0, 1, 2].map((i) => cluster.instances[i % cluster.instances.length]!) as [AppServer, AppServer, AppServer];
      const threadId = await thread(cluster, 0, "[tools] [[tool: lookup {}]] [[after-tools: the answer is forty-two, as the tool said]] [[delay: 20]]");
      const created = await api(a, cluster.adminKey, "POST", `/threads/${threadId}/runs`, { assistant_id: assistantId });
      const path = `/threads/${threadId}/runs/${created.body.id}`;
      const waiting = await waitFor(() => api(b, cluster.adminKey, "GET", path), (run) => run.body.status === "requires_action", 10_000);
      const problems: string[] = [];
      if (waiting.body.status !== "requires_action") return [`${created.body.id}: ${waiting.body.status} instead of requires_action`];
      const callId = (waiting.body.required_action as Json).submit_tool_outputs.tool_calls[0].id as string;
      const submitted = stream(b, cluster.adminKey, `${path}/submit_tool_outputs`, { tool_outputs: [{ tool_call_id: callId, output: "42" }] });
      await submitted.runId;
      const attached = stream(c, cluster.adminKey, `${path}/events`, {}, "GET");
      await Promise.all([submitted.ended, attached.ended]);
      if (!submitted.events().includes("thread.run.completed")) problems.push(`the submitting stream saw ${submitted.events().slice(-3).join(", ")}`);
      if (!attached.events().some((event) => TERMINAL.has(event.replace("thread.run.", "")))) problems.push(`the attached stream on another instance saw ${attached.events().slice(-3).join(", ")}`);
      return [...problems, ...(await checkAll(cluster, [{ threadId, runId: created.body.id, streamed: submitted }]))];
    },
  },
];

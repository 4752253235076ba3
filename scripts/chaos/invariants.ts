import { readFileSync } from "node:fs";
import type { AppServer } from "../../e2e/support/app-server";
import { api, responseBodies, TERMINAL, waitFor, type Json } from "./client";

// What must hold after every fault (issue 18): every run terminal or progressing within 30 s of
// the fault, its run, messages and steps in agreement, its stored text within 2 s of what was
// streamed, no duplicate messages, last_error in plain words, no secret in any byte returned or logged.

const INTERNALS = /prisma|invocation|SQLSTATE|57P01|ECONNRESET|stack|at \w+ \(|node_modules/i;

export type RunCheck = {
  instance: AppServer;
  adminKey: string;
  threadId: string;
  runId: string;
  /** The text a client received by streaming it, when one did. */
  streamed?: string;
  /** The model's pace in this run, to turn "2 s of text" into characters. */
  charsPerSecond?: number;
  /** How long the run may take to end after the fault. */
  withinMs?: number;
};

export async function checkRun(check: RunCheck): Promise<string[]> {
  const { instance, adminKey, threadId, runId } = check;
  const problems: string[] = [];
  const say = (problem: string) => problems.push(`${runId}: ${problem}`);
  const read = () => api(instance, adminKey, "GET", `/threads/${threadId}/runs/${runId}`);
  const run = (await waitFor(read, (response) => TERMINAL.has(response.body.status), check.withinMs ?? 30_000)).body;
  if (!TERMINAL.has(run.status)) return [`${runId}: still ${run.status} ${Math.round((check.withinMs ?? 30_000) / 1000)} s after the fault`];
  const messages = (await api(instance, adminKey, "GET", `/threads/${threadId}/messages?run_id=${runId}&order=asc`)).body.data as Json[];
  const steps = (await api(instance, adminKey, "GET", `/threads/${threadId}/runs/${runId}/steps?order=asc`)).body.data as Json[];
  for (const step of steps) if (step.status === "in_progress") say(`step ${step.id} left in_progress by a ${run.status} run`);
  const creations = steps.filter((step) => step.type === "message_creation").map((step) => step.step_details.message_creation.message_id as string);
  if (messages.length !== new Set(messages.map((message) => message.id)).size || messages.length !== creations.length) {
    say(`${messages.length} messages for ${creations.length} message_creation steps`);
  }
  for (const message of messages) {
    if (message.status === "in_progress") say(`message ${message.id} left in_progress by a ${run.status} run`);
    const last = message.id === messages.at(-1)?.id;
    if (run.status === "completed" && message.status !== "completed") say(`completed run, message ${message.status}`);
    if (last && (run.status === "failed" || run.status === "cancelled")) {
      const reason = run.status === "failed" ? "run_failed" : "run_cancelled";
      if (message.status !== "incomplete" || message.incomplete_details?.reason !== reason) say(`${run.status} run, last message ${message.status} (${message.incomplete_details?.reason ?? "-"})`);
    }
  }
  if (run.status === "cancelled" && !run.cancelled_at) say("cancelled without cancelled_at");
  if (run.last_error && INTERNALS.test(run.last_error.message)) say(`last_error shows internals: ${run.last_error.message}`);
  if (check.streamed !== undefined) {
    const stored = messages.map((message) => (message.content as Json[]).map((part) => part.text?.value ?? "").join("")).join("");
    if (!check.streamed.startsWith(stored) && !stored.startsWith(check.streamed)) say(`stored text is not what was streamed (${stored.length} vs ${check.streamed.length} chars)`);
    const lost = check.streamed.length - stored.length;
    const allowed = 2 * (check.charsPerSecond ?? 250);
    if (lost > allowed) say(`${lost} streamed characters were not stored (more than 2 s, ${allowed})`);
  }
  return problems;
}

/** Every planted secret looked for in every byte returned (bodies and stream events) and every log line. */
export function scanForSecrets(secrets: string[], logFiles: string[]): string[] {
  const problems: string[] = [];
  for (const secret of secrets) {
    const body = responseBodies.find((text) => text.includes(secret));
    if (body) problems.push(`a response carried the secret ${secret.slice(0, 8)}…: ${body.slice(0, 200)}`);
    for (const file of logFiles) {
      const line = readFileSync(file, "utf8").split("\n").find((text) => text.includes(secret));
      if (line) problems.push(`${file} logged the secret ${secret.slice(0, 8)}…: ${line.slice(0, 200)}`);
    }
  }
  return problems;
}

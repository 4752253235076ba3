import "server-only";
import jsonata from "jsonata";
import { validateSample } from "@/lib/schema-builder/validate-sample";
import { DeadlineExceeded, deadlineRunner } from "@/lib/vm-deadline";
import type { CheckDeps } from "@/lib/assistant-tests/evaluate";

// The deterministic checks' I/O for a test run: JSON Schema through the "Try it" validator (Ajv,
// cached, with its deadline), a regular expression in a vm context whose timeout V8 can enforce
// on a backtracking pattern, and JSONata with its own guardrails (a timeout and a stack depth,
// checked at every step of the evaluation).

export const REGEX_DEADLINE_MS = 250;
export const JSONATA_DEADLINE_MS = 1_000;
const JSONATA_MAX_DEPTH = 200;

const runRegex = deadlineRunner("new RegExp(pattern, flags).test(text)", { pattern: "", flags: "", text: "" });

export function regexWithDeadline(pattern: string, flags: string, text: string): boolean {
  try {
    return runRegex({ pattern, flags, text }, REGEX_DEADLINE_MS) as boolean;
  } catch (error) {
    if (error instanceof DeadlineExceeded) throw new Error(`the pattern took over ${REGEX_DEADLINE_MS} ms on this reply (nested quantifiers such as (a+)+ backtrack); simplify it`);
    throw error;
  }
}

export async function jsonataWithDeadline(expression: string, data: unknown): Promise<unknown> {
  try {
    return await jsonata(expression, { timeout: JSONATA_DEADLINE_MS, stack: JSONATA_MAX_DEPTH }).evaluate(data);
  } catch (error) {
    // JSONata throws plain objects with a code (D1012: timeout, D1011: stack) and, mostly, a message.
    const { code, message } = error as { code?: string; message?: string };
    if (code === "D1012") throw new Error(`the expression ran over ${JSONATA_DEADLINE_MS} ms`);
    if (code === "D1011") throw new Error(`the expression recursed deeper than ${JSONATA_MAX_DEPTH} steps`);
    throw new Error(message ?? code ?? String(error));
  }
}

/** What a test run checks with: these, plus the run's judge and embedder. */
export const deterministicDeps: Pick<CheckDeps, "validate" | "regex" | "jsonata"> = {
  validate: (schema, value) => validateSample(schema, value),
  regex: regexWithDeadline,
  jsonata: jsonataWithDeadline,
};

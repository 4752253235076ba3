import type { AssertionSpec } from "@/lib/assistant-tests/assertion-types";
import { findJsonValues } from "@/lib/assistant-tests/json-find";

// The judged assertions: `llm-rubric` asks a judge model whether the reply meets a rubric (the
// prompt follows promptfoo's grader: the judge answers {reason, pass, score} as JSON), and
// `similar` compares the reply with the expected answer by the cosine of their embeddings. The
// models are called through `JudgeIO`; the prompt, the judge's answer and the score are recorded.

export type JudgeMessage = { role: "system" | "user"; content: string };

export type JudgeIO = {
  /** The judge model's whole reply to `messages`. */
  judge: (model: string, messages: JudgeMessage[]) => Promise<string>;
  embed: (model: string, texts: string[]) => Promise<number[][]>;
  /** The models used when an assertion names none (the test run's settings). */
  judgeModel: string | null;
  embeddingModel: string | null;
};

type Verdict = { pass: boolean; score?: number; reason: string; details?: Record<string, unknown> } | { error: string; details?: Record<string, unknown> };

export const SIMILAR_THRESHOLD = 0.75;

export function rubricPrompt(rubric: string, output: string, scale: "0-1" | "1-5"): JudgeMessage[] {
  const range = scale === "1-5" ? "a whole number from 1 (fails the rubric entirely) to 5 (meets it fully)" : "a number from 0.0 (fails the rubric entirely) to 1.0 (meets it fully)";
  return [
    {
      role: "system",
      content: `You grade an assistant's output against a rubric. Read the output and decide whether it meets the rubric. Answer with JSON only, no other text: {"reason": string, "pass": boolean, "score": number}, where score is ${range}.`,
    },
    { role: "user", content: `<Rubric>\n${rubric}\n</Rubric>\n\n<Output>\n${output}\n</Output>` },
  ];
}

type JudgeVerdict = { pass?: unknown; score?: unknown; reason?: unknown };

/** The judge's verdict from its reply: the last JSON object in it with a score or a pass. */
export function parseJudgeReply(reply: string): { score: number | null; pass: boolean | null; reason: string } | null {
  const candidates = findJsonValues(reply).filter((value): value is JudgeVerdict => value !== null && typeof value === "object" && !Array.isArray(value) && ("score" in value || "pass" in value));
  const verdict = candidates.at(-1);
  if (!verdict) return null;
  const score = typeof verdict.score === "number" && Number.isFinite(verdict.score) ? verdict.score : null;
  return { score, pass: typeof verdict.pass === "boolean" ? verdict.pass : null, reason: typeof verdict.reason === "string" ? verdict.reason : "" };
}

export async function judgeRubric(spec: AssertionSpec, output: string, io: JudgeIO): Promise<Verdict> {
  const model = spec.model ?? io.judgeModel;
  if (!model) return { error: "No judge model: name one on the assertion (model) or the test run (judge_model)." };
  const scale = spec.scale ?? "0-1";
  const messages = rubricPrompt(spec.value as string, output, scale);
  const reply = await io.judge(model, messages);
  const details = { judge: { model, prompt: messages, reply: reply.slice(0, 4_000) } };
  const verdict = parseJudgeReply(reply);
  if (!verdict || (verdict.score === null && verdict.pass === null)) return { error: "The judge did not answer with {reason, pass, score}.", details };
  const [low, high] = scale === "1-5" ? [1, 5] : [0, 1];
  if (verdict.score !== null && (verdict.score < low || verdict.score > high)) return { error: `The judge's score ${verdict.score} is outside ${scale}.`, details };
  // The threshold (in the scale's units) decides when given; else the judge's own pass, else the middle.
  const pass = verdict.score !== null && (spec.threshold !== undefined || verdict.pass === null) ? verdict.score >= (spec.threshold ?? (low + high) / 2) : verdict.pass!;
  const normalised = verdict.score === null ? (pass ? 1 : 0) : (verdict.score - low) / (high - low);
  const scoreText = verdict.score === null ? "" : ` (score ${verdict.score} on ${scale}${spec.threshold !== undefined ? `, pass mark ${spec.threshold}` : ""})`;
  return { pass, score: normalised, reason: `The judge ${pass ? "passed" : "failed"} the reply${scoreText}: ${verdict.reason || "no reason given"}`, details: { ...details, score: verdict.score } };
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) throw new Error(`embeddings of ${a.length} and ${b.length} dimensions cannot be compared`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index++) {
    dot += a[index]! * b[index]!;
    normA += a[index]! ** 2;
    normB += b[index]! ** 2;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

export async function similarity(spec: AssertionSpec, output: string, io: JudgeIO): Promise<Verdict> {
  const model = spec.model ?? io.embeddingModel;
  if (!model) return { error: "No embedding model is configured for similarity (ATELIER_EMBEDDING_MODEL, or model on the assertion)." };
  const [expected, actual] = await io.embed(model, [spec.value as string, output]);
  if (!expected || !actual) return { error: "The embedding model returned fewer vectors than asked for." };
  const score = Math.round(cosine(expected, actual) * 1e4) / 1e4;
  const threshold = spec.threshold ?? SIMILAR_THRESHOLD;
  return { pass: score >= threshold, score: Math.max(0, score), reason: `Similarity to the expected answer is ${score} (pass mark ${threshold}).`, details: { model } };
}
